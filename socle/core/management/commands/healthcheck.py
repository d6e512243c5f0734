"""``manage.py healthcheck``: the /healthz report on the command line, for a container's
HEALTHCHECK or a supervisor. Exit code 0 when healthy, 1 otherwise."""

import json

from django.core.management.base import BaseCommand, CommandError

from socle.core.health import platform_health


class Command(BaseCommand):
    help = "Affiche l'état de la base de données et du worker de tâches ; code 1 si un problème."

    def handle(self, *args, **options):
        report = platform_health()
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        failing = [name for name, check in report["checks"].items() if check["status"] != "ok"]
        if failing:
            raise CommandError(f"Plateforme en mauvais état : {', '.join(failing)}.")
