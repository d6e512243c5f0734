"""Footprint method, lifetime decisions, the pages that show them, and the command."""

from __future__ import annotations

import datetime as dt
import html
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from socle.sobriete import footprint, lifetime
from socle.sobriete.models import Device, FleetSettings
from tests.sobriete.glpi import glpi_csv


def test_laptop_use_phase_uses_the_office_profile_and_french_mix():
    fp = footprint.device_footprint("laptop")
    # 20 W x 7 h x 220 d = 30.8 kWh a year on the French mix, not 75 W x 30 % of the year.
    assert 2 < fp.use_kgco2e_year < 5
    assert fp.use_min_kgco2e_year < fp.use_kgco2e_year < fp.use_max_kgco2e_year
    assert fp.manufacture_kgco2e == 181.0 and fp.lifetime_years == 4.0
    assert fp.manufacture_mj > 0 and fp.manufacture_kgsbeq > 0


def test_manufacturer_match_needs_the_same_model_number():
    assert footprint.match_published("laptop", "Dell Inc.", "Latitude 5420")[0].name == (
        "Latitude 5420")
    assert footprint.match_published("laptop", "Dell", "Latitude 9999") is None
    assert footprint.match_published("laptop", "Acme", "Latitude 5420") is None


def test_keeping_longer_saves_manufacturing_per_year():
    assert lifetime.yearly_saving(181, 4, 2) == pytest.approx(181 / 4 - 181 / 6)
    assert lifetime.yearly_saving(None, 4, 2) == 0.0


@pytest.mark.django_db
def test_member_page_shows_footprint_plan_and_savings(login, referent_a, territory):
    client = login(referent_a)
    file = io.BytesIO(glpi_csv(60, 0))
    file.name = "glpi.csv"
    client.post(reverse("sobriete:import", args=[territory.a.pk]),
                {"source": "glpi_csv", "file": file})
    client.post(reverse("sobriete:settings", args=[territory.a.pk]),
                {"agents_count": "12", "reconditioned_first": "on", "reconditioned_share": "50"})
    assert FleetSettings.objects.get().agents_count == 12
    page = html.unescape(
        client.get(reverse("sobriete:collectivite", args=[territory.a.pk])).content.decode())
    assert "kgCO2e par agent (12 agents)" in page
    assert "Plan de renouvellement" in page and "à renouveler d'ici un an" in page
    assert "+2 ans" in page and "50 % d'achats reconditionnés" in page
    assert "Méthode et incertitude" in page
    devices = Device.objects.current().exclude(status="retired")
    expected = sum(lifetime.yearly_saving(d.manufacture_kgco2e, d.lifetime_years, 2)
                   for d in devices)
    assert f"{expected:,.0f}".replace(",", "\xa0") in page


@pytest.mark.django_db
def test_renewal_by_age_and_end_of_support(territory):
    today = dt.date(2025, 6, 1)
    old = Device(kind="laptop", lifetime_years=4, purchase_date=dt.date(2021, 1, 1))
    young = Device(kind="laptop", lifetime_years=4, purchase_date=dt.date(2024, 1, 1))
    unsupported = Device(kind="laptop", lifetime_years=4, purchase_date=dt.date(2024, 1, 1),
                         support_end=dt.date(2025, 9, 1))
    assert "âge" in lifetime.renewal_due(old, today).reasons[0]
    assert lifetime.renewal_due(young, today) is None
    assert "support constructeur se termine" in lifetime.renewal_due(unsupported, today).reasons[0]


@pytest.mark.django_db
def test_operator_home_totals_and_member_redirect(login, operateur, agent_a, territory):
    Device.objects.create(collectivite=territory.a, kind="laptop", manufacture_kgco2e=100,
                          lifetime_years=4, use_kgco2e_year=3)
    page = login(operateur).get(reverse("sobriete:home")).content.decode()
    assert territory.a.name in page and "28 kgCO2e par an" in page
    response = login(agent_a).get(reverse("sobriete:home"))
    assert response.url == reverse("sobriete:collectivite", args=[territory.a.pk])


def test_command_prints_json(tmp_path, capsys):
    path = tmp_path / "parc.csv"
    path.write_text("type;marque;modèle;numéro de série\nportable;Dell;Latitude 5420;A1\n"
                    "écran;Iiyama;XU2492;A2\ngrille-pain;;;A3\n", encoding="utf-8")
    call_command("sobriete_footprint", str(path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert [d["type"] for d in report["devices"]] == ["laptop", "monitor"]
    assert report["devices"][1]["manufacture_kgco2e"] == 64.7
    assert report["rejected"] == [{"row": 4, "reason": "type d'équipement inconnu « grille-pain »"}]
    assert report["total_kgco2e_per_year"] > 0
