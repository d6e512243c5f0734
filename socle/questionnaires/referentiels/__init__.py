"""Domain engine of the self-assessment referentials: versioned TOML files, strict loading,
scores and gaps. Pure Python (Django only for the data folder's location).

Public API, used by the campaigns (part B)::

    from socle.questionnaires import referentiels as refs
    ref = refs.load("maturite-numerique")           # latest version; load(slug, 1) for v1
    answers = {"cyber.sauvegardes": refs.AnswerValue.of("yes")}
    report = refs.score(ref, answers)               # ScoreReport, per theme and overall
    actions = refs.gaps(ref, answers)               # list[Gap], highest priority first
"""

from .loader import (
    REFERENTIALS_DIR,
    SHEETS_DIR,
    ReferentialError,
    available,
    clear_cache,
    load,
    load_all,
    sheet_slugs,
)
from .schema import (
    ANSWERED,
    LEVEL_LABELS,
    NOT_APPLICABLE,
    NOT_APPLICABLE_VALUE,
    SIZE_LABELS,
    UNKNOWN,
    UNKNOWN_VALUE,
    AnswerValue,
    Option,
    Question,
    Referential,
    Theme,
)
from .scoring import Gap, ScoreReport, ThemeScore, gaps, score

DEFAULT_SLUG = "maturite-numerique"

__all__ = [
    "ANSWERED", "DEFAULT_SLUG", "LEVEL_LABELS", "NOT_APPLICABLE", "NOT_APPLICABLE_VALUE",
    "REFERENTIALS_DIR", "SHEETS_DIR", "SIZE_LABELS", "UNKNOWN", "UNKNOWN_VALUE", "AnswerValue",
    "Gap", "Option", "Question", "Referential", "ReferentialError", "ScoreReport", "Theme",
    "ThemeScore", "available", "clear_cache", "gaps", "load", "load_all", "score", "sheet_slugs",
]
