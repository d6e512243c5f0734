"""The RGESN V2 referential (78 criteria in 9 themes) and its scoring.

Score of a service = criteria met ÷ applicable criteria (every criterion not marked "not
applicable"); a criterion with no answer yet counts as applicable and not met, so an unfinished
assessment never looks better than it is. Same rule per theme.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DATA = Path(settings.BASE_DIR) / "socle" / "data" / "sobriete" / "rgesn" / "rgesn-v2.json"

MET, NOT_MET, NOT_APPLICABLE, IN_PROGRESS = "met", "not_met", "na", "in_progress"


@dataclass(frozen=True)
class Criterion:
    number: str  # "1.1"
    theme: str  # "Stratégie"
    question: str
    priority: str
    difficulty: str
    objective: str
    control: str


@lru_cache(maxsize=1)
def criteria() -> tuple[Criterion, ...]:
    with DATA.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    return tuple(
        Criterion(
            number=row["numero"], theme=row["thematique"], question=row["critere"],
            priority=row.get("priorite", ""), difficulty=row.get("difficulte", ""),
            objective=row.get("objectif", ""), control=row.get("controle", ""),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def themes() -> tuple[str, ...]:
    """Theme names in the referential's order."""
    seen: dict[str, None] = {}
    for criterion in criteria():
        seen.setdefault(criterion.theme, None)
    return tuple(seen)


def criterion_numbers() -> frozenset[str]:
    return frozenset(c.number for c in criteria())


def theme_slug(theme: str) -> str:
    return str(themes().index(theme) + 1)


@dataclass(frozen=True)
class Score:
    met: int
    applicable: int
    answered: int
    total: int

    @property
    def percent(self) -> int | None:
        """Rounded percentage, None when nothing is applicable."""
        if not self.applicable:
            return None
        return round(100 * self.met / self.applicable)


def score(statuses: dict[str, str], theme: str | None = None) -> Score:
    """Score of one service from {criterion number: status}, optionally restricted to a theme."""
    selected = [c for c in criteria() if theme is None or c.theme == theme]
    met = sum(1 for c in selected if statuses.get(c.number) == MET)
    not_applicable = sum(1 for c in selected if statuses.get(c.number) == NOT_APPLICABLE)
    answered = sum(1 for c in selected if c.number in statuses)
    return Score(met=met, applicable=len(selected) - not_applicable, answered=answered,
                 total=len(selected))


def scores_by_theme(statuses: dict[str, str]) -> list[tuple[str, Score]]:
    return [(theme, score(statuses, theme)) for theme in themes()]
