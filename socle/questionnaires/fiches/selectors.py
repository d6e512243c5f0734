"""Reads of sheets and feedback. Part B calls ``sheets_for_gap`` / ``sheets_by_slug`` to link
each action of a plan to its sheets."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from socle.territoires.models import search_key

from .. import referentiels
from .content import SHEET_ONLY_THEMES
from .models import FieldFeedback, GoodPracticeSheet


def theme_choices() -> list[tuple[str, str]]:
    """(theme id, title) of the themes of the latest version of every referential."""
    seen: dict[str, str] = {}
    for slug in referentiels.available():
        for theme in referentiels.load(slug).themes:
            seen.setdefault(theme.id, theme.title)
    for theme_id, label in SHEET_ONLY_THEMES.items():
        seen.setdefault(theme_id, str(label))
    return list(seen.items())


def theme_label(theme_id: str) -> str:
    return dict(theme_choices()).get(theme_id, theme_id)


def sheet_search(*, user, query: str = "", theme: str = "") -> QuerySet[GoodPracticeSheet]:
    sheets = GoodPracticeSheet.objects.visible_to(user)
    if theme:
        sheets = sheets.filter(theme=theme)
    for word in search_key(query).split()[:8]:
        sheets = sheets.filter(search_text__contains=word)
    return sheets.order_by("theme", "title")


def sheets_by_slug(slugs: Iterable[str]) -> dict[str, GoodPracticeSheet]:
    """{slug: sheet} of the published sheets among ``slugs`` (one query for a whole plan)."""
    wanted = set(slugs)
    return {s.slug: s for s in GoodPracticeSheet.objects.filter(slug__in=wanted, is_active=True)}


def sheets_for_gap(gap) -> list[GoodPracticeSheet]:
    """The sheets of a ``referentiels.Gap`` (or anything with ``sheets``), in its order."""
    found = sheets_by_slug(gap.sheets)
    return [found[slug] for slug in gap.sheets if slug in found]


def sheet_feedback(*, user, sheet: GoodPracticeSheet) -> QuerySet[FieldFeedback]:
    """Feedback on a sheet that the user may read: published ones, and their collectivités'."""
    return (FieldFeedback.objects.visible_to(user).filter(sheet=sheet)
            .select_related("collectivite", "author").order_by("-created_at", "-id"))


def pending_feedback(*, user) -> QuerySet[FieldFeedback]:
    return (FieldFeedback.objects.visible_to(user).pending()
            .select_related("collectivite", "author", "sheet").order_by("created_at", "id"))


def questions_for_sheet(slug: str) -> list:
    """Questions of the latest referentials whose recommendation leads to this sheet."""
    return [q for ref_slug in referentiels.available()
            for q in referentiels.load(ref_slug).questions if slug in q.sheets]
