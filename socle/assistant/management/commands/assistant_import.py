from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.assistant import importers
from socle.assistant.models import Collection
from socle.assistant.services import documents_import, index_run


class Command(BaseCommand):
    help = (
        "Importe des fichiers dans une collection (nom ou identifiant) et les indexe. "
        "La collection partagée est créée si elle n'existe pas."
    )

    def add_arguments(self, parser):
        parser.add_argument("collection", help="nom ou identifiant de la collection")
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--kind", choices=sorted(importers.KINDS), default=None)
        parser.add_argument("--no-index", action="store_true",
                            help="laisser l'indexation à la tâche de fond")

    def handle(self, *args, collection, files, kind, no_index, **options):
        if collection.isdigit():
            target = Collection.objects.filter(pk=int(collection)).first()
            if target is None:
                raise CommandError(f"Aucune collection n° {collection}.")
        else:
            target, _created = Collection.objects.get_or_create(collectivite=None,
                                                                name=collection)
        payload = []
        for path in files:
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")
            payload.append((path.name, path.read_bytes()))
        try:
            report = documents_import(actor=None, collection=target, files=payload, kind=kind,
                                      enqueue=no_index)
        except importers.ImportFailed as exc:
            raise CommandError(str(exc)) from None
        if report.job is not None and not no_index:
            job = index_run(job=report.job)
            self.stdout.write(f"Indexation : {job.get_status_display()} {job.error}".strip())
        self.stdout.write(
            f"{target.name} : {len(report.created)} créé(s), {len(report.updated)} mis à jour, "
            f"{len(report.unchanged)} inchangé(s)."
        )
