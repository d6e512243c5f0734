"""python manage.py pseudonymise FILE [--json] [--elu "Jean Dupont" ...]

Prints the text with personal data replaced by placeholders; with --json, the text and every
detection ({"text": ..., "entities": [{"start", "end", "label", "text", "action", "reason"}]})."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.confidentialite import services


class Command(BaseCommand):
    help = "Détecte et pseudonymise les données personnelles d'un fichier texte UTF-8."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Fichier texte encodé en UTF-8.")
        parser.add_argument("--json", action="store_true", help="Sortie JSON (texte et entités).")
        parser.add_argument("--elu", action="append", default=[], dest="officials",
                            help="Nom d'un élu à conserver (option répétable).")

    def handle(self, *args, **options) -> None:
        text = read_text(Path(options["file"]))
        try:
            result = services.analyse(text, options["officials"])
        except services.TextTooLong as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(result.pseudonymised.text)


def read_text(path: Path) -> str:
    if not path.exists():
        raise CommandError(f"Fichier introuvable : {path}")
    if not path.is_file():
        raise CommandError(f"Ce n'est pas un fichier : {path}")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"Le fichier {path} n'est pas encodé en UTF-8 (octet invalide à la position "
            f"{exc.start}). Enregistrez-le en UTF-8 puis recommencez."
        ) from exc
    except OSError as exc:
        raise CommandError(f"Lecture impossible de {path} : {exc.strerror}") from exc
