"""Browser (acceptance of the external diagnostic): an operator of the demo-like territory sees
the map with markers coloured by level and the table; a member (agent) opens its report and
sees the checks and the good-practice sheet; the public page. axe on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from socle.diagnostic.management.commands import load_demo_diagnostic as demo
from socle.diagnostic.models import Presence, Scan
from socle.questionnaires import referentiels
from socle.questionnaires.fiches.content import parse_sheet
from socle.questionnaires.fiches.services import sheets_load
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def scanned(territory):
    """Every member scanned by the demo scenarios; A's latest scan has no DMARC record."""
    demo.demo_diagnostic_load()
    latest = Scan.objects.filter(collectivite=territory.a).first()
    latest.delete()
    facts = demo.build_facts("alboussiere", {"dmarc": None}, dt.date.today())
    demo._store(territory.a, facts, timezone.now())
    themes = {parse_sheet(p).theme for p in referentiels.SHEETS_DIR.glob("*.md")}
    sheets_load(folder=referentiels.SHEETS_DIR, themes=themes)
    return territory


def test_operator_sees_the_map_and_the_table(browsing, operateur, scanned):
    sign_in(browsing, operateur)
    page = browsing.page
    browsing.visit("/diagnostic/")
    page.wait_for_selector("#carte-diagnostic[data-loaded]")
    markers = page.locator("#carte-diagnostic path.diag-marker")
    assert markers.count() == 3  # the three communes; the EPCI has no point of its own
    levels = {page.locator("#carte-diagnostic path.diag-marker").nth(i).get_attribute("class")
              for i in range(3)}
    assert all("diag-level-" in css for css in levels)
    table = page.locator("table", has_text="Collectivités membres et leur dernier niveau")
    for name in ("Alboussière (07005)", "Boffres (07036)", "Champis (07050)",
                 "CC du Val Fictif"):
        assert table.get_by_role("link", name=name).count() == 1
    assert page.get_by_text("1 — à renforcer :").count() == 1  # the text legend
    assert_accessible(page)

    # A popup names the commune and its level, with the link to its report.
    markers.first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Niveau RCPNT" in popup.inner_text()

    # A département: its communes are drawn, the members coloured.
    browsing.visit("/diagnostic/?departement=07")
    page.wait_for_selector("#carte-diagnostic[data-loaded]")
    assert page.locator("#carte-diagnostic path.diag-commune").count() == 3
    assert_accessible(page)


def test_agent_reads_the_report_and_its_good_practice_sheet(browsing, agent_a, scanned):
    sign_in(browsing, agent_a)
    page = browsing.page
    browsing.visit(f"/diagnostic/collectivites/{scanned.a.pk}/")
    main = page.locator("main")
    assert "Niveau RCPNT : 1 — à renforcer" in main.inner_text()
    checks = page.locator("table", has_text="Résultats : Messagerie (référentiel RCPNT)")
    row = checks.locator("tr", has_text="rcpnt.2.6")
    assert "Non conforme" in row.inner_text()
    assert "Ce qui a changé depuis l'analyse précédente" in main.inner_text()
    assert_accessible(page)

    row.get_by_role("link", name="Fiche bonne pratique").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/fiches/sensibilisation-cyber/")
    assert "Sensibiliser agents et élus" in page.locator("h1").inner_text()


def test_the_public_page_shows_only_the_members_that_opted_in(browsing, scanned):
    Presence.objects.update(public=False)
    Presence.objects.filter(collectivite=scanned.b).update(public=True)
    page = browsing.page
    browsing.visit("/diagnostic/public/")
    page.wait_for_selector("#carte-diagnostic[data-loaded]")
    assert page.locator("#carte-diagnostic path.diag-marker").count() == 1
    text = page.locator("main").inner_text()
    assert "Boffres (07036)" in text and "Alboussière" not in text
    assert_accessible(page)
