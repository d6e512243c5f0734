"""The one door between this app's pages and part A's referential engine (``referentiels``):
loading the referential a campaign pinned, turning stored answers into ``AnswerValue``s, and
scoring. Keeps the rest of the app free of the engine's import paths."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import referentiels
from .referentiels.schema import AnswerValue, Question, Referential


def referential_for(campaign) -> Referential:
    """The referential exactly as pinned at launch (a later version never changes it)."""
    return referentiels.load(campaign.referential_slug, int(campaign.referential_version))


def parse_stored(
    referential: Referential, rows: Iterable[tuple[str, str]]
) -> dict[str, AnswerValue]:
    """{question id: AnswerValue} from stored (question_id, value) pairs; empty values, unknown
    questions and values the pinned referential would refuse are left out (not scored)."""
    answers = {}
    for question_id, value in rows:
        if not value or not referential.has_question(question_id):
            continue
        try:
            answers[question_id] = referential.question(question_id).parse(value)
        except ValueError:
            continue
    return answers


def open_questions(referential: Referential, answers: Mapping[str, AnswerValue],
                   theme_id: str | None = None) -> list[Question]:
    """Questions to answer now: top-level ones and sub-questions their parent's answer opened."""
    questions = referential.theme(theme_id).questions if theme_id else referential.questions
    return [q for q in questions if referential.is_open(q, answers)]


def progress(referential: Referential, answers: Mapping[str, AnswerValue]) -> tuple[int, int]:
    """(answered, to answer) over the open questions ("don't know" counts as answered)."""
    open_ = open_questions(referential, answers)
    return sum(1 for q in open_ if q.id in answers), len(open_)


def score(referential: Referential, answers: Mapping[str, AnswerValue]):
    return referentiels.score(referential, answers)


def gaps(referential: Referential, answers: Mapping[str, AnswerValue]):
    return referentiels.gaps(referential, answers)
