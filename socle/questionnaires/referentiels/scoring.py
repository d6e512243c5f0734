"""Maturity scores and gaps. The method is documented in docs/questionnaires-method.md; a test
checks the worked example of that page.

In short: each real answer earns 0 to 3 points, times the question's weight; a theme's score is
its points over its maximum, on 100. "Sans objet" and "je ne sais pas" are counted but not
scored; a sub-question counts only when its parent's answer opens it; a theme with fewer scored
questions than the referential's minimum has no score (``None``) and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .schema import (
    ANSWERED,
    MAX_POINTS,
    NOT_APPLICABLE,
    UNKNOWN,
    AnswerValue,
    Question,
    Referential,
    Theme,
)


@dataclass(frozen=True)
class ThemeScore:
    theme: Theme
    score: float | None  # 0–100, one decimal; None when too few questions were scored
    reason: str  # why the score is None, else ""
    points: float
    max_points: float
    scored: int  # real answers counted
    not_applicable: int
    unknown: int
    missing: int  # open questions with no answer (or an invalid one)
    open_questions: int  # questions counted at all: top-level ones and opened sub-questions


@dataclass(frozen=True)
class ScoreReport:
    referential_slug: str
    referential_version: int
    themes: tuple[ThemeScore, ...]
    overall: float | None  # mean of the theme scores; None unless half the themes have one
    overall_reason: str
    ignored: tuple[str, ...]  # ids answered but unknown to this version or not opened

    def theme(self, theme_id: str) -> ThemeScore:
        return next(t for t in self.themes if t.theme.id == theme_id)

    @property
    def complete(self) -> bool:
        return all(t.missing == 0 for t in self.themes)

    @property
    def answered(self) -> int:
        return sum(t.scored + t.not_applicable + t.unknown for t in self.themes)


@dataclass(frozen=True)
class Gap:
    question: Question
    title: str
    text: str
    impact: int  # 1 low … 3 high
    effort: int  # 1 low … 3 high
    priority: int  # 1 = to do first
    points: float  # the points the answer earned, 0 to 3
    sheets: tuple[str, ...]


def _round1(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _points(ref: Referential, question: Question, answers: Mapping[str, AnswerValue]):
    """(kind, points): kind is ANSWERED, NOT_APPLICABLE, UNKNOWN or None for missing."""
    answer = answers.get(question.id)
    if answer is None:
        return None, None
    if answer.kind == NOT_APPLICABLE and question.allow_not_applicable:
        return NOT_APPLICABLE, None
    if answer.kind == UNKNOWN:
        return UNKNOWN, None
    if answer.kind == ANSWERED:
        points = question.points(answer.raw)
        if points is not None:
            return ANSWERED, points
    return None, None  # invalid for this question: counted as missing


def score_theme(ref: Referential, theme: Theme, answers: Mapping[str, AnswerValue]) -> ThemeScore:
    counts = {ANSWERED: 0, NOT_APPLICABLE: 0, UNKNOWN: 0, None: 0}
    points = max_points = 0.0
    open_questions = 0
    for question in theme.questions:
        if not ref.is_open(question, answers):
            continue
        open_questions += 1
        kind, earned = _points(ref, question, answers)
        counts[kind] += 1
        if kind == ANSWERED:
            points += earned * question.weight
            max_points += MAX_POINTS * question.weight
    minimum = ref.min_scored_per_theme
    if counts[ANSWERED] < minimum:
        value = None
        reason = (f"Trop peu de réponses notées : {counts[ANSWERED]} pour {minimum} "
                  f"au minimum (« sans objet » et « je ne sais pas » ne sont pas notés).")
    else:
        value, reason = _round1(100 * points / max_points), ""
    return ThemeScore(theme=theme, score=value, reason=reason, points=points,
                      max_points=max_points, scored=counts[ANSWERED],
                      not_applicable=counts[NOT_APPLICABLE], unknown=counts[UNKNOWN],
                      missing=counts[None], open_questions=open_questions)


def score(referential: Referential, answers: Mapping[str, AnswerValue]) -> ScoreReport:
    """Scores of one set of answers against the version of the referential they were given in."""
    themes = tuple(score_theme(referential, t, answers) for t in referential.themes)
    values = [t.score for t in themes if t.score is not None]
    needed = (len(themes) + 1) // 2
    if len(values) < needed:
        overall = None
        reason = (f"Score global non calculé : {len(values)} thème(s) noté(s) sur "
                  f"{len(themes)}, il en faut au moins {needed}.")
    else:
        overall = _round1(sum(values) / len(values))
        reason = "" if len(values) == len(themes) else (
            f"Score global calculé sur {len(values)} thèmes sur {len(themes)}.")
    ignored = tuple(sorted(
        qid for qid in answers
        if not referential.has_question(qid)
        or not referential.is_open(referential.question(qid), answers)
    ))
    return ScoreReport(referential.slug, referential.version, themes, overall, reason, ignored)


def gaps(referential: Referential, answers: Mapping[str, AnswerValue]) -> list[Gap]:
    """Every open question whose real answer earned less than full points, as an action,
    ordered by impact (high first), then effort (low first), then weight, then question order."""
    found = []
    for question in referential.questions:
        if not referential.is_open(question, answers):
            continue
        kind, earned = _points(referential, question, answers)
        if kind == ANSWERED and earned < MAX_POINTS:
            found.append((question, earned))
    found.sort(key=lambda item: (-item[0].impact, item[0].effort, -item[0].weight, item[0].order))
    return [
        Gap(question=q, title=q.action_title, text=q.action_text, impact=q.impact,
            effort=q.effort, priority=rank, points=earned, sheets=q.sheets)
        for rank, (q, earned) in enumerate(found, start=1)
    ]
