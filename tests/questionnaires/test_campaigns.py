"""Campaigns: launching (operators only, filters, invitations), progress, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from socle.journal.models import AuditEvent
from socle.questionnaires import services
from socle.questionnaires.models import Campaign, Reminder, Response
from tests.factories import CollectiviteFactory

from .conftest import response_of


def test_operator_launches_a_campaign_through_the_page(
    login, operateur, territory, agent_a, agent_b, django_capture_on_commit_callbacks
):
    outsider = CollectiviteFactory(name="Hors Département", departement_code="26")
    client = login(operateur)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("questionnaires:campaign-create"), {
            "title": "Cyber 2026", "referential": "maturite-numerique", "departement": "07",
            "opens_on": today.isoformat(),
            "deadline": (today + datetime.timedelta(days=20)).isoformat(),
        })
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.referential_version == "1"
    targets = set(campaign.responses.values_list("collectivite__name", flat=True))
    assert {"Alboussière", "Boffres", "Champis"} <= targets
    assert outsider.name not in targets
    recipients = {address for message in mail.outbox for address in message.to}
    assert {agent_a.email, agent_b.email} <= recipients
    assert AuditEvent.objects.filter(action="questionnaires.campaign_launched").exists()
    page = client.get(reverse("questionnaires:campaign", kwargs={"pk": campaign.pk}))
    assert "Non commencée" in page.content.decode()


def test_deadline_before_opening_is_refused(login, operateur):
    client = login(operateur)
    response = client.post(reverse("questionnaires:campaign-create"), {
        "title": "X", "referential": "maturite-numerique",
        "opens_on": "2026-05-10", "deadline": "2026-05-01",
    })
    assert response.status_code == 200
    assert "La date limite doit suivre la date d&#x27;ouverture." in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("persona", ["referent_a", "agent_a", "elu_a", "dpo_ac"])
def test_members_cannot_launch(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("questionnaires:campaign-create")).status_code == 403


def test_member_home_redirects_to_their_collectivite(login, agent_a, territory, campaign):
    response = login(agent_a).get(reverse("questionnaires:home"))
    assert response["Location"] == reverse("questionnaires:collectivite",
                                           kwargs={"pk": territory.a.pk})
    page = login(agent_a).get(response["Location"]).content.decode()
    assert "Autodiagnostic 2026" in page


def test_campaign_of_another_collectivite_is_not_found(login, agent_b, territory, campaign):
    a_response = response_of(campaign, territory.a)
    client = login(agent_b)
    for name in ("response", "response-results", "response-plan", "response-report"):
        assert client.get(reverse(f"questionnaires:{name}", kwargs={"pk": a_response.pk})
                          ).status_code == 404
    assert client.get(reverse("questionnaires:collectivite", kwargs={"pk": territory.a.pk})
                      ).status_code == 404


def test_reminders_once_per_stage(agent_a, territory, campaign, django_capture_on_commit_callbacks):
    deadline = campaign.deadline
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(today=deadline - datetime.timedelta(days=10)) == 0
        week = services.reminders_send(today=deadline - datetime.timedelta(days=6))
        again = services.reminders_send(today=deadline - datetime.timedelta(days=5))
        call_command("questionnaires_reminders", date=str(deadline - datetime.timedelta(days=1)))
        call_command("questionnaires_reminders", date=str(deadline + datetime.timedelta(days=2)))
        call_command("questionnaires_reminders", date=str(deadline + datetime.timedelta(days=3)))
    assert week == 1  # only A has answerers among the targets (agent_a)
    assert again == 0
    stages = sorted(Reminder.objects.filter(response__collectivite=territory.a)
                    .values_list("stage", flat=True))
    assert stages == ["j-1", "j-7", "retard"]
    assert [m.to for m in mail.outbox] == [[agent_a.email]] * 3


def test_no_reminder_once_submitted(agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    services.response_submit(actor=agent_a, response=response, partial=True)
    assert services.reminders_send(today=campaign.deadline - datetime.timedelta(days=3)) == 0
    assert Response.objects.get(pk=response.pk).status == "submitted"
