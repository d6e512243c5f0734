"""Isolation with real objects of A (the project-wide walker only has ids): a member of B
reaches none of A's REEN pages, reservations, closed offers or handover forms; an open offer of
A is visible in the pool by design, without A's reservation, wiping proof or inventory."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from socle.sobriete.reemploi import services as reuse
from socle.sobriete.reen import demo
from socle.sobriete.reen.models import Objective, OnlineService, WorkAction
from tests.factories import MembershipFactory
from tests.sobriete.test_reemploi import TERMS, make_devices, wipe

SECRET_PROOF = "Certificat secret 0042"


@pytest.fixture
def a_world(agent_a, territory):
    c_agent = MembershipFactory(collectivite=territory.c, role="agent").user
    offers = reuse.offers_create_from_devices(actor=agent_a, collectivite=territory.a,
                                              devices=make_devices(territory.a, 3), terms=TERMS)
    reservation = reuse.reservation_create(actor=c_agent, offer=offers[0],
                                           collectivite=territory.c, message="Message de C")
    reuse.wipe_record(actor=agent_a, offer=offers[0], method="overwrite",
                      date=datetime.date.today(), operator="DSI", proof=SECRET_PROOF)
    reuse.offer_withdraw(actor=agent_a, offer=offers[1])
    wipe(agent_a, offers[2])
    reuse.transfer_record(actor=agent_a, offer=offers[2], data={
        "handed_over_on": datetime.date.today(), "condition_at_handover": "good",
        "received_by": "Quelqu'un", "recipient_kind": "school",
        "recipient_name": "École des Fictifs"})
    demo.demo_reen_load(actor=agent_a, collectivite=territory.a)
    return {"open": offers[0], "withdrawn": offers[1], "given": offers[2],
            "reservation": reservation}


def test_member_of_b_reaches_nothing_private_of_a(login, agent_b, territory, a_world):
    client = login(agent_b)
    a = territory.a
    objective = Objective.objects.filter(collectivite=a).first()
    action = WorkAction.objects.filter(collectivite=a).first()
    service = OnlineService.objects.filter(collectivite=a).first()
    denied = [
        ("sobriete:reemploi-offer", [a_world["withdrawn"].pk]),
        ("sobriete:reemploi-offer", [a_world["given"].pk]),
        ("sobriete:reemploi-wipe", [a_world["open"].pk]),
        ("sobriete:reemploi-handover", [a_world["open"].pk]),
        ("sobriete:reemploi-collectivite", [a.pk]),
        ("sobriete:reemploi-offer-create", [a.pk]),
        ("sobriete:reen-collectivite", [a.pk]),
        ("sobriete:reen-strategy", [a.pk]),
        ("sobriete:reen-objective", [objective.pk]),
        ("sobriete:reen-action", [action.pk]),
        ("sobriete:reen-snapshot", [a.pk]),
        ("sobriete:reen-rgesn", [a.pk]),
        ("sobriete:reen-rgesn-service", [service.pk]),
        ("sobriete:reen-document-odt", [a.pk]),
        ("sobriete:reen-document-pdf", [a.pk]),
    ]
    for name, args in denied:
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
    posts = [
        ("sobriete:reemploi-decide", [a_world["reservation"].pk]),
        ("sobriete:reemploi-cancel", [a_world["reservation"].pk]),
        ("sobriete:reemploi-withdraw", [a_world["open"].pk]),
        ("sobriete:reen-item-delete", ["objectif", objective.pk]),
    ]
    for name, args in posts:
        assert client.post(reverse(name, args=args), {"decision": "accept"}).status_code in (
            403, 404), name
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_open_offer_of_a_shows_no_private_detail_to_b(login, agent_b, a_world):
    body = login(agent_b).get(reverse("sobriete:reemploi-offer", args=[a_world["open"].pk])
                              ).content.decode()
    assert "Réservé" in body
    for secret in (SECRET_PROOF, "Message de C", "Historique des réservations"):
        assert secret not in body
