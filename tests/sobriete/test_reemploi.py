"""The reuse pool: a member offers devices from its inventory, another member reserves, the
offering member accepts, records the data wiping (mandatory) and the handover; the device enters
the receiver's inventory and the indicators count it. Rights and isolation on every step."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from socle.journal.models import AuditEvent
from socle.sobriete.models import Device, DeviceStatus
from socle.sobriete.reemploi import selectors, services
from socle.sobriete.reemploi.models import Offer, Reservation, Transfer

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TODAY = datetime.date.today


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def make_devices(collectivite, n=3, kind="laptop"):
    return [
        Device.objects.create(
            collectivite=collectivite, kind=kind, brand="Dell", model=f"Latitude 54{i:02d}",
            serial_number=f"SN-{collectivite.pk}-{kind}-{i}",
            purchase_date=datetime.date(2018, 3, 1), manufacture_kgco2e=250.0,
            use_kgco2e_year=3.0, lifetime_years=5.0, footprint_source="boavizta",
            footprint_quality=2, service="Accueil",
        )
        for i in range(n)
    ]


TERMS = {"condition": "good", "location": "Mairie, services techniques",
         "available_from": datetime.date(2025, 1, 6), "price_kind": "free", "price": None,
         "for_members": True, "for_schools": True, "for_associations": True, "description": ""}


def offer_devices(actor, collectivite, devices):
    return services.offers_create_from_devices(actor=actor, collectivite=collectivite,
                                               devices=devices, terms=TERMS)


def wipe(actor, offer):
    return services.wipe_record(actor=actor, offer=offer, method="overwrite",
                                date=timezone.localdate(), operator="Service informatique",
                                proof="Rapport nwipe n° 42")


def test_offering_from_the_inventory_copies_the_device_and_its_footprint(agent_a, territory):
    devices = make_devices(territory.a, 2)
    offers = offer_devices(agent_a, territory.a, devices)
    assert [o.device_id for o in offers] == [d.pk for d in devices]
    offer = offers[0]
    assert (offer.device_type, offer.brand, offer.serial_number) == (
        "laptop", "Dell", devices[0].serial_number)
    assert offer.avoided_kgco2e == 250
    assert "inventaire" in offer.avoided_source
    assert AuditEvent.objects.filter(action="reemploi.offer_created",
                                     collectivite=territory.a).count() == 2
    with pytest.raises(ValidationError, match="déjà proposé"):
        offer_devices(agent_a, territory.a, devices[:1])


def test_a_device_of_another_member_cannot_be_offered(agent_a, territory):
    foreign = make_devices(territory.b, 1)
    with pytest.raises(PermissionDenied):
        offer_devices(agent_a, territory.a, foreign)


def test_elu_cannot_offer(elu_a, territory):
    with pytest.raises(PermissionDenied):
        offer_devices(elu_a, territory.a, make_devices(territory.a, 1))


def test_symbolic_price_must_be_given(agent_a, territory):
    terms = {**TERMS, "price_kind": "symbolic", "price": None}
    with pytest.raises(ValidationError) as exc:
        services.offers_create_from_devices(actor=agent_a, collectivite=territory.a,
                                            devices=make_devices(territory.a, 1), terms=terms)
    assert "prix symbolique" in str(exc.value)
    assert not Offer.objects.exists()


def test_full_donation_between_two_members(agent_a, agent_b, territory, mailoutbox,
                                           django_capture_on_commit_callbacks):
    device = make_devices(territory.a, 1)[0]
    offer = offer_devices(agent_a, territory.a, [device])[0]
    with django_capture_on_commit_callbacks(execute=True):
        reservation = services.reservation_create(actor=agent_b, offer=offer,
                                                  collectivite=territory.b, message="Pour l'école")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.RESERVED
    assert len(mailoutbox) == 1 and agent_a.email in mailoutbox[0].to
    assert "Pour l'école" in mailoutbox[0].body and territory.b.name in mailoutbox[0].body

    services.reservation_decide(actor=agent_a, reservation=reservation, accept=True)
    with pytest.raises(ValidationError, match="effacement"):
        services.transfer_record(actor=agent_a, offer=offer, data=_handover())
    wipe(agent_a, offer)
    transfer = services.transfer_record(actor=agent_a, offer=offer, data=_handover())

    received = transfer.received_device
    assert received.collectivite == territory.b
    assert (received.kind, received.serial_number, received.status) == (
        "laptop", device.serial_number, DeviceStatus.STOCK)
    assert received.reconditioned and received.manufacture_kgco2e == 250.0
    device.refresh_from_db()
    assert device.status == DeviceStatus.RETIRED and device.archived_at is not None
    offer.refresh_from_db()
    reservation.refresh_from_db()
    assert offer.status == Offer.Status.GIVEN
    assert reservation.status == Reservation.Status.COMPLETED
    given, got = (selectors.reuse_figures(collectivite=territory.a),
                  selectors.reuse_figures(collectivite=territory.b))
    assert (given.given, given.given_kgco2e_rounded, got.received) == (1, 250, 1)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"reemploi.reserved", "reemploi.reservation_accepted", "reemploi.wipe_recorded",
            "reemploi.handed_over", "reemploi.received"} <= actions
    assert AuditEvent.objects.filter(action="reemploi.received",
                                     collectivite=territory.b).exists()


def _handover(**extra):
    return {"handed_over_on": timezone.localdate(), "condition_at_handover": "good",
            "received_by": "Bruno Agent", **extra}


def test_one_reservation_at_a_time(agent_a, agent_b, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    services.reservation_create(actor=agent_b, offer=offer, collectivite=territory.b)
    other = _agent_of(territory.c)
    with pytest.raises(ValidationError, match="déjà réservé"):
        services.reservation_create(actor=other, offer=offer, collectivite=territory.c)
    assert Reservation.objects.count() == 1


def _agent_of(collectivite):
    from tests.factories import MembershipFactory

    return MembershipFactory(collectivite=collectivite, role="agent").user


def test_refusal_needs_a_reason_and_frees_the_offer(agent_a, agent_b, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    reservation = services.reservation_create(actor=agent_b, offer=offer,
                                              collectivite=territory.b)
    with pytest.raises(ValidationError):
        services.reservation_decide(actor=agent_a, reservation=reservation, accept=False)
    with pytest.raises(PermissionDenied):
        services.reservation_decide(actor=agent_b, reservation=reservation, accept=True)
    services.reservation_decide(actor=agent_a, reservation=reservation, accept=False,
                                reason="Déjà promis à l'école")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AVAILABLE


def test_a_member_does_not_reserve_its_own_devices(agent_a, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    with pytest.raises(ValidationError, match="propres"):
        services.reservation_create(actor=agent_a, offer=offer, collectivite=territory.a)


def test_handover_to_an_association_records_its_rna(agent_a, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    wipe(agent_a, offer)
    with pytest.raises(ValidationError) as exc:
        services.transfer_record(actor=agent_a, offer=offer, data=_handover(
            recipient_kind="association", recipient_name="Ordi Solidaire",
            recipient_identifier="12345"))
    assert "RNA" in str(exc.value)
    transfer = services.transfer_record(actor=agent_a, offer=offer, data=_handover(
        recipient_kind="association", recipient_name="Ordi Solidaire",
        recipient_identifier="w071234567"))
    assert transfer.recipient_identifier == "W071234567"
    assert transfer.recipient is None and transfer.received_device is None
    assert selectors.reuse_figures(collectivite=territory.a).given == 1


def test_wipe_cannot_be_dated_in_the_future(agent_a, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    with pytest.raises(ValidationError):
        services.wipe_record(actor=agent_a, offer=offer, method="crypto_erase",
                             date=timezone.localdate() + datetime.timedelta(days=2),
                             operator="X", proof="")


# --- Pages ------------------------------------------------------------------------------------


def test_pool_page_lists_other_members_offers_with_filters(login, agent_a, agent_b, territory):
    offer_devices(agent_a, territory.a, make_devices(territory.a, 2))
    offer_devices(agent_a, territory.a, make_devices(territory.a, 1, kind="monitor"))
    client = login(agent_b)
    page = client.get(reverse("sobriete:reemploi-pool")).content.decode()
    assert "Appareils disponibles (3)" in page and territory.a.name in page
    filtered = client.get(reverse("sobriete:reemploi-pool"), {"device_type": "monitor"})
    assert "Appareils disponibles (1)" in filtered.content.decode()
    empty = client.get(reverse("sobriete:reemploi-pool"), {"device_type": "tablet"})
    assert "Aucun appareil ne correspond" in empty.content.decode()


def test_pool_offer_page_never_shows_the_givers_inventory(login, agent_a, agent_b, territory):
    devices = make_devices(territory.a, 1)
    Device.objects.create(collectivite=territory.a, kind="desktop", brand="HP",
                          model="Poste secret du maire", serial_number="NOPE")
    offer = offer_devices(agent_a, territory.a, devices)[0]
    page = login(agent_b).get(reverse("sobriete:reemploi-offer", args=[offer.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Réserver" in body
    assert "Poste secret du maire" not in body
    assert "Effacement des données et remise" not in body


def test_reserve_accept_wipe_handover_through_the_pages(login, agent_a, agent_b, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    b = login(agent_b)
    response = b.post(reverse("sobriete:reemploi-reserve", args=[offer.pk]),
                      {"collectivite": territory.b.pk, "message": ""}, follow=True)
    assert "Réservation envoyée" in response.content.decode()
    reservation = Reservation.objects.get()
    a = login(agent_a)
    a.post(reverse("sobriete:reemploi-decide", args=[reservation.pk]), {"decision": "accept"})
    page = a.get(reverse("sobriete:reemploi-handover", args=[offer.pk]))
    assert page.status_code == 200
    response = a.post(reverse("sobriete:reemploi-handover", args=[offer.pk]), {
        "handed_over_on": timezone.localdate().isoformat(), "condition_at_handover": "good",
        "received_by": "Bruno"})
    assert "obligatoire avant toute remise" in response.content.decode()
    a.post(reverse("sobriete:reemploi-wipe", args=[offer.pk]), {
        "wipe_method": "crypto_erase", "wipe_date": timezone.localdate().isoformat(),
        "wipe_operator": "Prestataire Effaçage", "wipe_proof": "Certificat 2025-17"})
    response = a.post(reverse("sobriete:reemploi-handover", args=[offer.pk]), {
        "handed_over_on": timezone.localdate().isoformat(), "condition_at_handover": "good",
        "received_by": "Bruno"}, follow=True)
    assert "seconde vie" in response.content.decode()
    received = login(agent_b).get(reverse("sobriete:reemploi-collectivite",
                                          args=[territory.b.pk])).content.decode()
    assert "Appareils reçus par" in received and "Effacement cryptographique" in received
    given = login(agent_b).get(reverse("sobriete:reemploi-offer", args=[offer.pk]))
    assert given.status_code == 200 and "Remis" in given.content.decode()  # receiver's history
    assert Transfer.objects.get().received_device.collectivite == territory.b


def test_outsiders_cannot_manage_an_offer(login, agent_a, agent_b, elu_a, territory):
    offer = offer_devices(agent_a, territory.a, make_devices(territory.a, 1))[0]
    b = login(agent_b)
    assert b.get(reverse("sobriete:reemploi-wipe", args=[offer.pk])).status_code == 404
    assert b.post(reverse("sobriete:reemploi-withdraw", args=[offer.pk])).status_code == 404
    e = login(elu_a)
    assert e.get(reverse("sobriete:reemploi-wipe", args=[offer.pk])).status_code == 403
    assert e.get(reverse("sobriete:reemploi-offer-create", args=[territory.a.pk])
                 ).status_code == 403
    services.offer_withdraw(actor=agent_a, offer=offer)
    b = login(agent_b)
    assert b.get(reverse("sobriete:reemploi-offer", args=[offer.pk])).status_code == 404


def test_offer_form_from_inventory_creates_one_offer_per_checked_device(login, agent_a,
                                                                       territory):
    devices = make_devices(territory.a, 3)
    client = login(agent_a)
    url = reverse("sobriete:reemploi-offer-create", args=[territory.a.pk])
    assert "Latitude 5401" in client.get(url).content.decode()
    response = client.post(url, {
        "devices": [devices[0].pk, devices[2].pk], "terms-condition": "fair",
        "terms-location": "Mairie", "terms-available_from": "2025-02-01",
        "terms-price_kind": "free", "terms-for_members": "on"}, follow=True)
    assert "2 appareils proposés au réemploi." in response.content.decode()
    assert set(Offer.objects.values_list("device_id", flat=True)) == {devices[0].pk,
                                                                      devices[2].pk}


def test_offer_form_shows_errors_next_to_fields(login, agent_a, territory):
    url = reverse("sobriete:reemploi-offer-create", args=[territory.a.pk])
    response = login(agent_a).post(url + "?saisie=manuelle", {"terms-location": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "Le formulaire contient" in body
    assert 'aria-describedby="id_terms-location_helptext id_terms-location_error"' in body
    assert not Offer.objects.exists()


def test_offer_entered_by_hand_gets_the_footprint_of_its_type(agent_a, territory):
    offer = services.offer_create(actor=agent_a, collectivite=territory.a, terms=TERMS,
                                  described={"device_type": "laptop", "brand": "Lenovo",
                                             "model": "ThinkPad modèle inconnu"})
    assert offer.device is None and offer.avoided_kgco2e > 0
    assert "calculée" in offer.avoided_source


def test_member_page_block_shows_the_reuse_figures(agent_a, territory):
    from django.template.loader import render_to_string

    offer_devices(agent_a, territory.a, make_devices(territory.a, 2))
    html = render_to_string("sobriete/reemploi/_collectivite_block.html",
                            {"collectivite": territory.a})
    assert "Appareils proposés</dt><dd>2</dd>" in html
