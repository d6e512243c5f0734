"""The starter content: the shared collection "Fiches de bonnes pratiques", built from the
good-practice sheets shipped with the questionnaires (``socle/data/questionnaires/fiches/``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Collection
from .search import store
from .services import documents_import, index_run

STARTER_NAME = "Fiches de bonnes pratiques"
STARTER_DESCRIPTION = (
    "Fiches pratiques de la structure : sécurité, données, sobriété, inclusion, démarches."
)


def fiches_dir() -> Path:
    return Path(settings.BASE_DIR) / "socle" / "data" / "questionnaires" / "fiches"


def load_starter(*, directory: Path | None = None, background: bool = False):
    """Create or update the shared starter collection (idempotent) and index it: now, or with
    ``background`` by the task worker (the lexical index is rebuilt at once, so search works
    while the vectors are computed)."""
    directory = directory or fiches_dir()
    files = [(p.name, p.read_bytes()) for p in sorted(directory.glob("*.md"))]
    with transaction.atomic():
        collection, _created = Collection.objects.get_or_create(
            collectivite=None, name=STARTER_NAME,
            defaults={"description": STARTER_DESCRIPTION},
        )
        report = documents_import(actor=None, collection=collection, files=files,
                                  kind="markdown", enqueue=background)
    if report.job is not None:
        if background:
            store.rebuild()
        else:
            index_run(job=report.job)
    return collection, report
