"""manage.py load_demo_sobriete: a fictitious fleet for Annonay and a draft REEN strategy for
Privas, on top of the demo territory (idempotent: nothing changes on a second run)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from socle.comptes.models import User
from socle.sobriete import services
from socle.sobriete.importers.tabular import read_csv
from socle.sobriete.models import Device
from socle.sobriete.reen.demo import demo_commune, demo_reen_load
from socle.territoires.demo import ACCOUNTS
from socle.territoires.models import Collectivite

DEMO_FILE = Path(settings.BASE_DIR) / "socle/data/sobriete/demo/inventaire-annonay.csv"


class Command(BaseCommand):
    requires_system_checks = []
    help = "Parc et stratégie REEN de démonstration (sans effet si déjà chargés)."

    def handle(self, *args, **options):
        operator = User.objects.filter(email=ACCOUNTS[0].email, is_operateur=True).first()
        annonay = Collectivite.objects.filter(code_insee="07010", kind="commune").first()
        if operator is None or annonay is None:
            raise CommandError(
                "Chargez d'abord le territoire de démonstration : manage.py load_demo."
            )
        done = []
        if not Device.objects.filter(collectivite=annonay).exists():
            report = services.devices_import(
                actor=operator, collectivite=annonay, raw_rows=read_csv(DEMO_FILE.read_bytes()),
                source="csv", filename=DEMO_FILE.name,
            )
            done.append(f"{report.created} appareils pour Annonay")
        privas = demo_commune()
        if privas is not None and demo_reen_load(actor=operator, collectivite=privas):
            done.append("stratégie REEN de Privas")
        if done:
            message = "Démo numérique responsable : " + ", ".join(done) + "."
            self.stdout.write(self.style.SUCCESS(message))
        else:
            self.stdout.write("Démo numérique responsable déjà chargée : rien à changer.")
