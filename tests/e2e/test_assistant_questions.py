"""Browser (acceptance): with no model configured, an agent asks a question about the starter
sheets (loaded as `make run` does), gets the labelled extractive answer with numbered sources
linking to the documents, gives feedback, and deletes the conversation. axe on each page."""

from __future__ import annotations

import shutil

import pytest

from socle.assistant.search import store
from socle.assistant.starter import fiches_dir, load_starter
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
SHEETS = ["accessibilite-rgaa.md", "sauvegardes.md", "registre-traitements.md",
          "hameconnage.md", "proces-verbal-conseil.md"]


@pytest.fixture
def starter(settings, tmp_path, territory):
    settings.SOCLE_LLM_BASE_URL = ""
    settings.SOCLE_LLM_MODEL = ""
    settings.SOCLE_EMBEDDINGS_BASE_URL = ""
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    # A few sheets, loaded as `make run` loads them all: embedding the 71 takes minutes here.
    sheets = tmp_path / "fiches"
    sheets.mkdir()
    for name in SHEETS:
        shutil.copy(fiches_dir() / name, sheets / name)
    collection, _report = load_starter(directory=sheets)
    yield collection
    store.forget()


def test_agent_asks_a_question_and_gets_an_extractive_answer(browsing, starter, agent_a,
                                                             territory):
    sign_in(browsing, agent_a)
    page = browsing.page
    browsing.visit(f"/assistant/questions/collectivites/{territory.a.pk}/")
    assert "Aucun modèle de langage n'est configuré" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Votre question").fill("Comment publier la déclaration d'accessibilité "
                                             "du site selon le RGAA ?")
    page.get_by_role("button", name="Poser la question").click()
    page.wait_for_load_state("load")
    browsing.check_budgets()
    main = page.locator("main")
    assert "Réponse extractive" in main.inner_text()
    sources = page.locator("ol.sources > li")
    assert sources.count() >= 1
    first = sources.first
    assert first.inner_text().startswith("[1]")
    assert first.locator("blockquote").count() >= 1
    link = first.locator("a").first
    title = link.inner_text()
    assert_accessible(page)

    # Feedback (a plain form inside <details>).
    page.get_by_text("Donner votre avis sur cette réponse").click()
    page.get_by_label("👍 Utile").check()
    page.get_by_label("Commentaire (facultatif)").first.fill("Clair.")
    page.get_by_role("button", name="Envoyer l'avis").click()
    page.wait_for_load_state("load")
    assert "Merci, votre avis est enregistré." in main.inner_text()
    assert "Votre avis : Utile" in main.inner_text()

    # The source links to the document page of the knowledge base.
    page.locator("ol.sources > li").first.locator("a").first.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == title
    page.go_back()

    # The plain-French page.
    browsing.visit(f"/assistant/questions/collectivites/{territory.a.pk}/a-propos/")
    assert "Les décisions restent humaines" in page.locator("main").inner_text()
    assert_accessible(page)

    # Delete the conversation (confirmation page, POST).
    browsing.visit(f"/assistant/questions/collectivites/{territory.a.pk}/")
    page.locator("main table a").first.click()
    page.get_by_role("link", name="Supprimer cette conversation").click()
    assert_accessible(page)
    page.get_by_role("button", name="Supprimer définitivement").click()
    page.wait_for_load_state("load")
    assert "Conversation supprimée." in page.locator("main").inner_text()
    assert "Aucune conversation pour l'instant" in page.locator("main").inner_text()
