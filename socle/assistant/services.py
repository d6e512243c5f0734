"""Writes of the knowledge base: collections, imports (re-import in place), indexing."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.journal.services import record, register_actions

from . import importers
from .chunking import chunk_text
from .models import Chunk, Collection, Document, IndexJob
from .search import embeddings, store

logger = logging.getLogger(__name__)

register_actions({
    "assistant.collection_created": gettext_lazy("Création d'une collection de l'assistant"),
    "assistant.collection_deleted": gettext_lazy("Suppression d'une collection de l'assistant"),
    "assistant.documents_imported": gettext_lazy("Import de documents dans l'assistant"),
    "assistant.document_deleted": gettext_lazy("Suppression d'un document de l'assistant"),
})
EMBED_BATCH = 64


def can_manage(user, collection_or_collectivite) -> bool:
    """Shared collections: operators; private ones: ``assistant.manage`` on their collectivité."""
    collectivite = getattr(collection_or_collectivite, "collectivite", collection_or_collectivite)
    if isinstance(collection_or_collectivite, Collection) and collection_or_collectivite.is_shared:
        collectivite = None
    if collectivite is None:
        return permissions.can(user, "territoire.assistant")
    return permissions.can(user, "assistant.manage", collectivite)


def _require_manage(user, target) -> None:
    if not can_manage(user, target):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))


def collection_create(*, actor, collectivite, name: str, description: str = "",
                      request=None) -> Collection:
    """A new collection: shared when ``collectivite`` is None (operators), else private."""
    _require_manage(actor, collectivite)
    collection = Collection(collectivite=collectivite, name=name.strip(),
                            description=description.strip(),
                            created_by=actor if getattr(actor, "is_authenticated", False) else None)
    taken = Collection.objects.filter(collectivite=collectivite, name__iexact=collection.name)
    if taken.exists():
        raise ValidationError({"name": _("Une collection porte déjà ce nom.")})
    collection.full_clean(validate_constraints=False)
    with transaction.atomic():
        collection.save()
        record(actor=actor, action="assistant.collection_created", collectivite=collectivite,
               obj=collection, details={"shared": collectivite is None}, request=request)
    return collection


def collection_delete(*, actor, collection: Collection, request=None) -> None:
    _require_manage(actor, collection)
    with transaction.atomic():
        record(actor=actor, action="assistant.collection_deleted",
               collectivite=collection.collectivite, obj=collection,
               details={"documents": collection.documents.count()}, request=request)
        collection.delete()


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    job: IndexJob | None = None

    @property
    def chunks_changed(self) -> bool:
        return bool(self.created or self.updated)


def _hash(parsed: importers.Parsed) -> str:
    digest = hashlib.sha256()
    for part in (parsed.title, parsed.url, repr(sorted(parsed.metadata.items())), parsed.text):
        digest.update(part.encode("utf-8", "replace"))
        digest.update(b"\x00")
    return digest.hexdigest()


def documents_import(*, actor, collection: Collection, files: list[tuple[str, bytes]],
                     kind: str | None = None, request=None, enqueue: bool = True
                     ) -> ImportReport:
    """Import uploaded files into ``collection``: all of them or none (an unreadable file raises
    :class:`importers.ImportFailed` before anything is written). A document already present
    (same key in the collection) is updated in place; unchanged content is skipped. An
    indexing job is created and, with ``enqueue``, sent to the task queue on commit."""
    if actor is not None:
        _require_manage(actor, collection)
    parsed: list[tuple[importers.Parsed, str]] = []
    for filename, data in files:
        for document in importers.parse(data, filename=filename, kind=kind):
            parsed.append((document, kind or importers.guess_kind(filename, data)))
    report = ImportReport()
    with transaction.atomic():
        existing = {d.key: d for d in collection.documents.filter(
            key__in=[p.key[:500] for p, _k in parsed])}
        for item, item_kind in parsed:
            _upsert(collection, item, item_kind, existing, report)
        if report.chunks_changed:
            report.job = IndexJob.objects.create(
                collection=collection,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                total=_pending_chunks(collection).count(),
            )
            if enqueue:
                from .tasks import index_collection

                job_id = report.job.pk
                transaction.on_commit(lambda: index_collection.enqueue(job_id), robust=True)
        record(actor=actor, action="assistant.documents_imported",
               collectivite=collection.collectivite, obj=collection, request=request,
               details={"created": len(report.created), "updated": len(report.updated),
                        "unchanged": len(report.unchanged)})
    return report


def _upsert(collection, item: importers.Parsed, kind: str, existing: dict,
            report: ImportReport) -> None:
    key = item.key[:500]
    content_hash = _hash(item)
    document = existing.get(key)
    if document is not None and document.content_hash == content_hash:
        report.unchanged.append(document.title)
        return
    if document is None:
        document = Document(collection=collection, key=key)
        report.created.append(item.title)
    else:
        report.updated.append(item.title)
    document.title = item.title[:500]
    document.kind = kind
    document.url = item.url[:1000]
    document.metadata = item.metadata
    document.text = item.text
    document.content_hash = content_hash
    document.full_clean(validate_unique=False, validate_constraints=False)
    document.save()
    existing[key] = document
    document.chunks.all().delete()
    Chunk.objects.bulk_create([
        Chunk(document=document, position=position, heading=p.heading[:1000], text=p.text,
              metadata=p.metadata)
        for position, p in enumerate(chunk_text(item.text, metadata=item.metadata))
    ])


def document_delete(*, actor, document: Document, request=None) -> None:
    _require_manage(actor, document.collection)
    with transaction.atomic():
        record(actor=actor, action="assistant.document_deleted",
               collectivite=document.collection.collectivite, obj=document, request=request)
        document.delete()


def _pending_chunks(collection: Collection):
    return Chunk.objects.filter(document__collection=collection).exclude(
        embedding_model=embeddings.model_name(), embedding__isnull=False
    )


def index_run(*, job: IndexJob) -> IndexJob:
    """Embed the collection's chunks that lack a vector for the current model, saving progress
    after each batch, then rebuild the search index. Failures are stored on the job."""
    IndexJob.objects.filter(pk=job.pk).update(status=IndexJob.Status.RUNNING)
    model = embeddings.model_name()
    pending = list(_pending_chunks(job.collection).order_by("pk").values_list("pk", "text",
                                                                              "heading"))
    done = 0
    IndexJob.objects.filter(pk=job.pk).update(total=len(pending), done=0)
    try:
        for start in range(0, len(pending), EMBED_BATCH):
            batch = pending[start:start + EMBED_BATCH]
            vectors = embeddings.passages([f"{h}\n{t}" if h else t for _pk, t, h in batch])
            updates = []
            for (pk, _t, _h), vector in zip(batch, vectors, strict=True):
                updates.append(Chunk(pk=pk, embedding=np.asarray(vector, np.float32).tobytes(),
                                     embedding_model=model))
            Chunk.objects.bulk_update(updates, ["embedding", "embedding_model"])
            done += len(batch)
            IndexJob.objects.filter(pk=job.pk).update(done=done)
        store.rebuild()
    except embeddings.EmbeddingError as exc:
        IndexJob.objects.filter(pk=job.pk).update(
            status=IndexJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        logger.warning("assistant indexing failed", extra={"job": job.pk, "error": str(exc)})
    else:
        IndexJob.objects.filter(pk=job.pk).update(
            status=IndexJob.Status.DONE, finished_at=timezone.now())
    job.refresh_from_db()
    return job
