"""manage.py diagnostic_import_presence FILE [--force]: import the official websites and contact
e-mails of the State's directory (ANCT JSON or Annuaire de l'administration CSV/JSON) as the
declared presence of the matching collectivités. See docs/diagnostic.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.diagnostic.presence import MAX_IMPORT_BYTES, PresenceImportError, presence_import


class Command(BaseCommand):
    help = (
        "Importe les sites et e-mails de l'annuaire (JSON de l'ANCT ou export CSV/JSON de "
        "l'Annuaire de l'administration) comme présence déclarée des collectivités."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .json ou .csv, encodé en UTF-8.")
        parser.add_argument(
            "--force", action="store_true",
            help="Remplacer aussi les présences saisies par les membres dans Socle.",
        )

    def handle(self, *args, file: str, force: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(
                f"Fichier trop volumineux : {MAX_IMPORT_BYTES // (1024 * 1024)} Mo au plus."
            )
        try:
            report = presence_import(actor=None, data=path.read_bytes(), filename=path.name,
                                     force=force)
        except PresenceImportError as exc:
            raise CommandError(str(exc)) from exc
        details = report.as_details()
        self.stdout.write(self.style.SUCCESS(
            "Import terminé : " + ", ".join(f"{key} : {value}" for key, value in details.items())
        ))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        if report.unknown:
            self.stdout.write("Lignes sans collectivité : " + ", ".join(report.unknown))
