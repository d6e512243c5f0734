"""Health of the platform's moving parts, for /healthz and ``manage.py healthcheck``.

The worker check follows the configured task backend (``TASKS["default"]``):

- database backend: healthy unless a task ready to run has been waiting longer than
  ``STALE_AFTER`` (no ``db_worker`` is taking work);
- RQ backend: healthy when Redis answers, at least one worker listens to the queue, and the oldest
  queued job is not older than ``STALE_AFTER`` (workers alive but stuck).

Each check returns a dict with ``status`` ("ok" or "error") and plain figures; never raises.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.utils import timezone

# A ready task waiting longer than this means no worker is taking work.
STALE_AFTER = timedelta(minutes=2)


def _error(exc: BaseException, **fields) -> dict:
    return {"status": "error", **fields, "detail": f"{type(exc).__name__}: {exc}"}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message is reported
        return _error(exc)
    return {"status": "ok", "engine": connection.vendor}


def _age_seconds(since: datetime | None, now: datetime) -> int:
    return max(0, int((now - since).total_seconds())) if since else 0


def _check_rq_workers(queue_name: str) -> dict:
    import django_rq
    from rq import Worker
    from rq.job import Job

    try:
        conn = django_rq.get_connection(queue_name)
        conn.ping()
        queue = django_rq.get_queue(queue_name)
        workers = Worker.count(connection=conn, queue=queue)
        queued = queue.count
        oldest_id = next(iter(queue.get_job_ids(0, 1)), None)
        oldest = Job.fetch(oldest_id, connection=conn).enqueued_at if oldest_id else None
    except Exception as exc:  # connection refused, authentication, timeout, job just taken
        return _error(exc, backend="rq")
    waited = _age_seconds(oldest, timezone.now())
    stale = waited > STALE_AFTER.total_seconds()
    return {
        "status": "ok" if workers > 0 and not stale else "error",
        "backend": "rq",
        "workers": workers,
        "queued": queued,
        "oldest_waiting_seconds": waited,
    }


def _check_db_worker(backend_name: str) -> dict:
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    # A deferred task is waiting from its run_after on, not from when it was enqueued.
    ready = DBTaskResult.objects.ready().filter(backend_name=backend_name).annotate(
        waiting_since=Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
    )
    oldest = ready.order_by("waiting_since").values_list("waiting_since", flat=True).first()
    last_finished = (
        DBTaskResult.objects.finished()
        .filter(backend_name=backend_name)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    waited = _age_seconds(oldest, now)
    return {
        "status": "error" if waited > STALE_AFTER.total_seconds() else "ok",
        "backend": "database",
        "waiting": ready.count(),
        "oldest_waiting_seconds": waited,
        "last_finished": last_finished.isoformat() if last_finished else None,
    }


def check_worker(alias: str = "default") -> dict:
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    backend = task_backends[alias]
    queues = sorted(backend.queues or ["default"])
    queue_name = "default" if "default" in queues else queues[0]
    if type(backend).__module__.startswith("django_tasks_rq"):
        return _check_rq_workers(queue_name)
    if isinstance(backend, DatabaseBackend):
        try:
            return _check_db_worker(alias)
        except Exception as exc:  # table missing before migrate, database down
            return _error(exc, backend="database")
    # Immediate or dummy backends run tasks in the request itself: no worker to watch.
    return {"status": "ok", "backend": type(backend).__name__}


def platform_health() -> dict:
    checks = {"database": check_database(), "worker": check_worker()}
    ok = all(c["status"] == "ok" for c in checks.values())
    return {"status": "ok" if ok else "error", "checks": checks}
