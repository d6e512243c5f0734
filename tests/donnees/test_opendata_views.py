"""The data catalogue, open-data publication and sharing agreements through their pages, as the
personas see them; the public file and the DCAT catalogue without signing in."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socle.donnees.opendata import services
from socle.donnees.opendata.models import Dataset, DatasetVersion, SharingAgreement
from socle.journal.models import AuditEvent
from tests.donnees.opendata_helpers import csv_bytes, deliberation, siret_for

DELIBS = "scdl/deliberations"


def _dataset(collectivite, actor, **extra) -> Dataset:
    data = {"title": "Délibérations du conseil municipal", "description": "Les délibérations.",
            "owner": "Secrétariat de mairie", "sharing_level": "ouvert", "schema": DELIBS,
            "keywords": "délibérations, conseil"}
    return services.dataset_create(actor=actor, collectivite=collectivite, data={**data, **extra})


def _upload(client, dataset, data: bytes, name="delib.csv"):
    return client.post(reverse("donnees:dataset-upload", kwargs={"dataset_pk": dataset.pk}),
                       {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


@pytest.fixture
def siret(territory):
    return siret_for(territory.a.siren)


def test_agent_creates_a_dataset_through_the_form_and_it_is_journaled(login, agent_a, territory):
    client = login(agent_a)
    url = reverse("donnees:dataset-create", kwargs={"pk": territory.a.pk})
    response = client.post(url, {
        "title": "Équipements sportifs", "description": "Stades et gymnases.",
        "owner": "Service des sports", "sharing_level": "ouvert", "access_type": "open",
        "frequency": "ANNUAL", "theme": "EDUC", "license": "etalab-2.0",
        "schema": "scdl/equipements"})
    dataset = Dataset.objects.get(title="Équipements sportifs")
    assert response.status_code == 302
    assert dataset.slug == "equipements-sportifs" and dataset.collectivite == territory.a
    assert AuditEvent.objects.filter(action="donnees.dataset_created",
                                     collectivite=territory.a).exists()
    page = client.get(reverse("donnees:dataset-list", kwargs={"pk": territory.a.pk}))
    assert "Équipements sportifs" in page.content.decode()


def test_personal_data_cannot_be_open_to_everyone(login, agent_a, territory):
    client = login(agent_a)
    response = client.post(reverse("donnees:dataset-create", kwargs={"pk": territory.a.pk}), {
        "title": "Inscrits à la cantine", "description": "Liste.", "owner": "Scolaire",
        "personal_data": "on", "sharing_level": "ouvert", "access_type": "open",
        "frequency": "ANNUAL", "theme": "EDUC", "license": "etalab-2.0"})
    assert response.status_code == 200
    assert "ne peut pas être ouvert à tous" in response.content.decode()
    assert not Dataset.objects.exists()


def test_elu_reads_the_catalogue_but_cannot_write(login, elu_a, agent_a, territory):
    dataset = _dataset(territory.a, agent_a)
    client = login(elu_a)
    page = client.get(reverse("donnees:dataset-list", kwargs={"pk": territory.a.pk}))
    assert page.status_code == 200 and dataset.title in page.content.decode()
    assert "Ajouter un jeu" not in page.content.decode()
    for name, kwargs in (("donnees:dataset-create", {"pk": territory.a.pk}),
                         ("donnees:dataset-edit", {"dataset_pk": dataset.pk}),
                         ("donnees:dataset-upload", {"dataset_pk": dataset.pk})):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_list_filters_and_exports(login, agent_a, territory):
    _dataset(territory.a, agent_a)
    _dataset(territory.a, agent_a, title="Budget interne", sharing_level="restreint", schema="")
    client = login(agent_a)
    url = reverse("donnees:dataset-list", kwargs={"pk": territory.a.pk})
    body = client.get(url, {"sharing_level": "restreint"}).content.decode()
    assert "Budget interne" in body and "Délibérations du conseil" not in body
    export = reverse("donnees:dataset-export", kwargs={"pk": territory.a.pk})
    csv_body = b"".join(client.get(export, {"format": "csv"}).streaming_content).decode()
    assert "Budget interne" in csv_body and "Délibérations du conseil" in csv_body
    ods = client.get(export, {"format": "ods"})
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"


def test_archive_requires_a_reason_and_keeps_the_row(login, referent_a, territory):
    dataset = _dataset(territory.a, referent_a)
    client = login(referent_a)
    url = reverse("donnees:dataset-archive", kwargs={"dataset_pk": dataset.pk})
    assert "obligatoire" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Remplacé par un autre jeu"})
    dataset.refresh_from_db()
    assert dataset.archived_at is not None and dataset.archived_reason
    assert AuditEvent.objects.filter(action="donnees.dataset_archived").count() == 1


def test_a_csv_violating_the_deliberations_schema_is_refused_row_by_row(login, agent_a,
                                                                         territory, siret):
    dataset = _dataset(territory.a, agent_a)
    data = csv_bytes(DELIBS, [deliberation(siret),
                              deliberation(siret, DELIB_ID="2", VOTE_POUR="30",
                                           DELIB_DATE="12/03/2024")])
    response = _upload(login(agent_a), dataset, data)
    body = response.content.decode()
    assert response.status_code == 422
    assert "Fichier refusé" in body and "<th scope=\"row\">3</th>" in body
    assert "AAAA-MM-JJ" in body and "s&#x27;additionnent pas" in body
    assert not DatasetVersion.objects.exists()
    assert AuditEvent.objects.filter(action="donnees.opendata_refused").exists()


def test_a_latin1_file_is_refused_with_a_french_message(login, agent_a, territory, siret):
    dataset = _dataset(territory.a, agent_a)
    data = csv_bytes(DELIBS, [deliberation(siret)]).decode().encode("latin-1")
    body = _upload(login(agent_a), dataset, data).content.decode()
    assert "encodé en UTF-8" in body


def test_a_valid_file_is_published_served_publicly_and_listed_in_dcat(login, agent_a,
                                                                      territory, siret, client):
    dataset = _dataset(territory.a, agent_a)
    data = csv_bytes(DELIBS, [deliberation(siret)], sep=";", bom=True)
    response = _upload(login(agent_a), dataset, data)
    assert response.status_code == 302
    assert DatasetVersion.objects.get(dataset=dataset).rows == 1
    client.logout()
    public = reverse("donnees:opendata-file", kwargs={"code": "07005", "slug": dataset.slug})
    assert public == f"/donnees/ouvertes/07005/{dataset.slug}.csv"
    served = client.get(public)
    assert served.status_code == 200 and served.content == data
    # A second valid version is the one served; the first stays in the history.
    data2 = csv_bytes(DELIBS, [deliberation(siret), deliberation(siret, DELIB_ID="2")])
    services.version_publish(actor=agent_a, dataset=dataset, data=data2)
    assert client.get(public).content == data2
    assert dataset.versions.count() == 2
    catalogue = json.loads(client.get(reverse("donnees:opendata-catalogue")).content)
    assert catalogue["@type"] == "dcat:Catalog"
    (node,) = catalogue["dcat:dataset"]
    assert node["dct:title"] == dataset.title
    assert node["dct:publisher"]["foaf:name"] == "Alboussière"
    distribution = node["dcat:distribution"][0]
    assert distribution["dcat:downloadURL"]["@id"].endswith(public)
    assert distribution["dcat:mediaType"] == "text/csv"
    assert distribution["dct:conformsTo"]["@id"] == (
        "https://schema.data.gouv.fr/scdl/deliberations/2.1.5/")
    local = client.get(reverse("donnees:opendata-collectivite-catalogue",
                               kwargs={"code": "07005"}))
    assert json.loads(local.content)["dcat:dataset"][0]["dct:spatial"]["dct:identifier"] == "07005"
    assert client.get(reverse("donnees:opendata-collectivite", kwargs={"code": "07005"})
                      ).status_code == 200


def test_public_pages_show_only_published_open_data(client, agent_a, territory, siret):
    restricted = _dataset(territory.a, agent_a, title="Interne", sharing_level="ouvert")
    services.version_publish(actor=agent_a, dataset=restricted,
                             data=csv_bytes(DELIBS, [deliberation(siret)]))
    services.dataset_update(actor=agent_a, dataset=restricted, data={
        "access_type": "open_with_account", "access_reason": "other"})
    url = reverse("donnees:opendata-file", kwargs={"code": "07005", "slug": restricted.slug})
    assert client.get(url).status_code == 404
    assert json.loads(client.get(reverse("donnees:opendata-catalogue")).content)[
        "dcat:dataset"] == []
    assert client.get(reverse("donnees:opendata-collectivite",
                              kwargs={"code": "07005"})).status_code == 404


def test_scdl_catalogue_is_produced_from_the_data_catalogue_and_published(login, agent_a,
                                                                          territory, siret):
    dataset = _dataset(territory.a, agent_a)
    services.version_publish(actor=agent_a, dataset=dataset,
                             data=csv_bytes(DELIBS, [deliberation(siret)]))
    client = login(agent_a)
    url = reverse("donnees:catalogue-publish", kwargs={"pk": territory.a.pk})
    assert "Ce numéro SIRET" in client.post(url, {"siret": "123"}).content.decode()
    response = client.post(url, {"siret": siret})
    assert response.status_code == 302, response.content.decode()[:2000]
    version = DatasetVersion.objects.get(dataset__slug="catalogue-des-donnees")
    text = bytes(version.content).decode()
    assert "Délibérations du conseil municipal" in text and siret in text
    assert version.source == "socle"


def test_sharing_agreement_visible_to_both_parties_only(login, agent_a, agent_b, dpo_ac,
                                                       territory):
    dataset = _dataset(territory.a, agent_a, sharing_level="partage", schema="")
    client = login(agent_a)
    response = client.post(reverse("donnees:agreement-create", kwargs={"dataset_pk": dataset.pk}),
                           {"recipient": territory.b.pk, "purpose": "Gestion commune des salles",
                            "starts_on": "2025-01-01", "ends_on": "2026-12-31"})
    agreement = SharingAgreement.objects.get()
    assert response.status_code == 302 and agreement.status == "propose"
    # The recipient sees it (and accepts it); the provider cannot accept on their behalf.
    detail = reverse("donnees:agreement-detail", kwargs={"agreement_pk": agreement.pk})
    accept = reverse("donnees:agreement-accept", kwargs={"agreement_pk": agreement.pk})
    client.post(accept)
    agreement.refresh_from_db()
    assert agreement.status == "propose"
    client_b = login(agent_b)
    assert "Gestion commune des salles" in client_b.get(detail).content.decode()
    client_b.post(accept)
    agreement.refresh_from_db()
    assert agreement.status == "active"
    listing = client_b.get(reverse("donnees:agreement-list", kwargs={"pk": territory.b.pk}))
    assert dataset.title in listing.content.decode()
    # A third collectivité's DPO (A and C) sees it through A; someone only of C does not.
    from tests.factories import MembershipFactory
    only_c = MembershipFactory(collectivite=territory.c, role="referent").user
    assert login(only_c).get(detail).status_code == 404


def test_another_collectivite_gets_404_on_every_object(login, agent_a, agent_b, territory,
                                                       siret):
    dataset = _dataset(territory.a, agent_a)
    _report, version = services.version_publish(
        actor=agent_a, dataset=dataset, data=csv_bytes(DELIBS, [deliberation(siret)]))
    client = login(agent_b)
    for name, kwargs in (
        ("donnees:dataset-detail", {"dataset_pk": dataset.pk}),
        ("donnees:dataset-edit", {"dataset_pk": dataset.pk}),
        ("donnees:dataset-upload", {"dataset_pk": dataset.pk}),
        ("donnees:dataset-archive", {"dataset_pk": dataset.pk}),
        ("donnees:dataset-version", {"dataset_pk": dataset.pk, "version_pk": version.pk}),
        ("donnees:dataset-list", {"pk": territory.a.pk}),
        ("donnees:catalogue-publish", {"pk": territory.a.pk}),
    ):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
