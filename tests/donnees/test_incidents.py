"""Breaches (72-hour clock, decisions, closing) and data-subject requests (one month, extension,
answer), the DPO overview, reminders and the demo command."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from socle.donnees import services
from socle.donnees.models import Breach, ReminderSent, SubjectRequest, add_months
from socle.donnees.reminders import reminders_send
from socle.journal.models import AuditEvent


def _breach(actor, collectivite, hours_ago=10, **extra):
    return services.breach_create(actor=actor, collectivite=collectivite, data={
        "title": "Ordinateur portable volé", "risk": "",
        "detected_at": timezone.now() - datetime.timedelta(hours=hours_ago), **extra})


def _request(actor, collectivite, days_ago=5, **extra):
    return services.request_create(actor=actor, collectivite=collectivite, data={
        "kind": "acces", "requester": "Jeanne Fictive",
        "received_on": timezone.localdate() - datetime.timedelta(days=days_ago), **extra})


def test_breach_page_shows_the_72_hour_clock(login, agent_a, territory):
    breach = _breach(agent_a, territory.a, hours_ago=10)
    page = login(agent_a).get(reverse("donnees:breach", kwargs={"pk": breach.pk}))
    assert "Temps restant : 61 h" in page.content.decode() or "Temps restant : 62 h" in \
        page.content.decode()


def test_overdue_breach_says_so_and_late_notification_needs_a_reason(login, agent_a, territory):
    breach = _breach(agent_a, territory.a, hours_ago=80)
    client = login(agent_a)
    assert "Délai dépassé de 8 h" in client.get(
        reverse("donnees:breach", kwargs={"pk": breach.pk})).content.decode()
    form = {"title": breach.title, "detected_at": timezone.localtime(breach.detected_at)
            .strftime("%Y-%m-%dT%H:%M"), "risk": "risque",
            "cnil_notified_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "cnil_reference": "NOTIF-2026-001"}
    refused = client.post(reverse("donnees:breach-edit", kwargs={"pk": breach.pk}), form)
    assert "indiquez le motif du retard" in refused.content.decode()
    form["delay_reason"] = "Découverte de l'étendue le troisième jour"
    client.post(reverse("donnees:breach-edit", kwargs={"pk": breach.pk}), form)
    breach.refresh_from_db()
    assert breach.cnil_reference == "NOTIF-2026-001" and breach.notified_late


def test_closing_needs_a_justified_decision_and_keeps_the_record(login, agent_a, territory):
    breach = _breach(agent_a, territory.a, risk="risque")
    client = login(agent_a)
    close = reverse("donnees:breach-close", kwargs={"pk": breach.pk})
    refused = client.post(close, follow=True).content.decode()
    assert "justifiez la décision de ne pas la notifier" in refused
    services.breach_update(actor=agent_a, breach=breach, data={
        "decision_note": "Données chiffrées : risque résiduel faible, avis du DPO."})
    client.post(close)
    breach.refresh_from_db()
    assert breach.closed_at is not None and Breach.objects.count() == 1
    assert AuditEvent.objects.filter(action="donnees.breach_closed").exists()


def test_request_deadline_extension_and_answer(login, agent_a, territory):
    demand = _request(agent_a, territory.a, days_ago=0)
    assert demand.due_on == add_months(demand.received_on, 1)
    client = login(agent_a)
    client.post(reverse("donnees:request-extend", kwargs={"pk": demand.pk}),
                {"extension_reason": "Demande portant sur dix ans d'archives"})
    demand.refresh_from_db()
    assert demand.extended and demand.due_on == add_months(demand.received_on, 3)
    answer = {"answered_on": timezone.localdate().isoformat(), "answer": "Copie envoyée",
              "answer_trace": "Recommandé 1A 234"}
    refused = client.post(reverse("donnees:request-answer", kwargs={"pk": demand.pk}), answer)
    assert refused.status_code == 400 and "Vérifiez d&#x27;abord l&#x27;identité" in \
        refused.content.decode()
    services.request_update(actor=agent_a, request=demand, data={"identity_checked": True})
    client.post(reverse("donnees:request-answer", kwargs={"pk": demand.pk}), answer)
    demand.refresh_from_db()
    assert demand.closed_at and demand.answer_trace == "Recommandé 1A 234"


def test_add_months_keeps_the_end_of_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)


def test_elu_does_not_see_requester_names(login, agent_a, elu_a, territory):
    demand = _request(agent_a, territory.a)
    page = login(elu_a).get(reverse("donnees:request", kwargs={"pk": demand.pk}))
    assert page.status_code == 200 and "Jeanne Fictive" not in page.content.decode()


def test_dpo_overview_lists_served_collectivites_and_overdue_items(
        login, dpo_ac, agent_a, territory):
    c_agent = territory.c.memberships.model.objects.create(
        user=agent_a.__class__.objects.create_user("c@exemple.test"), collectivite=territory.c,
        role="agent").user
    _request(c_agent, territory.c, days_ago=40)
    _breach(agent_a, territory.a, hours_ago=75)
    page = login(dpo_ac).get(reverse("donnees:home")).content.decode()
    assert "Vue DPO mutualisée" in page
    assert "Alboussière" in page and "Champis" in page and "Boffres" not in page
    assert "Violation : Ordinateur portable volé" in page and "Demande : Accès" in page


def test_member_of_one_collectivite_is_sent_to_its_page(login, agent_a, territory):
    response = login(agent_a).get(reverse("donnees:home"))
    assert response["Location"] == reverse("donnees:collectivite", kwargs={"pk": territory.a.pk})


def test_operator_sees_territorial_indicators(login, operateur, agent_a, territory):
    _breach(agent_a, territory.a, hours_ago=80)
    page = login(operateur).get(reverse("donnees:home")).content.decode()
    assert "Données et RGPD sur le territoire" in page and "Alboussière" in page


def test_reminders_are_sent_once(db, dpo_ac, agent_a, territory, django_capture_on_commit_callbacks,
                                 settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    _breach(agent_a, territory.a, hours_ago=50)  # 22 hours left
    _request(agent_a, territory.a, days_ago=40)  # overdue
    _request(agent_a, territory.a, days_ago=1)  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 0
    assert DBTaskResult.objects.count() == 2
    assert set(ReminderSent.objects.values_list("recipients", flat=True)[0]) == {dpo_ac.email}
    later = timezone.now() + datetime.timedelta(hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=later) == 1  # the breach is now overdue: one more reminder


def test_archived_request_leaves_the_overdue_list(login, referent_a, territory):
    demand = _request(referent_a, territory.a, days_ago=40)
    login(referent_a).post(reverse("donnees:request-archive", kwargs={"pk": demand.pk}),
                           {"reason": "Doublon de la demande reçue par courriel"})
    assert not SubjectRequest.objects.filter(archived_at__isnull=True).exists()


def test_demo_command_is_idempotent(db):
    from socle.territoires.demo import demo_load
    from tests.factories import CollectiviteFactory, EpciFactory

    epci = EpciFactory(siren="200072015", ref_key="epci:200072015")
    for code, name in [("07010", "Annonay"), ("07078", "Davézieux"), ("07186", "Privas")]:
        CollectiviteFactory(code_insee=code, name=name, ref_key=f"commune:{code}", epci=epci)
    demo_load()
    call_command("load_demo_donnees")
    call_command("load_demo_donnees")
    assert Breach.objects.count() == 1 and SubjectRequest.objects.get().overdue
    assert Breach.objects.get().collectivite.name == "Davézieux"
