from django.core.management.base import BaseCommand

from socle.assistant.starter import load_starter


class Command(BaseCommand):
    help = "Crée ou met à jour la collection partagée « Fiches de bonnes pratiques » et l'indexe."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background", action="store_true",
            help="calcul des vecteurs par le worker (la recherche lexicale marche aussitôt)",
        )

    def handle(self, *args, background, **options):
        collection, report = load_starter(background=background)
        self.stdout.write(
            f"{collection.name} : {len(report.created)} créée(s), {len(report.updated)} mise(s) "
            f"à jour, {len(report.unchanged)} inchangée(s)."
            + (" Indexation confiée au worker." if background and report.job else "")
        )
