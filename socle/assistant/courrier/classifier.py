"""Routing a letter to a service category (scikit-learn).

One pipeline for every model: TF-IDF on accent-folded words (1-2 grams) and on character
3-5-grams, then a logistic regression, whose probabilities give the confidence shown to the
agent. Two sources of training data:

- once a collectivité has ``MIN_LETTERS`` confirmed letters in at least ``MIN_CATEGORIES``
  categories: the starter set plus its own letters, weighted (its model, with its own
  categories; retrained in the background after ``RETRAIN_EVERY`` new confirmations);
- otherwise the shared starter set shipped with Socle (``socle/data/assistant/courrier/
  starter.jsonl``), trained at first use.

Both are cached as joblib files under ``SOCLE_ASSISTANT_INDEX_DIR/courrier/``, named after the
hash of their training data. Only files this module wrote are ever loaded: nothing uploaded is
unpickled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

STARTER_PATH = Path(__file__).resolve().parents[2] / "data" / "assistant" / "courrier" / (
    "starter.jsonl")
PIPELINE_VERSION = "1"  # bump when the pipeline changes: cached models are then retrained
MIN_LETTERS = 30
MIN_CATEGORIES = 2
RETRAIN_EVERY = 10
OWN_WEIGHT = 3
WORDS = r"(?u)\b\w\w+\b"
_lock = threading.Lock()
_memory: dict[str, object] = {}  # cache file name -> fitted pipeline, per process


@dataclass(frozen=True)
class Prediction:
    code: str
    confidence: float
    version: str


def fold(text: str) -> str:
    """Lower case without accents, so « école », « Ecole » and « ecole » are one word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=WORDS)),
        ("chars", TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(3, 5),
                                  sublinear_tf=True, min_df=1)),
    ])
    # saga: several times faster than lbfgs on these sparse features, same accuracy on the bench.
    model = LogisticRegression(C=10.0, solver="saga", max_iter=300, tol=1e-3,
                               random_state=0)
    return Pipeline([("features", features), ("model", model)])


def train(texts: list[str], labels: list[str]):
    if len(set(labels)) < MIN_CATEGORIES:
        raise ValueError("At least two categories are needed to train a classifier.")
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    pipeline = build_pipeline()
    with warnings.catch_warnings():
        # A few hundred short letters: the last digits of the weights do not change a ranking.
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(texts, labels)
    return pipeline


def predict(pipeline, text: str) -> tuple[str, float]:
    probabilities = pipeline.predict_proba([text])[0]
    best = int(probabilities.argmax())
    return str(pipeline.classes_[best]), float(probabilities[best])


def data_hash(texts: list[str], labels: list[str]) -> str:
    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    for text, label in zip(texts, labels, strict=True):
        digest.update(label.encode() + b"\x1f" + text.encode() + b"\x1e")
    return digest.hexdigest()[:16]


def _cache_dir() -> Path:
    return Path(settings.SOCLE_ASSISTANT_INDEX_DIR) / "courrier"


def cached_model(name: str, texts: list[str], labels: list[str]):
    """The pipeline trained on (texts, labels), from memory, from its joblib file or trained now
    and saved. ``name`` prefixes the file; the data hash completes it."""
    import joblib

    filename = f"{name}-{data_hash(texts, labels)}.joblib"
    with _lock:
        if filename in _memory:
            return _memory[filename], filename
        path = _cache_dir() / filename
        pipeline = None
        if path.exists():
            try:
                pipeline = joblib.load(path)
            except (OSError, EOFError, ValueError, AttributeError, ImportError) as error:
                logger.warning("courrier: cached classifier %s unreadable (%s), retraining",
                               path, error)
        if pipeline is None:
            pipeline = train(texts, labels)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            joblib.dump(pipeline, temporary)
            temporary.replace(path)
            for old in path.parent.glob(f"{name}-*.joblib"):
                if old != path:
                    old.unlink(missing_ok=True)
        _memory.clear() if len(_memory) > 32 else None
        _memory[filename] = pipeline
        return pipeline, filename


def starter_examples() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in STARTER_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            texts.append(f"{row['subject']}\n{row['body']}")
            labels.append(row["category"])
    return texts, labels


def starter_model():
    texts, labels = starter_examples()
    pipeline, filename = cached_model("starter", texts, labels)
    return pipeline, "partagé " + filename.removesuffix(".joblib").split("-")[-1][:8]


def collectivite_examples(collectivite_id: int) -> tuple[list[str], list[str]]:
    from .models import Letter

    rows = (Letter.objects.filter(collectivite_id=collectivite_id, category__isnull=False)
            .order_by("pk").values_list("subject", "body", "category__code"))
    return [f"{s}\n{b}" for s, b, _c in rows], [c for _s, _b, c in rows]


def has_enough_history(labels: list[str]) -> bool:
    return len(labels) >= MIN_LETTERS and len(set(labels)) >= MIN_CATEGORIES


def combined_examples(texts: list[str], labels: list[str]) -> tuple[list[str], list[str]]:
    """The starter set plus the collectivité's letters, counted ``OWN_WEIGHT`` times: its own
    wording and categories weigh more, the shared set still covers what it has not seen (the
    bench shows a model on ~70 own letters alone is worse than the starter model)."""
    starter_texts, starter_labels = starter_examples()
    return starter_texts + texts * OWN_WEIGHT, starter_labels + labels * OWN_WEIGHT


def train_collectivite(collectivite_id: int) -> tuple[str, str, int, int] | None:
    """Train (or reload) the collectivité's model on its current confirmed letters: (version,
    file name, letters, categories), or None without enough history. Run in the background."""
    texts, labels = collectivite_examples(collectivite_id)
    if not has_enough_history(labels):
        return None
    _pipeline, filename = cached_model(f"collectivite-{collectivite_id}",
                                       *combined_examples(texts, labels))
    version = (f"propre ({len(labels)} courriers) "
               + filename.removesuffix(".joblib").split("-")[-1][:8])
    return version, filename, len(labels), len(set(labels))


def _load(filename: str):
    """A model file this module wrote, from memory or disk; None when it is gone."""
    import joblib

    with _lock:
        if filename in _memory:
            return _memory[filename]
        path = _cache_dir() / filename
        if not path.exists():
            return None
        try:
            pipeline = joblib.load(path)
        except (OSError, EOFError, ValueError, AttributeError, ImportError) as error:
            logger.warning("courrier: classifier %s unreadable (%s)", path, error)
            return None
        _memory[filename] = pipeline
        return pipeline


def model_for(collectivite_id: int):
    """(pipeline, version): the collectivité's model as last trained by the background task,
    else the shared starter model. Nothing is trained here but the starter model, once."""
    from .models import ClassifierState

    state = (ClassifierState.objects.filter(collectivite_id=collectivite_id)
             .exclude(model_file="").first())
    if state is not None and "/" not in state.model_file:
        pipeline = _load(state.model_file)
        if pipeline is not None:
            return pipeline, state.version
    return starter_model()


def classify(collectivite_id: int, text: str) -> Prediction:
    pipeline, version = model_for(collectivite_id)
    code, confidence = predict(pipeline, text)
    return Prediction(code=code, confidence=confidence, version=version)
