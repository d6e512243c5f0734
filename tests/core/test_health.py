"""/healthz and ``manage.py healthcheck``: the database, and the worker of whichever task backend
is configured (database backend here; real RQ workers when REDIS_URL is set)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from socle.core.tasks import send_email
from tests.core.conftest import run_db_worker, wait_until


def _enqueue(waiting_for: timedelta, *, run_after=None):
    """A mail task that has been ready for ``waiting_for`` (no worker took it)."""
    task = send_email.using(run_after=run_after) if run_after else send_email
    result = task.enqueue(subject="Objet", body="Texte", to=["anne.agente@exemple.test"])
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - waiting_for)
    return result


def _health(client):
    response = client.get(reverse("core:healthz"))
    return response.status_code, response.json()


@pytest.fixture
def on_database(db, db_backend):
    """The database task backend, whatever the environment configures."""


def test_healthy_without_waiting_tasks_and_open_to_anonymous(client, on_database):
    response = client.get(reverse("core:healthz"))

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok"
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["worker"] == {
        "status": "ok",
        "backend": "database",
        "waiting": 0,
        "oldest_waiting_seconds": 0,
        "last_finished": None,
    }


def test_recent_waiting_task_is_healthy(client, on_database):
    _enqueue(timedelta(seconds=30))

    status, report = _health(client)
    assert status == 200
    assert report["checks"]["worker"]["waiting"] == 1


def test_task_waiting_over_two_minutes_means_no_worker(client, on_database):
    _enqueue(timedelta(minutes=3))

    status, report = _health(client)
    assert status == 503
    assert report["status"] == "error"
    worker = report["checks"]["worker"]
    assert worker["status"] == "error"
    assert worker["oldest_waiting_seconds"] >= 180


def test_deferred_task_waits_from_its_run_after(client, on_database):
    # Enqueued an hour ago for a run 30 s ago: ready for 30 s only.
    _enqueue(timedelta(hours=1), run_after=timezone.now() - timedelta(seconds=30))
    # Enqueued an hour ago for tomorrow: not ready at all.
    _enqueue(timedelta(hours=1), run_after=timezone.now() + timedelta(days=1))

    status, report = _health(client)
    assert status == 200
    assert report["checks"]["worker"]["waiting"] == 1
    assert report["checks"]["worker"]["oldest_waiting_seconds"] < 120


def test_finished_tasks_are_reported(client, transactional_db, db_backend):
    # The worker closes connections between tasks: real commits, not the test transaction.
    _enqueue(timedelta(minutes=5))
    run_db_worker()

    status, report = _health(client)
    assert status == 200
    assert report["checks"]["worker"]["waiting"] == 0
    assert report["checks"]["worker"]["last_finished"] is not None


def test_healthcheck_command(on_database):
    out = io.StringIO()
    call_command("healthcheck", stdout=out)
    assert '"status": "ok"' in out.getvalue()

    _enqueue(timedelta(minutes=3))
    with pytest.raises(CommandError, match="worker"):
        call_command("healthcheck", stdout=io.StringIO())


@pytest.mark.rq
def test_rq_health_follows_live_workers(client, rq_workers):
    status, report = _health(client)
    assert status == 503, "no rqworker is running yet"
    assert report["checks"]["worker"]["backend"] == "rq"
    assert report["checks"]["worker"]["workers"] == 0

    worker = rq_workers.start(burst=False)
    assert wait_until(lambda: _health(client)[0] == 200), rq_workers.stop(worker)
    status, report = _health(client)
    assert report["checks"]["worker"]["workers"] == 1

    rq_workers.stop(worker)
    status, report = _health(client)
    assert status == 503
    assert report["checks"]["worker"]["workers"] == 0
