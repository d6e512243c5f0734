"""Start the whole platform on one machine: the task worker and the web server (gunicorn),
stopping both together on Ctrl-C or SIGTERM."""

import logging
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Start the task worker and the web server (gunicorn); Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3))
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task worker."
        )

    def worker_command(self) -> list[str]:
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        if settings.REDIS_URL:
            return [*manage, "rqworker", "default", "--with-scheduler"]
        return [*manage, "db_worker", "--interval", "1"]

    @staticmethod
    def nightly_due(next_nightly: float) -> bool:
        """The embedded schedule: the external diagnostic's nightly round, at
        ``SOCLE_DIAGNOSTIC_NIGHTLY_HOUR`` (local time). At scale, cron or a systemd timer runs
        ``manage.py diagnostic_nightly`` instead (docs/diagnostic-runs.md)."""
        hour = settings.SOCLE_DIAGNOSTIC_NIGHTLY_HOUR
        return hour >= 0 and timezone.localtime().hour == hour and time.monotonic() >= next_nightly

    def start_nightly(self) -> None:
        try:  # idempotent: does nothing if a nightly round started in the last 20 hours
            call_command("diagnostic_nightly", stdout=self.stdout)
        except Exception as exc:  # the platform keeps serving; the failure is logged
            logger.exception("diagnostic_nightly failed: %s", exc)

    def handle(self, *args, host, port, web_workers, no_worker, **options):
        children: list[subprocess.Popen] = []
        if not no_worker:
            children.append(subprocess.Popen(self.worker_command()))  # noqa: S603
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable, "-m", "gunicorn", "socle.wsgi:application",
                "--bind", f"{host}:{port}",
                "--workers", str(web_workers),
                "--threads", "4",
                "--access-logfile", "-",
                "--graceful-timeout", "10",
            ]
        )
        children.append(web)
        self.stdout.write(self.style.SUCCESS(f"\nSocle est démarré sur http://{host}:{port}/"))
        call_command("load_demo", accounts_only=True, stdout=self.stdout)
        self.stdout.write("Ctrl-C pour arrêter.\n")

        def stop(*_args):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_nightly = 0.0
        try:
            while all(child.poll() is None for child in children):
                if not no_worker and self.nightly_due(next_nightly):
                    next_nightly = time.monotonic() + 3600
                    self.start_nightly()
                time.sleep(0.5)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, -signal.SIGINT)]
        if failed:
            sys.exit(1)
