"""The nightly round: start a run over every member unless one started in the last 20 hours.

Idempotent, so a timer may call it as often as wanted: cron (``0 2 * * * manage.py
diagnostic_nightly``) or a systemd timer at scale, the embedded platform once a night. It only
enqueues; the workers (database worker or RQ) do the scanning."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from socle.diagnostic import runs


class Command(BaseCommand):
    help = "Lance la tournée de nuit du diagnostic externe si aucune n'a eu lieu depuis 20 h."

    def handle(self, *args, **options):
        run = runs.nightly()
        if run is None:
            self.stdout.write("Une tournée de nuit a déjà eu lieu depuis moins de 20 h.")
        else:
            self.stdout.write(f"Tournée de nuit {run.pk} : {run.total} diagnostic(s) mis en file.")
