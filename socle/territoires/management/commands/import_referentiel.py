"""manage.py import_referentiel [--force]: load the official referential of collectivités."""

from django.core.management.base import BaseCommand, CommandError

from socle.territoires.referentiel import ReferentialError, referentiel_import


class Command(BaseCommand):
    # A data command run at every start (make run): the system checks already ran in migrate.
    requires_system_checks = []
    help = (
        "Importe le référentiel officiel des collectivités (communes, EPCI, départements, "
        "régions) livré avec Socle. Sans effet si le référentiel est déjà à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Importer même si le référentiel livré n'a pas changé depuis le dernier import.",
        )
        parser.add_argument(
            "--source-dir", default=None,
            help="Dossier des fichiers du référentiel (par défaut : socle/data/referentiel).",
        )

    def handle(self, *args, force: bool, source_dir: str | None, **options):
        try:
            result = referentiel_import(source_dir=source_dir, force=force)
        except ReferentialError as exc:
            raise CommandError(str(exc)) from exc
        style = self.style.NOTICE if result.skipped else self.style.SUCCESS
        self.stdout.write(style(result.summary()))
