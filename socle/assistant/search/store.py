"""The index over every chunk in the database, persisted per version.

The version is derived from the chunks themselves (count, highest id, embedded count, model), so
any import, deletion or embedding changes it. Each process keeps the index it loaded in memory and
reloads it from ``SOCLE_ASSISTANT_INDEX_DIR/<version>/`` (or builds and writes it) when the
version changes: several gunicorn workers and the task worker agree without talking to each other.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max, Q

from . import embeddings
from .engine import Index

KEEP_VERSIONS = 3
_lock = threading.Lock()
_loaded: dict[str, object] = {"version": None, "index": None}


def index_dir() -> Path:
    return Path(settings.SOCLE_ASSISTANT_INDEX_DIR)


def current_version() -> str:
    from socle.assistant.models import Chunk, IndexEpoch

    model = embeddings.model_name()
    epoch = IndexEpoch.current()
    stats = Chunk.objects.aggregate(
        count=Count("id"), last=Max("id"),
        embedded=Count("id", filter=Q(embedding_model=model)),
    )
    digest = hashlib.sha256(model.encode()).hexdigest()[:8]
    return f"v{epoch}-{stats['count']}-{stats['last'] or 0}-{stats['embedded']}-{digest}"


def build_from_database() -> Index:
    """An index over all chunks; chunks not yet embedded with the current model get a zero
    vector (found by lexical search only until the indexing task reaches them)."""
    from socle.assistant.models import Chunk

    model = embeddings.model_name()
    rows = Chunk.objects.order_by("pk").values_list(
        "pk", "heading", "text", "document__title", "document__collection_id",
        "embedding", "embedding_model",
    )
    ids, texts, groups, vectors = [], [], [], []
    dim = 0
    for pk, heading, text, title, collection_id, blob, blob_model in rows.iterator(
        chunk_size=2000
    ):
        ids.append(pk)
        texts.append(f"{title}\n{heading}\n{text}")
        groups.append(collection_id)
        vector = None
        if blob and blob_model == model:
            vector = np.frombuffer(bytes(blob), dtype=np.float32)
            dim = dim or len(vector)
        vectors.append(vector)
    matrix = None
    if dim:
        matrix = np.zeros((len(ids), dim), dtype=np.float32)
        for row, vector in enumerate(vectors):
            if vector is not None and len(vector) == dim:
                matrix[row] = vector
    return Index(ids, texts, vectors=matrix, groups=groups)


def current_index() -> Index:
    """The index matching the database now (loaded, or built and persisted)."""
    version = current_version()
    if _loaded["version"] == version:
        return _loaded["index"]  # type: ignore[return-value]
    with _lock:
        if _loaded["version"] == version:
            return _loaded["index"]  # type: ignore[return-value]
        path = index_dir() / version
        index = None
        if path.exists():
            try:
                index = Index.load(path)
            except (OSError, ValueError):
                shutil.rmtree(path, ignore_errors=True)
        if index is None:
            index = build_from_database()
            index.save(path)
            _prune(keep=version)
        _loaded.update(version=version, index=index)
        return index


def rebuild() -> str:
    """Build and persist the current version now (the indexing task calls this)."""
    current_index()
    return _loaded["version"]  # type: ignore[return-value]


def _prune(*, keep: str) -> None:
    base = index_dir()
    versions = sorted(
        (p for p in base.iterdir() if p.is_dir() and p.name.startswith("v")),
        key=lambda p: p.stat().st_mtime, reverse=True,
    )
    for old in versions[KEEP_VERSIONS:]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


def forget() -> None:
    """Drop the in-memory index (tests)."""
    with _lock:
        _loaded.update(version=None, index=None)
