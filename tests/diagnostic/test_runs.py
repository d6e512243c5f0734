"""Scans stored in the database: the service, the task on the database worker, the command."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from socle.diagnostic.checks import CHECKS
from socle.diagnostic.models import Presence, Scan
from socle.diagnostic.services import scan_run
from socle.diagnostic.tasks import scan_collectivite
from socle.journal.models import AuditEvent
from socle.territoires.models import Collectivite
from tests.core.conftest import DB_TASKS, run_db_worker


@pytest.fixture
def sim_settings(settings, sim_config):
    settings.SOCLE_DIAGNOSTIC_SCAN = {
        "resolver": sim_config.resolver,
        "ca_bundle": sim_config.ca_bundle,
        "timeout": sim_config.timeout,
        "port_map": sim_config.port_map,
        "geo_overrides": sim_config.geo_overrides,
    }
    return settings


@pytest.fixture
def db_backend_settings(settings):
    settings.TASKS = DB_TASKS


@pytest.fixture
def commune_a(territory):
    a = territory.a
    a.website, a.contact_email = "https://bonne-commune.fr/", "mairie@bonne-commune.fr"
    a.save()
    return a


def test_scan_run_stores_the_scan_and_its_checks(sim_settings, commune_a, referent_a):
    scan = scan_run(actor=referent_a, collectivite=commune_a)

    scan = Scan.objects.get(pk=scan.pk)
    assert (scan.status, scan.rcpnt_level, scan.target) == ("done", 2, "https://bonne-commune.fr/")
    assert scan.scores["rcpnt"] == 100
    assert scan.checks.count() == len(CHECKS)
    check = scan.checks.get(check_id="rcpnt.1.4")
    assert (check.family, check.status) == ("rcpnt_web", "pass")
    assert check.explanation
    presence = Presence.objects.get(collectivite=commune_a)
    assert presence.contact_email == "mairie@bonne-commune.fr"
    event = AuditEvent.objects.get(action="diagnostic.scanned")
    assert (event.actor, event.collectivite) == (referent_a, commune_a)


def test_history_is_kept_and_the_declared_presence_is_used(sim_settings, commune_a):
    scan_run(actor=None, collectivite=commune_a)
    Presence.objects.filter(collectivite=commune_a).update(
        website="https://commune-expiree.fr", contact_email="contact@commune-expiree.fr"
    )
    scan_run(actor=None, collectivite=commune_a)

    levels = Scan.objects.filter(collectivite=commune_a).values_list("rcpnt_level", flat=True)
    assert list(levels) == [1, 2]
    latest = Scan.objects.filter(collectivite=commune_a).first()
    assert latest.checks.get(check_id="rcpnt.1.5").status == "fail"


def test_an_elected_member_cannot_run_a_scan(sim_settings, commune_a, elu_a):
    with pytest.raises(PermissionDenied):
        scan_run(actor=elu_a, collectivite=commune_a)
    assert not Scan.objects.exists()


def test_the_task_runs_on_the_database_worker(worker_db, sim_settings, commune_a):
    scan_collectivite.enqueue(collectivite_id=commune_a.pk)
    assert not Scan.objects.exists()

    run_db_worker()

    assert Scan.objects.get(collectivite=commune_a).rcpnt_level == 2


def test_the_command_enqueues_members(worker_db, sim_settings, commune_a):
    out = io.StringIO()
    call_command("diagnostic_run", "07005", "07036", stdout=out)
    assert "2 diagnostic(s) mis en file" in out.getvalue()
    run_db_worker()
    levels = dict(Scan.objects.values_list("collectivite__code_insee", "rcpnt_level"))
    assert levels == {"07005": 2, "07036": 0}  # B declares nothing: « à risque »


def test_all_members_are_enqueued(
    db_backend_settings, territory, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("diagnostic_run", "--all-members", stdout=out)
    members = Collectivite.objects.members().current().count()
    assert f"{members} diagnostic(s) mis en file (lots de 50)." in out.getvalue()
    # One task per chunk of 50, carrying only ids.
    task = DBTaskResult.objects.get(status="READY")
    assert len(task.args_kwargs["kwargs"]["collectivite_ids"]) == members


def test_the_command_refuses_unknown_codes(db):
    with pytest.raises(CommandError, match="introuvables"):
        call_command("diagnostic_run", "99999")
