"""Fixtures for the task engines: the database backend run in-process, and real RQ workers started
as subprocesses against a dedicated Redis database (only when REDIS_URL is set)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from tests.conftest import require_service

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
# The RQ tests flush this Redis database: never the one REDIS_URL names for real work.
TEST_REDIS_DB = 15
WORKER_TIMEOUT = 60


@pytest.fixture
def db_backend(settings):
    """Tasks on the database backend, whatever the environment configures."""
    settings.TASKS = DB_TASKS


def run_db_worker() -> None:
    """Run the real ``db_worker`` in this process until the queue is empty. The worker closes
    connections between tasks, so tests using it need ``transactional_db``. The command installs
    its own SIGINT/SIGTERM handlers; they are put back afterwards so Ctrl-C still stops pytest."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    saved = {sig: signal.getsignal(sig) for sig in signals}
    try:
        call_command(
            "db_worker",
            batch=True,
            interval=0,
            startup_delay=False,
            reload=False,
            verbosity=0,
            stdout=io.StringIO(),
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _redis_url_with_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def _worker_database_url() -> str | None:
    """The database the test process uses (``test_<name>`` on PostgreSQL), for a subprocess.
    None on SQLite: the test database lives in memory; the worker gets an empty file instead."""
    if connection.vendor != "postgresql":
        return None
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{connection.settings_dict['NAME']}"))


@dataclass
class RqWorkers:
    url: str
    conn: object
    mail_dir: Path
    env: dict[str, str]
    started: list[subprocess.Popen] = field(default_factory=list)

    def start(self, *, burst: bool) -> subprocess.Popen:
        # The command an operator runs (see run_platform): no --job-class, settings.RQ gives it.
        command = [sys.executable, "manage.py", "rqworker", "default", "-v", "0"]
        if burst:
            command.append("--burst")
        process = subprocess.Popen(  # noqa: S603
            command,
            cwd=django_settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> str:
        """Warm shutdown (SIGTERM: the worker unregisters itself), bounded; returns its output."""
        if process.poll() is None:
            process.terminate()
        try:
            output, _ = process.communicate(timeout=WORKER_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        return output.decode(errors="replace")


def wait_until(predicate: Callable[[], bool], *, timeout: float = WORKER_TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _require_django_tasks_job_class() -> None:
    """rqworker must build django-tasks-rq's Job: RQ's own Job calls the Task object as a plain
    function, so every task fails with "'Task' object is not callable"."""
    import django_tasks_rq
    from django_rq.jobs import get_job_class

    assert get_job_class() is django_tasks_rq.Job, (
        "settings.RQ['JOB_CLASS'] must be 'django_tasks_rq.Job' when REDIS_URL is set, "
        "or every rqworker fails the tasks it takes."
    )


@pytest.fixture
def rq_workers(db, settings, tmp_path):
    """Tasks on the RQ backend, on a flushed dedicated Redis database; ``start(burst=...)`` runs
    ``manage.py rqworker`` with the same environment, mails written to files in ``mail_dir``."""
    import redis

    base_url = os.environ.get("REDIS_URL", "")
    require_service(bool(base_url), "REDIS_URL n'est pas défini : tests RQ ignorés.")
    url = _redis_url_with_db(base_url, TEST_REDIS_DB)
    conn = redis.Redis.from_url(url)
    try:
        conn.ping()
    except redis.RedisError as exc:
        require_service(False, f"Redis injoignable ({url}) : {exc}")
    _require_django_tasks_job_class()
    conn.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": WORKER_TIMEOUT}}
    settings.TASKS = RQ_TASKS

    mail_dir = tmp_path / "mails"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "REDIS_URL": url,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "SOCLE_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": "rq-worker-test-secret-key-not-for-production",
        "SOCLE_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    database_url = _worker_database_url()
    if database_url:
        env["DATABASE_URL"] = database_url

    workers = RqWorkers(url=url, conn=conn, mail_dir=mail_dir, env=env)
    yield workers
    for process in workers.started:
        workers.stop(process)
    conn.flushdb()
    conn.close()
