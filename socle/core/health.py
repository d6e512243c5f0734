"""Health of the platform's moving parts, for /healthz and `manage.py healthcheck`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

# A ready task waiting longer than this means no worker is taking work.
STALE_AFTER = timedelta(minutes=2)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message is reported
        return {"status": "error", "detail": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "engine": connection.vendor}


def _check_rq_workers() -> dict:
    import django_rq
    from rq import Worker

    try:
        conn = django_rq.get_connection("default")
        conn.ping()
        workers = Worker.count(connection=conn)
        queued = django_rq.get_queue("default").count
    except Exception as exc:  # connection refused, auth, timeout
        return {"status": "error", "backend": "rq", "detail": f"{type(exc).__name__}: {exc}"}
    status = "ok" if workers > 0 else "error"
    return {"status": status, "backend": "rq", "workers": workers, "queued": queued}


def _check_db_worker() -> dict:
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waiting = ready.count()
    last_finished = (
        DBTaskResult.objects.finished()
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    stale = oldest is not None and now - oldest > STALE_AFTER
    return {
        "status": "error" if stale else "ok",
        "backend": "database",
        "waiting": waiting,
        "oldest_waiting_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "last_finished": last_finished.isoformat() if last_finished else None,
    }


def check_worker() -> dict:
    if getattr(settings, "REDIS_URL", ""):
        return _check_rq_workers()
    try:
        return _check_db_worker()
    except Exception as exc:  # table missing before migrate, database down
        return {"status": "error", "backend": "database", "detail": f"{type(exc).__name__}: {exc}"}


def platform_health() -> dict:
    checks = {"database": check_database(), "worker": check_worker()}
    ok = all(c["status"] == "ok" for c in checks.values())
    return {"status": "ok" if ok else "error", "checks": checks}
