"""Send the due reminders of self-assessment campaigns (7 days before the deadline, the day
before, once overdue). Safe to run several times a day: each stage is sent once per response."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from socle.questionnaires.services import reminders_send


class Command(BaseCommand):
    help = "Envoie les relances des campagnes d'autodiagnostic (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Date du jour à simuler (AAAA-MM-JJ).")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Date invalide : attendu AAAA-MM-JJ.") from None
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} relance(s) envoyée(s).")
