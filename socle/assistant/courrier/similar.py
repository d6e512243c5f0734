"""The past letters of the same collectivité most similar to a new one, among those with a
validated reply (TF-IDF cosine on accent-folded words and character n-grams)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Letter, Reply

MAX_CANDIDATES = 2000  # the most recent answered letters; older ones rarely help
MIN_SCORE = 0.05


@dataclass(frozen=True)
class Similar:
    letter: Letter
    reply: Reply
    score: float


def similar_replies(*, letter: Letter, limit: int = 3) -> list[Similar]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from .classifier import fold

    candidates = list(
        Letter.objects.filter(collectivite_id=letter.collectivite_id,
                              reply__validated_at__isnull=False)
        .exclude(pk=letter.pk).select_related("reply", "category")
        .order_by("-received_on", "-pk")[:MAX_CANDIDATES])
    if not candidates:
        return []
    texts = [c.text_for_classification for c in candidates]
    vectorizer = TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(3, 5),
                                 sublinear_tf=True)
    matrix = vectorizer.fit_transform([*texts, letter.text_for_classification])
    scores = linear_kernel(matrix[-1], matrix[:-1]).ravel()
    ranked = sorted(range(len(candidates)), key=lambda i: -scores[i])[:limit]
    return [Similar(letter=candidates[i], reply=candidates[i].reply, score=float(scores[i]))
            for i in ranked if scores[i] >= MIN_SCORE]
