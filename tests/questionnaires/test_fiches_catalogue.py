"""The shipped catalogue of good-practice sheets: size, themes, structure, unique titles."""

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from socle.questionnaires import referentiels as refs
from socle.questionnaires.fiches import selectors
from socle.questionnaires.fiches.content import SHEET_ONLY_THEMES, parse_sheet
from socle.questionnaires.fiches.models import GoodPracticeSheet

# Issue 7, section 7: cyber hygiene, GDPR, responsible digital, digital inclusion, AI use and
# council procedure must each be covered.
REQUIRED_THEMES = ("cyber", "rgpd", "responsable", "inclusion", "ia", "conseil")
REQUIRED_SECTIONS = ("De quoi s'agit-il ?", "Pourquoi c'est important", "Comment faire",
                     "Ordre de grandeur du coût", "Qui peut aider", "Sources")
HEADING_RE = re.compile(r"^## (.+)$", re.MULTILINE)


def shipped_sheets():
    return [parse_sheet(path) for path in sorted(Path(refs.SHEETS_DIR).glob("*.md"))]


@pytest.fixture
def loaded(db):
    call_command("load_referentiels", stdout=io.StringIO())
    return GoodPracticeSheet.objects.filter(is_active=True)


def test_at_least_sixty_sheets_load(loaded):
    assert loaded.count() == len(shipped_sheets()) >= 60


def test_every_theme_of_the_issue_has_several_sheets(loaded):
    counts = Counter(loaded.values_list("theme", flat=True))
    for theme in REQUIRED_THEMES:
        assert counts[theme] >= 5, theme


def test_every_sheet_has_the_required_sections_and_a_summary():
    for sheet in shipped_sheets():
        headings = HEADING_RE.findall(sheet.body_markdown)
        for section in REQUIRED_SECTIONS:
            assert any(h.startswith(section) for h in headings), (sheet.slug, section)
        assert len(sheet.summary) >= 40, sheet.slug
        assert re.search(r"^1\. ", sheet.body_markdown, re.MULTILINE), sheet.slug


def test_no_two_sheets_share_a_title():
    titles = Counter(sheet.title.casefold() for sheet in shipped_sheets())
    assert [title for title, count in titles.items() if count > 1] == []


def test_council_procedure_sheets_are_filterable_under_their_own_label(loaded, login, elu_a):
    assert dict(selectors.theme_choices())["conseil"] == str(SHEET_ONLY_THEMES["conseil"])
    page = login(elu_a).get(reverse("questionnaires:sheet-list"), {"theme": "conseil"})
    html = page.content.decode()
    assert "Convoquer le conseil municipal dans les règles" in html
    assert "Sauvegarder ses données" not in html
    detail = login(elu_a).get(reverse("questionnaires:sheet-detail", args=["quorum-conseil"]))
    assert "Fonctionnement du conseil municipal" in detail.content.decode()
