"""Validate every referential file and load the good-practice sheets into the database.

Idempotent: run at every start (``make run``); a sheet whose file did not change is not
written, a changed one is updated, a removed one is hidden. Any invalid file stops the command
with a message naming the file and the question, before anything is written.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from socle.questionnaires import referentiels
from socle.questionnaires.fiches.content import SheetFileError
from socle.questionnaires.fiches.services import sheets_load


class Command(BaseCommand):
    help = "Valide les référentiels d'autodiagnostic et charge les fiches de bonnes pratiques."

    def handle(self, *args, **options):
        referentiels.clear_cache()
        try:
            loaded = referentiels.load_all()
        except (referentiels.ReferentialError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        themes = {t.id for ref in loaded for t in ref.themes}
        try:
            report = sheets_load(folder=referentiels.SHEETS_DIR, themes=themes)
        except SheetFileError as exc:
            raise CommandError(str(exc)) from None
        for ref in loaded:
            self.stdout.write(f"Référentiel {ref.slug} v{ref.version} : {len(ref.themes)} thèmes, "
                              f"{len(ref.questions)} questions.")
        self.stdout.write(
            f"Fiches : {len(report.created)} créée(s), {len(report.updated)} mise(s) à jour, "
            f"{len(report.unchanged)} inchangée(s), {len(report.retired)} retirée(s).")
