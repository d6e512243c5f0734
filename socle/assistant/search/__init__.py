"""Search in the knowledge base: lexical (BM25, French), dense (e5 vectors), or hybrid (RRF).

The contract other parts of the assistant use::

    search(user=..., query=..., collectivite=..., collection_ids=..., filters=..., mode=...,
           limit=...) -> SearchResult

``Index`` (from :mod:`.engine`) is the same engine without users or database, for the benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import PermissionDenied

from socle import permissions

from .engine import MODES, Index, Ranked, coverage, is_reliable
from .highlight import key_sentences, mark

__all__ = [
    "MODES", "Hit", "Index", "Ranked", "SearchResult", "mark", "search", "visible_collections",
]


@dataclass
class Hit:
    chunk_id: int
    document_id: int
    document_title: str
    collection_id: int
    collection_name: str
    heading: str        # heading path of the chunk, e.g. "Sauvegardes > Comment faire"
    text: str           # the chunk text
    url: str            # source URL or ""
    score: float        # fused score (or the mode's own)
    highlights: list[str] = field(default_factory=list)  # up to 3 key sentences


@dataclass
class SearchResult:
    query: str
    mode: str
    hits: list[Hit]
    reliable: bool      # False when the best hit is under the threshold (or there is none)


def visible_collections(*, user, collectivite=None):
    """Collections ``user`` searches when acting for ``collectivite``: the shared ones and that
    collectivité's private ones; without a collectivité, all those the user can see (operators:
    every collection). Raises PermissionDenied without the ``assistant.use`` right."""
    from socle.assistant.models import Collection

    if collectivite is not None:
        permissions.require(user, "assistant.use", collectivite)
        return Collection.objects.visible_to(user).for_collectivite(collectivite)
    if not (permissions.is_operateur(user) or permissions.highest_role(user)):
        raise PermissionDenied
    return Collection.objects.visible_to(user)


def search(*, user, query: str, collectivite=None, collection_ids: list[int] | None = None,
           filters: dict | None = None, mode: str = "hybrid", limit: int = 10) -> SearchResult:
    """The best passages for ``query`` among the collections ``user`` may search."""
    from socle.assistant.models import Chunk

    from . import store

    query = (query or "").strip()
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}")
    allowed = visible_collections(user=user, collectivite=collectivite)
    if collection_ids is not None:
        allowed = allowed.filter(pk__in=collection_ids)
    allowed_ids = list(allowed.values_list("pk", flat=True))
    if not query or not allowed_ids:
        return SearchResult(query=query, mode=mode, hits=[], reliable=False)
    index = store.current_index()
    mask = np.isin(index.groups, allowed_ids)
    if filters:
        matching = Chunk.objects.filter(document__collection_id__in=allowed_ids)
        for key, value in filters.items():
            values = value if isinstance(value, list | tuple | set) else [value]
            matching = matching.filter(**{f"metadata__{key}__in": list(values)})
        mask &= np.isin(index.ids, list(matching.values_list("pk", flat=True)))
    ranked = index.rank(query, mode=mode, limit=limit, mask=mask)
    chunks = Chunk.objects.select_related("document__collection").in_bulk(
        [r.id for r in ranked]
    )
    hits = []
    for r in ranked:
        chunk = chunks.get(r.id)
        if chunk is None:  # deleted since the index was loaded
            continue
        document = chunk.document
        hits.append(Hit(
            chunk_id=chunk.pk, document_id=document.pk, document_title=document.title,
            collection_id=document.collection_id, collection_name=document.collection.name,
            heading=chunk.heading, text=chunk.text, url=document.url, score=r.score,
            highlights=key_sentences(chunk.text, query),
        ))
    return SearchResult(query=query, mode=mode, hits=hits, reliable=_reliable(
        query, mode, ranked, hits, has_vectors=index.vectors is not None))


def _reliable(query, mode, ranked, hits, *, has_vectors: bool) -> bool:
    if not hits:
        return False
    best_cosine = None
    if mode != "lexical" and has_vectors:
        best_cosine = max(r.cosine for r in ranked[:3])
    best_coverage = max(
        coverage(query, f"{h.document_title} {h.heading} {h.text}") for h in hits[:3]
    )
    return is_reliable(best_cosine=best_cosine, best_coverage=best_coverage)
