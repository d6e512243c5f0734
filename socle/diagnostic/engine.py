"""One scan: collect facts (network), rate them (pure), score them. Used by the CLI and, later,
by the task that scans every member."""

from __future__ import annotations

from socle.diagnostic import checks, scoring
from socle.diagnostic.collector import ScanConfig, collect
from socle.diagnostic.results import CheckResult


def normalise_target(target: str) -> str:
    """Keep a declared URL as given; a bare domain stays bare (RCPNT 1.8 is then not applicable)."""
    return target.strip()


def scan(target: str = "", *, email: str = "", config: ScanConfig | None = None) -> dict:
    config = config or ScanConfig()
    facts = collect(config, url=normalise_target(target), email=email.strip().lower())
    results = checks.rate(facts)
    return report(results)


def report(results: list[CheckResult]) -> dict:
    return {
        "checks": [r.as_dict() for r in results],
        "scores": scoring.scores(results),
        "rcpnt_level": scoring.rcpnt_level(results),
    }
