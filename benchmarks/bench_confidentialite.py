"""Personal-data engine on the evaluation set (benchmarks/data/actes/: 40 development acts, 10
held-out acts and 6 "hard" acts written after tuning; fictitious, annotated by hand; see
docs/confidentialite.md).

Figures, per part: recall and precision per category (a gold span counts as found when a masked
prediction of the same category overlaps it; a masked prediction is right when it overlaps a gold
span of its category to mask), officials kept (gold "keep" names that no masked prediction
touches) and throughput in pages per second (1 page = 3,000 characters). Baseline, same run: the
PER entities of the same spaCy model with no rule, all masked.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

DATA = Path(__file__).parent / "data" / "actes"
LABELS = ["PERSONNE", "ADRESSE", "TELEPHONE", "EMAIL", "DATE_NAISSANCE", "NIR", "IBAN",
          "CADASTRE", "IMMATRICULATION"]
PAGE = 3000


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle.settings")
    import django

    django.setup()


def load(part: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((DATA / part).glob("*.json"))]


def _overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score(acts: list[dict], predictions: list[list[dict]]) -> dict:
    """Counts per label (found/gold for recall, right/predicted for precision), officials kept."""
    counts = {label: {"gold": 0, "found": 0, "pred": 0, "right": 0} for label in LABELS}
    kept = officials = 0
    misses: list[str] = []
    for act, predicted in zip(acts, predictions, strict=True):
        masks = [p for p in predicted if p["action"] == "mask"]
        gold_masks = [g for g in act["entities"] if g["action"] == "mask"]
        for g in gold_masks:
            c = counts[g["label"]]
            c["gold"] += 1
            if any(p["label"] == g["label"] and _overlaps(p, g) for p in masks):
                c["found"] += 1
            else:
                misses.append(f"{act['id']} {g['label']} {g['text']!r}")
        for p in masks:
            c = counts[p["label"]]
            c["pred"] += 1
            if any(g["label"] == p["label"] and _overlaps(p, g) for g in gold_masks):
                c["right"] += 1
            else:
                misses.append(f"{act['id']} extra {p['label']} {p['text']!r}")
        for g in act["entities"]:
            if g["action"] == "keep" and g["label"] == "PERSONNE":
                officials += 1
                touched = any(_overlaps(p, g) for p in masks)
                kept += not touched
                if touched:
                    misses.append(f"{act['id']} official masked {g['text']!r}")
    return {"counts": counts, "kept": kept, "officials": officials, "misses": misses}


def engine_predict(acts: list[dict]) -> tuple[list[list[dict]], float]:
    from socle.confidentialite import engine

    started = time.perf_counter()
    out = [[e.as_dict() for e in engine.analyse(a["text"], officials=a["officials"]).entities]
           for a in acts]
    return out, time.perf_counter() - started


def baseline_predict(acts: list[dict]) -> tuple[list[list[dict]], float]:
    from socle.confidentialite.engine import nlp

    started = time.perf_counter()
    out = [[{"start": s, "end": e, "label": "PERSONNE", "action": "mask", "text": a["text"][s:e]}
            for s, e in nlp.persons(a["text"])] for a in acts]
    return out, time.perf_counter() - started


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _rows(part: str, acts: list[dict], mine: dict, base: dict, seconds: float,
          base_seconds: float) -> list[dict]:
    rows = []
    for label in LABELS:
        c, b = mine["counts"][label], base["counts"][label]
        if not c["gold"] and not c["pred"]:
            continue
        person = label == "PERSONNE"  # the spaCy baseline has persons only
        rows.append({"name": f"{part} recall {label}", "value": _ratio(c["found"], c["gold"]),
                     "unit": "ratio", "baseline": _ratio(b["found"], b["gold"]) if person else None,
                     "note": f"{c['found']}/{c['gold']} spans to mask"})
        rows.append({"name": f"{part} precision {label}", "value": _ratio(c["right"], c["pred"]),
                     "unit": "ratio", "baseline": _ratio(b["right"], b["pred"]) if person else None,
                     "note": f"{c['right']}/{c['pred']} masked predictions"})
    rows.append({"name": f"{part} officials kept", "value": _ratio(mine["kept"], mine["officials"]),
                 "unit": "ratio", "baseline": _ratio(base["kept"], base["officials"]),
                 "note": f"{mine['kept']}/{mine['officials']} names of officials in office"})
    pages = sum(len(a["text"]) for a in acts) / PAGE
    rows.append({"name": f"{part} throughput", "value": round(pages / seconds, 1),
                 "unit": "pages/s", "baseline": round(pages / base_seconds, 1),
                 "note": f"{len(acts)} acts, {pages:.1f} pages of 3,000 characters; baseline: "
                         "spaCy NER alone"})
    return rows


def evaluate(part: str) -> tuple[list[dict], dict]:
    acts = load(part)
    predicted, seconds = engine_predict(acts)
    base_predicted, base_seconds = baseline_predict(acts)
    mine, base = score(acts, predicted), score(acts, base_predicted)
    return _rows(part, acts, mine, base, seconds, base_seconds), mine


def warm_up() -> None:
    """Model loading and the first, slower inference are not part of the throughput."""
    from socle.confidentialite import engine

    for act in load("dev")[:3]:
        engine.analyse(act["text"])


def run() -> list[dict]:
    _setup()
    warm_up()
    rows = []
    for part in ("dev", "heldout", "hard"):
        rows += evaluate(part)[0]
    return rows


if __name__ == "__main__":
    import sys

    _setup()
    part = sys.argv[1] if len(sys.argv) > 1 else "dev"
    warm_up()
    rows, mine = evaluate(part)
    for row in rows:
        print(f"{row['name']:<34} {row['value']!s:>6} {row['unit']:<7} "
              f"(baseline {row['baseline']}) {row['note']}")
    print("\n".join(mine["misses"]))
