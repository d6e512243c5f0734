"""manage.py donnees_templates [FILE]: load or update the library of processing templates from
the versioned data file (socle/data/donnees/modeles_traitements.json by default)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from socle.donnees.services import templates_sync


class Command(BaseCommand):
    help = "Charge ou met à jour la bibliothèque de modèles de traitement (fichier versionné)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Fichier JSON de la bibliothèque.")

    def handle(self, *args, file=None, **options):
        try:
            counts = templates_sync(path=Path(file) if file else None)
        except (OSError, ValueError, ValidationError) as exc:
            raise CommandError(f"Bibliothèque illisible : {exc}") from exc
        self.stdout.write(
            "Modèles : {created} créés, {updated} mis à jour, {unchanged} inchangés, "
            "{withdrawn} retirés.".format(**counts))
