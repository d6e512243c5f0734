"""Browser (acceptance): with no model configured, an agent searches the starter sheets (the
shared "Fiches de bonnes pratiques", loaded by the loader `make run` uses) and sees highlighted
passages; an off-topic search says no reliable source was found. axe on the search and document
pages. A handful of the shipped sheets keeps the in-process embedding short."""

from __future__ import annotations

import shutil

import pytest

from socle.assistant.search import store
from socle.assistant.starter import STARTER_NAME, fiches_dir, load_starter
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
SHEETS = ["accessibilite-rgaa.md", "sauvegardes.md", "mots-de-passe-mfa.md",
          "open-data.md", "registre-traitements.md", "wifi-mairie.md"]


@pytest.fixture
def starter(settings, tmp_path, territory):
    settings.SOCLE_EMBEDDINGS_BASE_URL = ""
    settings.SOCLE_ASSISTANT_INDEX_DIR = tmp_path / "index"
    store.forget()
    sheets = tmp_path / "fiches"
    sheets.mkdir()
    for name in SHEETS:
        shutil.copy(fiches_dir() / name, sheets / name)
    collection, _report = load_starter(directory=sheets)
    yield collection
    store.forget()


def test_agent_searches_the_starter_sheets(browsing, starter, agent_a, territory):
    sign_in(browsing, agent_a)
    page = browsing.page
    page.set_default_timeout(30_000)  # the first search loads the embedding model
    browsing.visit("/assistant/")
    assert page.url.endswith(f"/assistant/collectivites/{territory.a.pk}/")
    assert STARTER_NAME in page.locator("main").inner_text()
    page.get_by_label("Votre recherche").fill("accessibilité du site RGAA")
    page.get_by_role("button", name="Chercher").click()
    results = page.locator("#search-results")
    results.get_by_role("heading", name="Résultats pour « accessibilité du site RGAA »") \
        .wait_for()
    browsing.check_budgets()
    first = results.locator("li").first
    assert "RGAA" in first.locator("h3").inner_text() or "accessib" in \
        first.locator("h3").inner_text().lower()
    assert first.locator("mark").count() >= 1
    assert "Aucune source fiable" not in results.inner_text()
    assert_accessible(page)

    # Without JavaScript the same form works as a plain GET (the URL carries the query).
    browsing.visit(f"/assistant/collectivites/{territory.a.pk}/?q=recette+du+g%C3%A2teau+au+"
                   "chocolat&mode=hybrid")
    assert "Aucune source fiable" in page.locator("#search-results").inner_text()

    browsing.visit(f"/assistant/collectivites/{territory.a.pk}/?q=sauvegarde+hors+ligne")
    first_link = page.locator("#search-results li h3 a").first
    title = first_link.inner_text()
    first_link.click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == title
    assert page.locator("section.card").count() >= 1
    assert_accessible(page)
