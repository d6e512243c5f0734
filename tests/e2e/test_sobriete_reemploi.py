"""Reuse pool in the browser: a member offers 10 devices of its inventory to the pool; another
member reserves them; the first accepts, records the data wiping and hands them over; the
receiver finds them in its inventory. axe-core on the pool, the offer forms and the REEN pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from socle.sobriete.models import Device
from socle.sobriete.reemploi.models import Offer, Transfer
from socle.sobriete.reen import demo
from socle.sobriete.reen.models import OnlineService
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
TODAY = datetime.date.today().isoformat()


def _click(browsing, locator) -> None:
    browsing.traffic.reset()
    with browsing.page.expect_navigation():
        locator.click()
    browsing.check_budgets()


def _inventory(collectivite, n=12):
    for i in range(n):
        Device.objects.create(
            collectivite=collectivite, kind="laptop", brand="Lenovo", model=f"ThinkPad T4{i:02d}",
            serial_number=f"PF-{i:03d}", purchase_date=datetime.date(2017, 9, 1),
            manufacture_kgco2e=230.0, use_kgco2e_year=3.0, lifetime_years=5.0,
            footprint_source="boavizta", footprint_quality=2)


def _offer_ten(browsing, territory) -> None:
    page = browsing.page
    browsing.visit(reverse("sobriete:reemploi-offer-create", args=[territory.a.pk]))
    assert_accessible(page)
    boxes = page.locator("input[name=devices]")
    assert boxes.count() == 12
    for index in range(10):
        boxes.nth(index).check()
    page.get_by_label("Bon état").check()
    page.get_by_label("Lieu de retrait").fill("Mairie d'Alboussière, services techniques")
    page.get_by_label("Disponible à partir du").fill(TODAY)
    _click(browsing, page.get_by_role("button", name="Proposer au réemploi"))
    assert "10 appareils proposés au réemploi." in page.content()


def _reserve_all(browsing) -> None:
    page = browsing.page
    browsing.visit(reverse("sobriete:reemploi-pool"))
    assert "Appareils disponibles (10)" in page.content()
    assert_accessible(page)
    for offer in Offer.objects.order_by("pk"):
        browsing.visit(reverse("sobriete:reemploi-offer", args=[offer.pk]))
        _click(browsing, page.get_by_role("button", name="Réserver"))
        assert "Réservation envoyée" in page.content()
    assert_accessible(page)


def _accept_wipe_hand_over(browsing) -> None:
    page = browsing.page
    for offer in Offer.objects.order_by("pk"):
        browsing.visit(reverse("sobriete:reemploi-offer", args=[offer.pk]))
        _click(browsing, page.get_by_role("button", name="Accepter la réservation"))
        _click(browsing, page.get_by_role("link", name="Enregistrer l'effacement des données"))
        if offer == Offer.objects.order_by("pk").first():
            assert_accessible(page)
        page.get_by_label("Réécriture complète du support (effacement logiciel)").check()
        page.get_by_label("Date de l'effacement").fill(TODAY)
        page.get_by_label("Effacement réalisé par").fill("Service informatique")
        page.get_by_label("Preuve").fill(f"Rapport d'effacement n° {offer.pk}")
        _click(browsing, page.get_by_role("button", name="Enregistrer l'effacement"))
        _click(browsing, page.get_by_role("link", name="Enregistrer la remise"))
        page.get_by_label("Remis à (nom de la personne)").fill("Bruno Agent")
        _click(browsing, page.get_by_role("button", name="Enregistrer la remise"))
        assert "seconde vie" in page.content()


def test_ten_devices_offered_reserved_and_received(browsing, agent_a, agent_b, territory):
    _inventory(territory.a)
    sign_in(browsing, agent_a)
    _offer_ten(browsing, territory)
    sign_in(browsing, agent_b)
    _reserve_all(browsing)
    sign_in(browsing, agent_a)
    _accept_wipe_hand_over(browsing)

    sign_in(browsing, agent_b)
    browsing.visit(reverse("sobriete:reemploi-collectivite", args=[territory.b.pk]))
    page = browsing.page
    assert page.locator("table", has_text="Appareils reçus par").locator("tbody tr").count() == 10
    assert_accessible(page)
    assert Transfer.objects.count() == 10
    received = Device.objects.filter(collectivite=territory.b, archived_at__isnull=True)
    assert received.count() == 10 and all(d.reconditioned for d in received)
    assert Device.objects.filter(collectivite=territory.a, archived_at__isnull=True).count() == 2
    browsing.visit(reverse("sobriete:reemploi-pool"))
    assert "Appareils disponibles" not in page.content()  # the pool is empty again
    assert "2300" in page.locator(".counts").inner_text().replace("\u202f", "").replace(" ", "")


def test_reen_pages_are_accessible(browsing, agent_a, territory):
    demo.demo_reen_load(actor=agent_a, collectivite=territory.a)
    sign_in(browsing, agent_a)
    page = browsing.page
    for url in (reverse("sobriete:reen-collectivite", args=[territory.a.pk]),
                reverse("sobriete:reen-strategy", args=[territory.a.pk]),
                reverse("sobriete:reen-snapshot", args=[territory.a.pk]),
                reverse("sobriete:reen-rgesn", args=[territory.a.pk]),
                reverse("sobriete:reen-rgesn-service",
                        args=[OnlineService.objects.filter(collectivite=territory.a)
                              .first().pk])):
        browsing.visit(url)
        assert_accessible(page)
    browsing.visit(reverse("sobriete:reen-collectivite", args=[territory.a.pk]))
    assert "Usage de l'IA" in page.content()
    assert "Aucun appel à un modèle enregistré" in page.content()
