"""Browser: an agent publishes open data through the real pages (a refused file with its French
row-level errors, then a valid one served at its public address); axe-core on the key pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socle.donnees.opendata import services
from tests.donnees.opendata_helpers import csv_bytes, deliberation, siret_for
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
DELIBS = "scdl/deliberations"


def test_agent_publishes_a_deliberations_file(browsing, agent_a, territory, tmp_path):
    dataset = services.dataset_create(actor=agent_a, collectivite=territory.a, data={
        "title": "Délibérations", "description": "Conseil municipal.", "owner": "Mairie",
        "sharing_level": "ouvert", "schema": DELIBS})
    siret = siret_for(territory.a.siren)
    sign_in(browsing, agent_a)
    browsing.visit(reverse("donnees:dataset-list", kwargs={"pk": territory.a.pk}))
    assert_accessible(browsing.page)
    browsing.page.get_by_role("link", name="Délibérations").click()
    browsing.page.get_by_role("link", name="Publier un fichier").click()
    assert_accessible(browsing.page)

    bad = tmp_path / "ko.csv"
    bad.write_bytes(csv_bytes(DELIBS, [deliberation(siret, VOTE_POUR="40")]))
    browsing.page.get_by_label("Fichier CSV").set_input_files(str(bad))
    browsing.page.get_by_role("button", name="Vérifier et publier").click()
    errors = browsing.page.locator("#rapport-section")
    assert "Fichier refusé" in errors.inner_text()
    assert "les votes ne s'additionnent pas" in errors.inner_text()
    assert_accessible(browsing.page)

    good = tmp_path / "ok.csv"
    good.write_bytes(csv_bytes(DELIBS, [deliberation(siret)]))
    browsing.page.get_by_label("Fichier CSV").set_input_files(str(good))
    browsing.page.get_by_role("button", name="Vérifier et publier").click()
    assert "version 1 publiée" in browsing.page.locator(".messages").inner_text()
    response = browsing.page.request.get(
        f"{browsing.base_url}/donnees/ouvertes/07005/{dataset.slug}.csv")
    assert response.status == 200 and b"DEL-2024-001" in response.body()
