"""Inventory: imports (CSV, ODS, GLPI export, GLPI agent JSON), deduplication, the report, bulk
edit, archiving, exports and rights."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from socle.core.documents import render_ods
from socle.journal.models import AuditEvent
from socle.sobriete.models import Device, DeviceImport
from tests.sobriete.glpi import glpi_csv


def _upload(client, place, data: bytes, source: str, name: str = "parc.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("sobriete:import", args=[place.pk]),
                       {"source": source, "file": file})


@pytest.mark.django_db
def test_glpi_export_import_reports_rows_and_deduplicates(login, agent_a, territory):
    client = login(agent_a)
    response = _upload(client, territory.a, glpi_csv(), "glpi_csv")
    report = DeviceImport.objects.get()
    assert response.status_code == 302
    assert (report.created, report.updated, len(report.rejected)) == (293, 0, 7)
    page = client.get(reverse("sobriete:import-report", args=[report.pk])).content.decode()
    assert "type d&#x27;équipement inconnu « Grille-pain »" in page
    assert "numéro de série déjà présent ligne 3" in page
    assert "date d&#x27;achat dans le futur" in page
    # The same file again: every device is updated, none duplicated.
    _upload(client, territory.a, glpi_csv(), "glpi_csv")
    assert Device.objects.filter(collectivite=territory.a).count() == 293
    assert DeviceImport.objects.first().updated == 293
    assert AuditEvent.objects.filter(action="sobriete.imported").count() == 2


@pytest.mark.django_db
def test_footprint_source_and_quality_are_stored(login, agent_a, territory):
    _upload(login(agent_a), territory.a, glpi_csv(24, 0), "glpi_csv")
    latitude = Device.objects.filter(model="Latitude 5420").first()
    assert latitude.footprint_source == "manufacturer" and latitude.footprint_quality == 3
    assert "Latitude 5420" in latitude.footprint_detail
    iiyama = Device.objects.filter(model="XU2492").first()
    assert iiyama.footprint_source == "boavizta" and iiyama.manufacture_kgco2e == 64.7
    assert iiyama.lifetime_years == 6.6 and iiyama.use_kgco2e_year > 0
    switch = Device.objects.filter(kind="network").first()
    assert switch.footprint_quality == 1  # proxy archetype


@pytest.mark.django_db
def test_ods_and_documented_french_headers(login, referent_a, territory):
    ods = render_ods([("Parc", ["Type", "Marque", "Modèle", "N° de série", "Date d'achat",
                                "Prix", "État"],
                       [["portable", "Dell", "Latitude 5420", "ODS1", "01/02/2021", "899,90",
                         "en stock"], ["licorne", "", "", "ODS2", "", "", ""]])])
    _upload(login(referent_a), territory.a, ods, "ods", "parc.ods")
    report = DeviceImport.objects.get()
    assert report.created == 1 and report.rejected[0]["row"] == 3
    device = Device.objects.get(serial_number="ODS1")
    assert str(device.price) == "899.90" and device.status == "stock"


@pytest.mark.django_db
def test_glpi_agent_inventory(login, agent_a, territory):
    inventory = {"deviceid": "pc-1", "content": {
        "hardware": {"chassis_type": "Notebook", "memory": 16384},
        "bios": {"smanufacturer": "Dell Inc.", "smodel": "Latitude 5420", "ssn": "AGENT1"},
        "cpus": [{"name": "Intel Core i5-1145G7"}], "storages": [{"disksize": 256000}],
        "batteries": [{"capacity": 54000, "real_capacity": 40500}]}}
    _upload(login(agent_a), territory.a, json.dumps([inventory]).encode(), "glpi_agent",
            "inv.json")
    device = Device.objects.get(serial_number="AGENT1")
    assert (device.kind, device.memory_mb, device.storage_gb) == ("laptop", 16384, 256)
    assert device.battery_wear_percent == 25 and device.cpu.startswith("Intel")


@pytest.mark.django_db
def test_unreadable_files_are_refused_in_french(login, agent_a, territory):
    client = login(agent_a)
    page = _upload(client, territory.a, b"nom;prix\nx;1\n", "csv").content.decode()
    assert "Colonne « type » introuvable" in page
    page = _upload(client, territory.a, b"\x00\x01binaire", "csv").content.decode()
    assert "pas un fichier texte CSV" in page
    page = _upload(client, territory.a, b"{pas du json", "glpi_agent").content.decode()
    assert "pas un inventaire JSON lisible" in page
    assert not DeviceImport.objects.exists()


@pytest.mark.django_db
def test_rights_elu_reads_other_member_gets_404(login, elu_a, agent_b, agent_a, territory):
    _upload(login(agent_a), territory.a, glpi_csv(12, 0), "glpi_csv")
    client = login(elu_a)
    assert client.get(reverse("sobriete:inventory", args=[territory.a.pk])).status_code == 200
    assert _upload(client, territory.a, glpi_csv(3, 0), "glpi_csv").status_code == 403
    device = Device.objects.first()
    assert client.post(reverse("sobriete:device-archive", args=[device.pk])).status_code == 403
    other = login(agent_b)
    assert other.get(reverse("sobriete:collectivite", args=[territory.a.pk])).status_code == 404
    assert other.get(reverse("sobriete:device-edit", args=[device.pk])).status_code == 404
    report = DeviceImport.objects.get()
    assert other.get(reverse("sobriete:import-report", args=[report.pk])).status_code == 404


@pytest.mark.django_db
def test_bulk_edit_archive_and_export(login, dpo_ac, territory):
    client = login(dpo_ac)
    _upload(client, territory.a, glpi_csv(12, 0), "glpi_csv")
    ids = list(Device.objects.values_list("pk", flat=True)[:3])
    client.post(reverse("sobriete:bulk", args=[territory.a.pk]),
                {"device": ids, "status": "stock", "site": "Annexe"})
    assert Device.objects.filter(status="stock", site="Annexe").count() == 3
    client.post(reverse("sobriete:device-archive", args=[ids[0]]))
    assert Device.objects.current().count() == 11 and Device.objects.count() == 12
    export = client.get(reverse("sobriete:export", args=[territory.a.pk]) + "?kind=monitor")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    assert text.count("\r\n") == 3 and "P2419H" in text and "Latitude" not in text
    ods = client.get(reverse("sobriete:export", args=[territory.a.pk]) + "?format=ods")
    assert ods["Content-Type"].startswith("application/vnd.oasis.opendocument.spreadsheet")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"sobriete.bulk_updated", "sobriete.device_archived"} <= actions
