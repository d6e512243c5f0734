"""Browser: a member imports a GLPI-style export of 300 devices with bad rows, reads the report,
then sees the footprint, the renewal plan and the saving of keeping devices two years longer;
axe on the inventory and footprint pages."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, sign_in
from tests.sobriete.glpi import glpi_csv

pytestmark = pytest.mark.browser


def test_member_imports_glpi_export_and_sees_footprint(browsing, agent_a, territory, tmp_path):
    export = tmp_path / "export-glpi.csv"
    export.write_bytes(glpi_csv(300, 7))
    sign_in(browsing, agent_a)
    page = browsing.page
    browsing.visit(f"/sobriete/collectivites/{territory.a.pk}/import/")
    assert_accessible(page)
    page.locator("#id_source").select_option("glpi_csv")
    page.locator("#id_file").set_input_files(str(export))
    page.get_by_role("button", name="Importer le fichier").click()
    browsing.check_budgets()
    assert page.get_by_role("heading", name="Compte rendu de l'import").is_visible()
    report = page.locator("main").inner_text()
    assert "293 équipements créés" in report and "7 lignes rejetées" in report
    assert "type d'équipement inconnu « Grille-pain »" in report
    page.get_by_role("link", name="Voir l'empreinte et le plan de renouvellement").click()
    browsing.check_budgets()
    main = page.locator("main").inner_text()
    assert "kgCO2e par an" in main and "Plan de renouvellement" in main
    assert "+2 ans" in main and "Méthode et incertitude" in main
    assert_accessible(page)
    browsing.visit(f"/sobriete/collectivites/{territory.a.pk}/inventaire/")
    assert "293 équipements" in page.locator("caption").first.inner_text()
    assert_accessible(page)
