"""Scores (per criterion, family, declared/tested, overall) and the RCPNT 0/1/2 level.

A criterion is worth 1 when it passes, 0.5 on a warning, 0 on a failure; "not applicable" and
"error" (could not test) are left out of the denominator. A score is a whole percentage, or
``None`` when nothing could be rated. See docs/diagnostic.md.
"""

from __future__ import annotations

from collections import defaultdict

from socle.diagnostic.checks import DECLARED
from socle.diagnostic.results import FAIL, PASS, WARNING, CheckResult

POINTS = {PASS: 1.0, WARNING: 0.5, FAIL: 0.0}
RCPNT_ESSENTIAL = ("rcpnt.1.1", "rcpnt.1.3", "rcpnt.1.4", "rcpnt.2.1", "rcpnt.2.2")
LEVEL_LABELS = {0: "à risque", 1: "à renforcer", 2: "conforme"}


def criterion_points(check: CheckResult) -> float | None:
    return POINTS.get(check.status)


def _percent(checks: list[CheckResult]) -> int | None:
    points = [p for p in map(criterion_points, checks) if p is not None]
    return round(100 * sum(points) / len(points)) if points else None


def rcpnt_level(checks: list[CheckResult]) -> int:
    """0 « à risque » when an essential criterion fails, 2 « conforme » when all 16 pass, else 1."""
    by_id = {c.id: c.status for c in checks if c.id.startswith("rcpnt.")}
    if any(by_id.get(cid) == FAIL for cid in RCPNT_ESSENTIAL):
        return 0
    if len(by_id) == 16 and all(status == PASS for status in by_id.values()):
        return 2
    return 1


def scores(checks: list[CheckResult]) -> dict:
    families: dict[str, list[CheckResult]] = defaultdict(list)
    for check in checks:
        families[check.family].append(check)
    level = rcpnt_level(checks)
    return {
        "criteria": {c.id: criterion_points(c) for c in checks},
        "families": {name: _percent(items) for name, items in families.items()},
        "declared": _percent([c for c in checks if c.id in DECLARED]),
        "tested": _percent([c for c in checks if c.id not in DECLARED]),
        "rcpnt": _percent([c for c in checks if c.id.startswith("rcpnt.")]),
        "overall": _percent(checks),
        "rcpnt_level_label": LEVEL_LABELS[level],
    }
