"""Validate a CSV file against a shipped SCDL schema, custom checks included.

    python manage.py donnees_validate scdl/deliberations fichier.csv [--json]

Exit code 0 when valid, 1 when invalid, 2 on a usage error (unknown schema, unreadable path).
With --json: {"valid": true|false, "errors": [{"row", "field", "message"}]}."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.donnees.opendata.schemas import SCHEMAS, UnknownSchema, load_schema
from socle.donnees.opendata.validation import validate


class Command(BaseCommand):
    help = ("Vérifie un fichier CSV contre un schéma SCDL officiel "
            "(contrôles complémentaires inclus).")

    def add_arguments(self, parser):
        parser.add_argument("schema", help="Nom du schéma sur schema.data.gouv.fr, par exemple "
                                           "scdl/deliberations")
        parser.add_argument("file", help="Chemin du fichier CSV")
        parser.add_argument("--json", action="store_true", help="Résultat en JSON")

    def handle(self, *args, schema: str, file: str, json: bool = False, **options):
        try:
            loaded = load_schema(schema)
        except UnknownSchema:
            self._usage(f"Schéma inconnu : {schema}. Schémas disponibles : "
                        f"{', '.join(SCHEMAS)}.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._usage(f"Fichier illisible : {file} ({exc.strerror}).")
        report = validate(loaded, data, max_bytes=max(len(data), 1))
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        else:
            self._print(report, path)
        if not report.valid:
            sys.exit(1)

    def _usage(self, message: str):
        error = CommandError(message, returncode=2)
        raise error

    def _print(self, report, path: Path) -> None:
        schema = report.schema
        if report.valid:
            self.stdout.write(f"{path.name} est conforme au schéma {schema.name} "
                              f"{schema.version} ({report.rows} lignes).")
            return
        self.stdout.write(f"{path.name} n'est pas conforme au schéma {schema.name} "
                          f"{schema.version} : {report.issue_count} erreur(s).")
        for issue in report.issues:
            where = f"ligne {issue.row}" if issue.row else "fichier"
            column = f", colonne {issue.field}" if issue.field else ""
            self.stdout.write(f"- {where}{column} : {issue.message}")


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)
