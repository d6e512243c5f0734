"""The report of a member, the operator's table and its CSV export, persona by persona."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from socle.diagnostic.models import Presence
from socle.diagnostic.services import scan_run
from socle.journal.models import AuditEvent
from tests.core.conftest import DB_TASKS

pytestmark = pytest.mark.urls("tests.diagnostic.urls")


@pytest.fixture
def scanned_a(territory, sim_config):
    """A scanned twice: a clean domain first, then one whose certificate has expired."""
    a = territory.a
    Presence.objects.create(
        collectivite=a, website="https://bonne-commune.fr/", contact_email="mairie@bonne-commune.fr"
    )
    scan_run(actor=None, collectivite=a, config=sim_config)
    Presence.objects.filter(collectivite=a).update(
        website="https://commune-expiree.fr", contact_email="contact@commune-expiree.fr"
    )
    scan_run(actor=None, collectivite=a, config=sim_config)
    return a


def report_url(collectivite):
    return reverse("diagnostic:collectivite", args=[collectivite.pk])


def run_url(collectivite):
    return reverse("diagnostic:collectivite-run", args=[collectivite.pk])


def test_a_referent_reads_the_report_with_its_changes(client, login, referent_a, scanned_a):
    login(referent_a)
    page = client.get(report_url(scanned_a)).content.decode()

    assert "<h1>Diagnostic externe — Alboussière</h1>" in page
    assert "Niveau RCPNT : 1 — à renforcer" in page
    assert "Site internet (référentiel RCPNT)" in page and "Messagerie (référentiel RCPNT)" in page
    assert "Critères dont le résultat a changé" in page
    assert '<th scope="row">rcpnt.1.5</th><td>Conforme</td><td>Non conforme</td>' in page
    assert "Lancer un diagnostic" in page


def test_the_report_without_any_scan_says_so(client, login, agent_a, territory):
    login(agent_a)
    page = client.get(report_url(territory.a)).content.decode()
    assert "Aucun diagnostic n'a encore été réalisé" in page


def test_a_referent_launches_a_scan(
    client, login, referent_a, territory, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    login(referent_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(run_url(territory.a), follow=True)

    assert response.redirect_chain[-1][0] == report_url(territory.a)
    assert "Le diagnostic est lancé" in response.content.decode()
    task = DBTaskResult.objects.get()
    assert task.args_kwargs["kwargs"] == {"collectivite_id": territory.a.pk}
    assert AuditEvent.objects.filter(action="diagnostic.requested", actor=referent_a).exists()


def test_an_elected_member_reads_but_cannot_launch(client, login, elu_a, scanned_a):
    login(elu_a)
    assert "Lancer un diagnostic" not in client.get(report_url(scanned_a)).content.decode()
    assert client.post(run_url(scanned_a)).status_code == 403
    assert not DBTaskResult.objects.exists()


def test_another_collectivite_is_not_found(client, login, agent_b, scanned_a):
    login(agent_b)
    assert client.get(report_url(scanned_a)).status_code == 404
    assert client.post(run_url(scanned_a)).status_code == 404


def test_members_are_sent_to_their_report(client, login, dpo_ac, agent_b, territory):
    login(dpo_ac)
    assert client.get(reverse("diagnostic:home")).url == report_url(territory.a)
    login(agent_b)
    assert client.get(reverse("diagnostic:home")).url == report_url(territory.b)


def test_the_operator_sees_levels_and_filters(client, login, operateur, scanned_a):
    login(operateur)
    page = client.get(reverse("diagnostic:home")).content.decode()
    assert "Alboussière (07005)" in page and "Boffres (07036)" in page
    assert "1 — à renforcer" in page and "jamais analysée" in page

    filtered = client.get(reverse("diagnostic:home"), {"niveau": "aucun"}).content.decode()
    assert "Boffres (07036)" in filtered and "Alboussière (07005)" not in filtered
    assert (
        "Aucune collectivité membre"
        in client.get(reverse("diagnostic:home"), {"niveau": "2"}).content.decode()
    )


def test_the_operator_exports_the_levels_in_csv(client, login, operateur, scanned_a):
    login(operateur)
    response = client.get(reverse("diagnostic:export"), {"niveau": "1"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "code_insee;collectivite;niveau_rcpnt;libelle_niveau;score_global;analyse_le"
    assert len(lines) == 2 and lines[1].startswith("07005;Alboussière;1;à renforcer;")
    assert AuditEvent.objects.filter(action="diagnostic.exported").exists()


def test_members_cannot_export(client, login, referent_a):
    login(referent_a)
    assert client.get(reverse("diagnostic:export")).status_code == 403
