"""Citizen mail classification on the held-out set (benchmarks/data/courrier/test.jsonl: 120
fictitious letters in an informal e-mail style, 10 per shared category, none of their requests
in the starter set; see docs/assistant-courrier.md).

Figures: accuracy and macro-F1 of the starter model (trained on socle/data/assistant/courrier/
starter.jsonl). Baselines measured in the same run: the majority class of the starter set, and a
keyword rule (the category whose hand-picked keywords appear most often). Then the accuracy of a
collectivité's own model trained on N letters of the held-out set (cross-validated, 5 folds), to
show what a collectivité's history brings; and the training time of the starter model.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data" / "courrier" / "test.jsonl"
KEYWORDS = {
    "etat-civil": ["acte", "naissance", "mariage", "deces", "livret", "pacs", "nom"],
    "urbanisme": ["permis", "construire", "plu", "urbanisme", "declaration", "travaux", "terrain"],
    "voirie": ["route", "chaussee", "trottoir", "lampadaire", "eclairage", "panneau", "trou"],
    "dechets": ["poubelle", "ordures", "dechets", "bac", "collecte", "tri", "encombrants"],
    "ecole": ["ecole", "cantine", "garderie", "periscolaire", "classe", "scolaire", "enfant"],
    "cimetiere": ["cimetiere", "concession", "tombe", "columbarium", "urne", "inhumation"],
    "social": ["ccas", "aide", "social", "logement", "seule", "age", "difficile"],
    "eau": ["eau", "fuite", "compteur", "assainissement", "egout", "fosse", "robinet"],
    "associations": ["salle", "association", "subvention", "club", "location", "pret"],
    "elections": ["electorale", "vote", "voter", "procuration", "bureau", "scrutin", "electeur"],
    "fiscalite": ["taxe", "impot", "fonciere", "taux", "fiscal", "exoneration"],
    "autre": [],
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle.settings")
    import django

    django.setup()


def load() -> tuple[list[str], list[str], list[list[int]]]:
    """Texts, categories, and the requests each letter makes (its own, and for some a second
    one: the cross-validation keeps every letter mentioning a tested request out of training)."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    groups = [[int(r[k].rsplit("-", 1)[1]) for k in ("request", "also") if k in r]
              for r in rows]
    return [f"{r['subject']}\n{r['body']}" for r in rows], [r["category"] for r in rows], groups


def keyword_rule(text: str) -> str:
    from socle.assistant.courrier.classifier import fold

    words = fold(text)
    scores = {code: sum(words.count(k) for k in keys) for code, keys in KEYWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else "autre"


def _scores(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return (round(accuracy_score(gold, predicted) * 100, 1),
            round(f1_score(gold, predicted, average="macro", zero_division=0) * 100, 1))


def _own_model(texts: list[str], labels: list[str], groups: list[list[int]], *,
               combined: bool) -> float:
    """Fold k tests the letters whose own request is the k-th of their category, trained on
    the letters that never mention that request: the model never saw the tested wording."""
    from socle.assistant.courrier.classifier import build_pipeline, combined_examples

    predicted = [""] * len(texts)
    for k in sorted({g[0] for g in groups}):
        train = [i for i, g in enumerate(groups) if k not in g]
        test = [i for i, g in enumerate(groups) if g[0] == k]
        own = ([texts[i] for i in train], [labels[i] for i in train])
        pipeline = build_pipeline().fit(*(combined_examples(*own) if combined else own))
        for i, label in zip(test, pipeline.predict([texts[i] for i in test]), strict=True):
            predicted[i] = str(label)
    return _scores(labels, predicted)[0]


def run() -> list[dict]:
    _setup()
    from socle.assistant.courrier import classifier

    texts, gold, groups = load()
    train_texts, train_labels = classifier.starter_examples()
    started = time.perf_counter()
    pipeline = classifier.train(train_texts, train_labels)
    training_s = time.perf_counter() - started
    predicted = [classifier.predict(pipeline, t)[0] for t in texts]
    accuracy, macro_f1 = _scores(gold, predicted)
    majority = Counter(train_labels).most_common(1)[0][0]
    majority_acc, majority_f1 = _scores(gold, [majority] * len(gold))
    rule_acc, rule_f1 = _scores(gold, [keyword_rule(t) for t in texts])
    n = len(texts)
    return [
        {"name": "courrier: exactitude du modèle de départ", "value": accuracy, "unit": "%",
         "baseline": rule_acc,
         "note": f"{n} courriers tenus à l'écart ; base = règle par mots-clés "
                 f"(classe majoritaire : {majority_acc} %)"},
        {"name": "courrier: F1 macro du modèle de départ", "value": macro_f1, "unit": "%",
         "baseline": rule_f1,
         "note": f"12 catégories ; base = règle par mots-clés (classe majoritaire : "
                 f"{majority_f1} %)"},
        {"name": "courrier: exactitude du modèle d'une collectivité (départ + historique)",
         "value": _own_model(texts, gold, groups, combined=True), "unit": "%",
         "baseline": accuracy,
         "note": f"départ + ~{n * 3 // 5} courriers de la collectivité, testé sur des demandes "
                 "jamais vues (5 plis) ; base = modèle de départ seul"},
        {"name": "courrier: exactitude de l'historique seul (sans le jeu de départ)",
         "value": _own_model(texts, gold, groups, combined=False), "unit": "%",
         "baseline": accuracy,
         "note": "mêmes plis, entraîné sur les seuls courriers de la collectivité ; "
                 "base = modèle de départ seul"},
        {"name": "courrier: entraînement du modèle de départ", "value": round(training_s, 2),
         "unit": "s", "baseline": None,
         "note": f"{len(train_texts)} courriers ; fait une fois, puis mis en cache (joblib)"},
    ]
