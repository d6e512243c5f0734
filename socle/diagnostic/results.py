"""What a check returns, and the statuses it may take."""

from __future__ import annotations

from dataclasses import asdict, dataclass

PASS = "pass"  # noqa: S105 (a status, not a password)
FAIL = "fail"
WARNING = "warning"
NOT_APPLICABLE = "not_applicable"
ERROR = "error"  # "could not test": never counted as a failure
STATUSES = (PASS, FAIL, WARNING, NOT_APPLICABLE, ERROR)


@dataclass(frozen=True)
class CheckResult:
    id: str
    family: str
    status: str
    evidence: str
    explanation_fr: str
    remedy_fr: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def result(
    check_id: str, family: str, status: str, evidence: str, explanation: str, remedy: str = ""
) -> CheckResult:
    assert status in STATUSES, status
    return CheckResult(
        check_id, family, status, evidence, explanation, remedy if status != PASS else ""
    )
