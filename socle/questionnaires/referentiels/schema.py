"""The referential as frozen data: themes, questions, answer types and answers.

Pure Python, no Django: the scoring engine and its tests need nothing else. Answers are keyed
by question id (``"cyber.sauvegardes"``), which is stable across versions of a referential.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Answer types.
TERNARY = "ternary"  # oui / partiellement / non
SCALE = "scale"  # 0 to 3
NUMBER = "number"  # a count or a figure, scored against thresholds
CHOICE = "choice"  # one option among several, each with its score
TYPES = (TERNARY, SCALE, NUMBER, CHOICE)

# Kinds of answer: a real answer, "sans objet", "je ne sais pas".
ANSWERED = "answer"
NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
KINDS = (ANSWERED, NOT_APPLICABLE, UNKNOWN)

# Form values of the two unscored answers (what a <select> or radio posts).
NOT_APPLICABLE_VALUE = "sans-objet"
UNKNOWN_VALUE = "ne-sait-pas"

TERNARY_POINTS = {"yes": 3, "partial": 1.5, "no": 0}
TERNARY_LABELS = {"yes": "Oui", "partial": "Partiellement", "no": "Non"}
SCALE_LABELS = {
    0: "0 — rien n'est en place",
    1: "1 — des initiatives ponctuelles",
    2: "2 — en place mais incomplet",
    3: "3 — en place, suivi et à jour",
}
LEVEL_LABELS = {1: "Socle", 2: "Intermédiaire", 3: "Avancé"}
SIZE_LABELS = {1: "Faible", 2: "Moyen", 3: "Fort"}
MAX_POINTS = 3


@dataclass(frozen=True)
class AnswerValue:
    """One answer: its kind and, for a real answer, the raw value (str for ternary and choice,
    int for scale, float for number). Stored by callers as ``as_dict()``."""

    kind: str
    raw: str | int | float | None = None

    @classmethod
    def of(cls, raw: str | int | float) -> AnswerValue:
        return cls(ANSWERED, raw)

    @classmethod
    def not_applicable(cls) -> AnswerValue:
        return cls(NOT_APPLICABLE)

    @classmethod
    def unknown(cls) -> AnswerValue:
        return cls(UNKNOWN)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "raw": self.raw}

    @classmethod
    def from_dict(cls, data: Mapping) -> AnswerValue:
        kind = data.get("kind")
        if kind not in KINDS:
            raise ValueError(f"Type de réponse inconnu : {kind!r}")
        return cls(kind, data.get("raw") if kind == ANSWERED else None)


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: float  # 0 to 3


@dataclass(frozen=True)
class Question:
    id: str
    theme: str
    text: str
    help: str
    type: str
    weight: int
    level: int
    action_title: str
    action_text: str
    impact: int
    effort: int
    sheets: tuple[str, ...]
    legal: str = ""
    allow_not_applicable: bool = False
    options: tuple[Option, ...] = ()
    thresholds: tuple[float, ...] = ()
    higher_is_better: bool = True
    unit: str = ""
    parent: str | None = None
    open_when: tuple[str, ...] = ()
    order: int = 0

    @property
    def is_sub_question(self) -> bool:
        return self.parent is not None

    def choices(self) -> list[tuple[str, str]]:
        """(form value, French label) of the real answers, then the unscored ones."""
        if self.type == TERNARY:
            values = list(TERNARY_LABELS.items())
        elif self.type == SCALE:
            values = [(str(k), v) for k, v in SCALE_LABELS.items()]
        elif self.type == CHOICE:
            values = [(o.id, o.label) for o in self.options]
        else:
            values = []
        if self.allow_not_applicable:
            values.append((NOT_APPLICABLE_VALUE, "Sans objet pour notre collectivité"))
        values.append((UNKNOWN_VALUE, "Je ne sais pas"))
        return values

    def parse(self, text: str) -> AnswerValue:
        """The AnswerValue of a posted form value; ValueError with a French message if invalid."""
        text = (text or "").strip()
        if text == UNKNOWN_VALUE:
            return AnswerValue.unknown()
        if text == NOT_APPLICABLE_VALUE:
            if not self.allow_not_applicable:
                raise ValueError("« Sans objet » n'est pas possible pour cette question.")
            return AnswerValue.not_applicable()
        if self.type == NUMBER:
            try:
                value = float(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))
            except ValueError:
                raise ValueError("Indiquez un nombre (par exemple 3).") from None
            if value < 0 or value != value or value in (float("inf"),):
                raise ValueError("Indiquez un nombre positif ou nul.")
            return AnswerValue.of(value)
        allowed = {v for v, _label in self.choices()}
        if text not in allowed:
            raise ValueError("Choisissez une des réponses proposées.")
        return AnswerValue.of(int(text) if self.type == SCALE else text)

    def points(self, raw) -> float | None:
        """Points from 0 to 3 of a real answer, None if the raw value is not valid here."""
        if self.type == TERNARY:
            return TERNARY_POINTS.get(raw) if isinstance(raw, str) else None
        if self.type == SCALE:
            ok = isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 3
            return float(raw) if ok else None
        if self.type == CHOICE:
            return next((o.points for o in self.options if o.id == raw), None)
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < 0:
            return None
        if self.higher_is_better:
            reached = sum(1 for t in self.thresholds if raw >= t)
        else:
            reached = sum(1 for t in self.thresholds if raw <= t)
        return MAX_POINTS * reached / len(self.thresholds)

    def opened_by(self, answer: AnswerValue | None) -> bool:
        """Whether the parent's answer opens this sub-question."""
        if answer is None or answer.kind != ANSWERED:
            return False
        return str(answer.raw) in self.open_when


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Referential:
    slug: str
    version: int
    title: str
    description: str
    published: str
    changes: str
    min_scored_per_theme: int
    themes: tuple[Theme, ...]
    path: str = ""
    _by_id: Mapping[str, Question] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self):
        index = {q.id: q for t in self.themes for q in t.questions}
        object.__setattr__(self, "_by_id", MappingProxyType(index))

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for t in self.themes for q in t.questions)

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def sub_questions(self, question_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.parent == question_id)

    def is_open(self, question: Question, answers: Mapping[str, AnswerValue]) -> bool:
        """A top-level question is always open; a sub-question when its parent is open and
        answered with one of the values that open it."""
        while question.parent is not None:
            if not question.opened_by(answers.get(question.parent)):
                return False
            question = self._by_id[question.parent]
        return True

    @property
    def sheet_slugs(self) -> frozenset[str]:
        return frozenset(s for q in self.questions for s in q.sheets)
