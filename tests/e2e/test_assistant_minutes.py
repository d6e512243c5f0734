"""Browser (acceptance, no model configured): an agent uploads the demo transcript with its agenda
and attendance list, sees speakers and topics, edits the draft, validates it, downloads the ODT.
axe on the list, the form and the draft."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "socle" / "data" / "assistant" / "demo"


def test_agent_drafts_edits_validates_and_downloads(browsing, agent_a, territory, settings):
    settings.SOCLE_LLM_BASE_URL = ""
    settings.SOCLE_LLM_MODEL = ""
    sign_in(browsing, agent_a)
    page = browsing.page
    page.set_default_timeout(60_000)  # a loaded shared machine: the first page imports a lot
    browsing.visit(f"/assistant/proces-verbaux/collectivites/{territory.a.pk}/")
    assert "Aucun procès-verbal pour l'instant" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Préparer un procès-verbal").click()
    browsing.check_budgets()
    assert_accessible(page)
    page.get_by_label("Fichier de transcription").set_input_files(
        str(DEMO / "conseil-municipal.vtt"))
    page.get_by_label("Ordre du jour (facultatif)").fill(
        (DEMO / "conseil-municipal.ordre-du-jour.txt").read_text(encoding="utf-8"))
    page.get_by_label("Liste de présence (facultatif)").fill(
        (DEMO / "conseil-municipal.presences.txt").read_text(encoding="utf-8"))
    page.get_by_role("button", name="Analyser la transcription").click()
    browsing.check_budgets()
    main = page.locator("main")
    assert "Projet de procès-verbal prêt" in main.inner_text()
    speakers = page.get_by_role("table", name="Intervenants et temps de parole")
    assert "Anne Exemple" in speakers.inner_text() and "2:18" in speakers.inner_text()
    topics = page.get_by_role("table", name="Points abordés et résumé du débat")
    assert "Tarifs de la cantine scolaire" in topics.inner_text()
    assert "3:14" in topics.inner_text()
    assert "11 pour, 1 contre, 1 abstention(s)" in main.inner_text()
    assert_accessible(page)

    text = page.get_by_label("Procès-verbal (modifiable)")
    draft = text.input_value()
    assert draft.startswith("PROJET — À RELIRE ET VALIDER")
    text.fill(draft.replace("[à compléter ou « point d'information sans vote »]",
                            "Point d'information, sans vote.", 1))
    page.get_by_role("button", name="Enregistrer").click()
    browsing.check_budgets()
    assert "Procès-verbal enregistré" in main.inner_text()
    page.get_by_role("button", name="Valider le procès-verbal").click()
    browsing.check_budgets()
    assert "Procès-verbal validé" in main.inner_text()
    assert page.get_by_label("Procès-verbal (modifiable)").count() == 0
    assert "Point d'information, sans vote." in main.inner_text()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="ODT (LibreOffice)").click()
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    document = load(io.BytesIO(Path(info.value.path()).read_bytes()))
    lines = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert "Point d'information, sans vote." in "\n".join(lines)
