"""The register of processing: templates, adoption (one or several collectivités), following a
new template version, completeness and DPIA criteria, exports, the public page, rights."""

import json

import pytest
from django.urls import reverse

from socle.donnees import services
from socle.donnees.models import Processing, ProcessingTemplate, RegisterSettings
from socle.journal.models import AuditEvent


def test_library_file_ships_twelve_templates_and_sync_is_idempotent(library):
    assert len(library) >= 12
    assert services.templates_sync() == {"created": 0, "updated": 0,
                                          "unchanged": len(library), "withdrawn": 0}
    assert library["videoprotection"].content["final_fate"] == "destruction"


def test_agent_adopts_a_template_in_one_click(login, agent_a, territory, library):
    template = library["etat-civil"]
    client = login(agent_a)
    response = client.post(reverse("donnees:template", kwargs={"pk": template.pk}),
                           {"collectivites": [territory.a.pk]})
    processing = Processing.objects.get(collectivite=territory.a)
    assert response["Location"] == reverse("donnees:processing", kwargs={"pk": processing.pk})
    assert processing.name == "Tenue des registres de l'état civil"
    assert processing.template_version == 1 and processing.completeness > 50
    assert AuditEvent.objects.filter(action="donnees.processing_adopted",
                                     collectivite=territory.a).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Tenue des registres de l&#x27;état civil" in page


def test_dpo_adopts_for_several_collectivites_at_once(login, dpo_ac, territory, library):
    client = login(dpo_ac)
    url = reverse("donnees:template", kwargs={"pk": library["paie-rh"].pk})
    form_page = client.get(url).content.decode()
    assert "Alboussière" in form_page and "Champis" in form_page and "Boffres" not in form_page
    client.post(url, {"collectivites": [territory.a.pk, territory.c.pk]})
    assert set(Processing.objects.values_list("collectivite__name", flat=True)) == {
        "Alboussière", "Champis"}


def test_nobody_adopts_for_a_collectivite_they_do_not_serve(login, dpo_ac, territory, library):
    client = login(dpo_ac)
    response = client.post(reverse("donnees:template", kwargs={"pk": library["paie-rh"].pk}),
                           {"collectivites": [territory.b.pk]})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Processing.objects.exists()


def test_elu_reads_but_cannot_write(login, elu_a, agent_a, territory, library):
    services.processing_adopt(actor=agent_a, template=library["cimetiere"],
                              collectivites=[territory.a])
    client = login(elu_a)
    register = client.get(reverse("donnees:register", kwargs={"pk": territory.a.pk}))
    assert "Gestion du cimetière" in register.content.decode()
    assert "Nouveau traitement" not in register.content.decode()
    assert client.get(reverse("donnees:processing-create",
                              kwargs={"pk": territory.a.pk})).status_code == 403


def _bump(template: ProcessingTemplate, tmp_path, **changes):
    data = json.loads(services.LIBRARY_PATH.read_text())
    for entry in data["templates"]:
        if entry["slug"] == template.slug:
            entry["version"] += 1
            entry["changelog"] = "Durée de conservation précisée"
            entry["content"].update(changes)
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data))
    return services.templates_sync(path=path)


def test_new_template_version_shows_the_diff_and_can_be_followed(
        login, agent_a, territory, library, tmp_path):
    template = library["lettre-information"]
    processing, = services.processing_adopt(actor=agent_a, template=template,
                                            collectivites=[territory.a])
    services.processing_update(actor=agent_a, processing=processing,
                               data={"recipients": "Cabinet du maire"})
    counts = _bump(template, tmp_path, retention="Jusqu'au désabonnement.",
                   recipients="Service communication et cabinet")
    assert counts["updated"] == 1
    client = login(agent_a)
    detail = client.get(reverse("donnees:processing", kwargs={"pk": processing.pk}))
    assert "a une nouvelle version" in detail.content.decode()
    diff = client.get(reverse("donnees:processing-template", kwargs={"pk": processing.pk}))
    text = diff.content.decode()
    assert "Jusqu&#x27;au désabonnement." in text and "adaptée par vous" in text

    client.post(reverse("donnees:processing-template", kwargs={"pk": processing.pk}),
                {"decision": "suivre"})
    processing.refresh_from_db()
    assert processing.template_version == 2
    assert processing.retention == "Jusqu'au désabonnement."
    assert processing.purpose == template.content["purpose"]  # unchanged field kept


def test_declining_a_new_version_keeps_the_adapted_record(agent_a, territory, library, tmp_path):
    template = library["cimetiere"]
    processing, = services.processing_adopt(actor=agent_a, template=template,
                                            collectivites=[territory.a])
    _bump(template, tmp_path, retention="50 ans")
    processing.refresh_from_db()
    assert processing.template_update_pending
    services.processing_decline_template(actor=agent_a, processing=processing)
    processing.refresh_from_db()
    assert not processing.template_update_pending and processing.template_version == 1
    assert processing.retention != "50 ans"


def test_form_computes_dpia_and_requires_article_9_condition(login, agent_a, territory):
    client = login(agent_a)
    url = reverse("donnees:processing-create", kwargs={"pk": territory.a.pk})
    data = {"name": "Portail citoyen", "purpose": "Démarches en ligne",
            "legal_basis": "mission_publique", "sensitive_data": "on",
            "dpia_criteria": ["surveillance", "grande_echelle"], "dpia_status": "requise"}
    refused = client.post(url, data)
    assert "exigent une condition de l&#x27;article 9" in refused.content.decode()
    assert 'aria-describedby="id_sensitive_condition_error"' in refused.content.decode()
    assert not Processing.objects.exists()
    data["sensitive_condition"] = "interet_public_important"
    created = client.post(url, data)
    processing = Processing.objects.get()
    assert created["Location"] == processing.get_absolute_url()
    assert processing.dpia_likely
    page = client.get(created["Location"]).content.decode()
    assert "une analyse d'impact est probablement requise" in page


def test_archive_needs_a_reason_and_keeps_the_row(login, referent_a, territory, library):
    processing, = services.processing_adopt(actor=referent_a, template=library["cimetiere"],
                                            collectivites=[territory.a])
    client = login(referent_a)
    url = reverse("donnees:processing-archive", kwargs={"pk": processing.pk})
    assert "Ce champ est obligatoire" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Cimetière transféré à l'EPCI"})
    processing.refresh_from_db()
    assert processing.archived_at and processing.archived_reason == "Cimetière transféré à l'EPCI"
    assert AuditEvent.objects.filter(action="donnees.processing_archived").exists()


def test_agent_cannot_archive(login, agent_a, territory, library):
    processing, = services.processing_adopt(actor=agent_a, template=library["cimetiere"],
                                            collectivites=[territory.a])
    response = login(agent_a).post(
        reverse("donnees:processing-archive", kwargs={"pk": processing.pk}), {"reason": "x"})
    assert response.status_code == 403


def test_exports_pdf_and_ods(login, agent_a, territory, library):
    services.processing_adopt(actor=agent_a, template=library["etat-civil"],
                              collectivites=[territory.a])
    client = login(agent_a)
    pdf = client.get(reverse("donnees:register-pdf", kwargs={"pk": territory.a.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    ods = client.get(reverse("donnees:register-ods", kwargs={"pk": territory.a.pk}))
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert ods.content.startswith(b"PK")


def test_public_register_is_opt_in_and_shows_no_security_nor_processors(
        client, login, referent_a, territory, library):
    services.processing_adopt(actor=referent_a, template=library["videoprotection"],
                              collectivites=[territory.a])
    public_url = reverse("donnees:public-register", kwargs={"pk": territory.a.pk})
    assert client.get(public_url).status_code == 404
    login(referent_a).post(reverse("donnees:register-publish", kwargs={"pk": territory.a.pk}),
                           {"is_public": "on"})
    assert RegisterSettings.objects.get(collectivite=territory.a).is_public
    client.logout()
    page = client.get(public_url).content.decode()
    assert "Vidéoprotection de la voie publique" in page
    assert "Mainteneur du système" not in page and "poste de visionnage" not in page


@pytest.mark.parametrize("persona", ["agent_b"])
def test_other_collectivite_gets_404(request, login, agent_a, territory, library, persona):
    processing, = services.processing_adopt(actor=agent_a, template=library["cimetiere"],
                                            collectivites=[territory.a])
    client = login(request.getfixturevalue(persona))
    for name, pk in [("donnees:processing", processing.pk),
                     ("donnees:processing-edit", processing.pk),
                     ("donnees:processing-template", processing.pk),
                     ("donnees:register", territory.a.pk),
                     ("donnees:register-pdf", territory.a.pk),
                     ("donnees:collectivite", territory.a.pk)]:
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
