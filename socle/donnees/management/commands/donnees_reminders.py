"""manage.py donnees_reminders: e-mail the reminders now due (breaches, requests). Idempotent:
run it every 15 minutes from cron or a systemd timer (see docs/donnees.md)."""

from django.core.management.base import BaseCommand

from socle.donnees.reminders import reminders_send


class Command(BaseCommand):
    help = "Envoie les relances d'échéance (violations, demandes de droits) ; sans doublon."

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"{count} relance(s) envoyée(s).")
