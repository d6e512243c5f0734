"""manage.py load_demo_donnees: the demo DPO's registers, one open breach, one overdue request."""

from django.core.management.base import BaseCommand, CommandError

from socle.donnees.demo import DemoMissing, demo_donnees_load


class Command(BaseCommand):
    requires_system_checks = []
    help = "Données de démonstration du module Données et RGPD (sans effet si déjà chargées)."

    def handle(self, *args, **options):
        try:
            counts = demo_donnees_load()
        except DemoMissing as exc:
            raise CommandError(str(exc)) from exc
        if any(counts.values()):
            self.stdout.write(self.style.SUCCESS(
                "Démo Données et RGPD : {adoptions} modèles adoptés, {breaches} violation, "
                "{requests} demande.".format(**counts)))
        else:
            self.stdout.write("Démo Données et RGPD déjà chargée : rien à changer.")
