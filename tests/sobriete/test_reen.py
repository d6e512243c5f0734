"""REEN strategy builder: obligation, strategy and programme, RGESN scoring, yearly snapshots,
AI usage from the audit journal, and the generated document whose figures match the screens."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from socle.journal.services import record
from socle.sobriete.models import Device
from socle.sobriete.reemploi import services as reuse
from socle.sobriete.reen import demo, document, rgesn, selectors, services, themes
from socle.sobriete.reen.models import IndicatorSnapshot, OnlineService, RgesnAnswer, Strategy
from tests.factories import EpciFactory


@pytest.fixture
def demo_a(agent_a, agent_b, territory):
    """The REEN demo on A, with an inventory and one donation to B."""
    devices = [Device.objects.create(
        collectivite=territory.a, kind="laptop" if i % 2 else "desktop", brand="Dell",
        model=f"Modèle {i}", serial_number=f"S{i}", purchase_date=datetime.date(2019, 1, 1),
        manufacture_kgco2e=200.0 + i, use_kgco2e_year=4.5, lifetime_years=5.0,
        footprint_source="boavizta") for i in range(6)]
    offer = reuse.offers_create_from_devices(actor=agent_a, collectivite=territory.a,
                                             devices=devices[:1], terms={
        "condition": "good", "location": "Mairie", "available_from": datetime.date(2025, 1, 1),
        "price_kind": "free", "for_members": True, "for_schools": False,
        "for_associations": False})[0]
    reservation = reuse.reservation_create(actor=agent_b, offer=offer, collectivite=territory.b)
    reuse.reservation_decide(actor=agent_a, reservation=reservation, accept=True)
    reuse.wipe_record(actor=agent_a, offer=offer, method="overwrite",
                      date=datetime.date.today(), operator="DSI", proof="")
    reuse.transfer_record(actor=agent_a, offer=offer, data={
        "handed_over_on": datetime.date.today(), "condition_at_handover": "good",
        "received_by": "B"})
    assert demo.demo_reen_load(actor=agent_a, collectivite=territory.a)
    assert not demo.demo_reen_load(actor=agent_a, collectivite=territory.a)  # idempotent
    return territory.a


def test_rgesn_referential_has_78_criteria_in_9_themes():
    assert len(rgesn.criteria()) == 78
    assert len(rgesn.themes()) == 9


def test_rgesn_score_is_met_over_applicable():
    first, second, third = [c.number for c in rgesn.criteria()[:3]]
    statuses = {first: rgesn.MET, second: rgesn.NOT_APPLICABLE, third: rgesn.IN_PROGRESS}
    score = rgesn.score(statuses)
    assert (score.met, score.applicable, score.answered) == (1, 77, 3)
    strategy_theme = rgesn.score(statuses, rgesn.criteria()[0].theme)
    assert strategy_theme.applicable == 9 and strategy_theme.percent == 11


def test_strategy_is_required_only_from_50000_inhabitants(territory):
    assert not themes.strategy_required(territory.a)
    big = EpciFactory(population=62_000)
    assert themes.strategy_required(big)


def test_overview_says_the_strategy_is_optional_for_a_small_commune(login, elu_a, territory):
    page = login(elu_a).get(reverse("sobriete:reen-collectivite", args=[territory.a.pk]))
    body = page.content.decode()
    assert "cette stratégie est volontaire" in body
    assert "Rédiger la stratégie</a>" not in body  # élus read only


def test_elu_cannot_write_the_strategy(login, elu_a, territory):
    client = login(elu_a)
    url = reverse("sobriete:reen-strategy", args=[territory.a.pk])
    assert client.get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.strategy_save(actor=elu_a, collectivite=territory.a, data={})


def test_strategy_form_saves_orientations_and_journals(login, referent_a, territory):
    client = login(referent_a)
    url = reverse("sobriete:reen-strategy", args=[territory.a.pk])
    data = {"title": "Notre stratégie", "start_year": 2026, "end_year": 2031, "ambition": "Sobre",
            "status": "draft", "adopted_on": "", "theme_2": "Garder les postes plus longtemps"}
    response = client.post(url, data, follow=True)
    assert "Stratégie enregistrée." in response.content.decode()
    strategy = Strategy.objects.get(collectivite=territory.a)
    assert strategy.orientations["2"] == "Garder les postes plus longtemps"
    assert "Garder les postes plus longtemps" in response.content.decode()
    bad = client.post(url, {**data, "status": "adopted"})
    assert "Indiquez la date de la délibération." in bad.content.decode()


def test_objective_and_action_pages(login, agent_a, territory):
    client = login(agent_a)
    client.post(reverse("sobriete:reen-objective-create", args=[territory.a.pk]), {
        "theme": 2, "title": "Donner 10 postes", "indicator": "dons_reemploi", "baseline": "0",
        "target": "10", "target_date": "2027-12-31"})
    response = client.post(reverse("sobriete:reen-action-create", args=[territory.a.pk]), {
        "theme": 2, "title": "Trier le stock", "owner": "DSI", "start_date": "2026-03-01",
        "end_date": "2026-01-01", "status": "planned"})
    assert "La fin prévue précède le début." in response.content.decode()
    page = client.get(reverse("sobriete:reen-collectivite", args=[territory.a.pk]))
    assert "Donner 10 postes" in page.content.decode()


def test_rgesn_assessment_through_the_page(login, agent_a, elu_a, territory):
    client = login(agent_a)
    response = client.post(reverse("sobriete:reen-rgesn", args=[territory.a.pk]),
                           {"name": "Site de la mairie", "url": "mairie.example"}, follow=True)
    service = OnlineService.objects.get()
    assert service.url == "https://mairie.example"
    first_theme = [c.number for c in rgesn.criteria() if c.theme == rgesn.themes()[0]]
    data = {f"s-{n}": "met" for n in first_theme[:8]} | {f"s-{first_theme[8]}": "na"}
    url = reverse("sobriete:reen-rgesn-service", args=[service.pk])
    response = client.post(url + "?theme=1", data, follow=True)
    assert "score 10 %" in response.content.decode()  # 8 / 77
    assert RgesnAnswer.objects.count() == 9
    # Saving another theme leaves the first one's answers alone.
    second = [c.number for c in rgesn.criteria() if c.theme == rgesn.themes()[1]]
    client.post(url + "?theme=2", {f"s-{second[0]}": "met"})
    assert RgesnAnswer.objects.count() == 10
    assert "1.1 — " not in client.get(url + "?theme=2").content.decode()
    elu_page = login(elu_a).get(reverse("sobriete:reen-rgesn-service", args=[service.pk]))
    assert elu_page.status_code == 200 and "<select" not in elu_page.content.decode()
    assert login(elu_a).post(reverse("sobriete:reen-rgesn-service", args=[service.pk]),
                             data).status_code == 403


def test_ai_usage_reads_assistant_events_of_the_journal(login, agent_a, territory):
    url = reverse("sobriete:reen-collectivite", args=[territory.a.pk])
    client = login(agent_a)
    assert "Aucun appel à un modèle enregistré" in client.get(url).content.decode()
    record(actor=agent_a, action="assistant.question", collectivite=territory.a,
           details={"modele": "albert-large", "energie_wh": 1.25})
    record(actor=agent_a, action="assistant.question", collectivite=territory.a,
           details={"modele": "albert-large", "energie_wh": 2})
    record(actor=agent_a, action="assistant.minutes", collectivite=territory.a, details={})
    record(actor=agent_a, action="assistant.question", collectivite=territory.b,
           details={"energie_wh": 100})  # another member's
    usage = selectors.ai_usage(collectivite=territory.a)
    assert (usage.calls, usage.calls_with_energy, usage.energy_wh) == (3, 2, 3.25)
    body = client.get(url).content.decode()
    assert "3 appels à un modèle" in body and "3.25 Wh" in body.replace(",", ".")


def test_snapshot_freezes_computed_and_entered_indicators(login, agent_a, demo_a):
    client = login(agent_a)
    response = client.post(reverse("sobriete:reen-snapshot", args=[demo_a.pk]),
                           {"year": 2026, "deee_kg": "35", "ateliers_internes": "2"},
                           follow=True)
    assert "Bilan 2026 enregistré." in response.content.decode()
    snapshot = IndicatorSnapshot.objects.get(collectivite=demo_a, year=2026)
    assert snapshot.values["parc_appareils"] == 5 and snapshot.values["dons_reemploi"] == 1
    assert snapshot.values["deee_kg"] == 35.0
    assert "Progrès d'année en année" in response.content.decode()
    assert IndicatorSnapshot.objects.filter(collectivite=demo_a).count() == 2


def _screen_figures(client, collectivite) -> list[tuple[str, str]]:
    body = client.get(reverse("sobriete:reen-collectivite", args=[collectivite.pk])
                      ).content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num" data-figure="\d+">'
                      r"([^<]+)</td></tr>", body)
    import html

    return [(html.unescape(label), html.unescape(value)) for label, value in rows]


def _odt_figures(content: bytes) -> list[tuple[str, str]]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    doc = load(io.BytesIO(content))
    table = next(t for t in doc.getElementsByType(Table) if t.getAttribute("name") == "Chiffres")
    rows = []
    for row in table.getElementsByType(TableRow)[1:]:
        cells = [teletype.extractText(c) for c in row.getElementsByType(TableCell)]
        rows.append((cells[0], cells[1]))
    return rows


def test_document_figures_match_the_screens(login, agent_a, demo_a):
    client = login(agent_a)
    screen = _screen_figures(client, demo_a)
    assert len(screen) == 9
    assert ("Appareils au parc", "5") in screen
    assert ("Appareils donnés (seconde vie)", "1") in screen
    assert ("Émissions de fabrication évitées par les dons (kgCO2e)", "200") in screen
    assert ("Empreinte de fabrication du parc (kgCO2e)", "1\u202f015") in screen
    average = selectors.rgesn_summary(collectivite=demo_a).average_percent
    assert ("Score RGESN moyen des services en ligne (%)", str(average)) in screen

    odt = client.get(reverse("sobriete:reen-document-odt", args=[demo_a.pk]))
    assert odt["Content-Type"] == document.ODT_MIME
    assert _odt_figures(odt.content) == screen

    pdf = client.get(reverse("sobriete:reen-document-pdf", args=[demo_a.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    figures = selectors.strategy_figures(collectivite=demo_a)
    html = render_to_string("sobriete/reen/document_pdf.html", document.document_sections(
        collectivite=demo_a, figures=figures))
    for label, value in screen:
        assert f"<td>{value}</td>" in html, label
    assert "Donner une seconde vie à 30 appareils (démo)" in html


def test_document_of_another_member_is_refused(login, agent_b, territory):
    client = login(agent_b)
    assert client.get(reverse("sobriete:reen-document-odt", args=[territory.a.pk])
                      ).status_code == 404


def test_collectivite_block_renders_with_and_without_strategy(agent_a, territory):
    html = render_to_string("sobriete/reen/_collectivite_block.html",
                            {"collectivite": territory.a})
    assert "facultative" in html
    demo.demo_reen_load(actor=agent_a, collectivite=territory.a)
    territory.a.refresh_from_db()
    html = render_to_string("sobriete/reen/_collectivite_block.html",
                            {"collectivite": territory.a})
    assert "4 objectifs, 4 actions" in html
