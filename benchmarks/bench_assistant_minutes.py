"""Council minutes (assistant): the extractive analysis of ``manage.py assistant_minutes`` on
six labelled fictitious sessions (benchmarks/data/minutes, formats: h:m:s lines, WebVTT, SRT,
plain Windows-1252 without times, [mm:ss] lines, WebVTT with agenda).

- speakers: share of labelled speakers found with the exact name, turn count and word count;
- speaking time: mean absolute error in seconds per speaker (timed sessions);
- topics: Pk and WindowDiff at the word level (lower is better), against the baseline of a
  uniform segmentation into the labelled number of topics, measured in the same run;
- topic count: share of sessions with the labelled number of topics;
- decisions: labelled decisions found with their exact vote / labelled decisions.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "minutes"
WORD = re.compile(r"[\w’'-]+")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle.settings")
    import django

    django.setup()


def _predicted_word_topics(turns, topics) -> list[int]:
    labels = []
    for number, topic in enumerate(topics):
        for turn in turns[topic.first:topic.last + 1]:
            labels += [number] * len(WORD.findall(turn.text))
    return labels


def _boundaries(labels: list[int]) -> list[int]:
    return [int(labels[i] != labels[i + 1]) for i in range(len(labels) - 1)]


def pk(reference: list[int], hypothesis: list[int], k: int) -> float:
    """Beeferman et al. (1999): probability that two words k apart are wrongly judged in the
    same / different segments."""
    n = len(reference)
    errors = sum((reference[i] == reference[i + k]) != (hypothesis[i] == hypothesis[i + k])
                 for i in range(n - k))
    return errors / max(1, n - k)


def window_diff(reference: list[int], hypothesis: list[int], k: int) -> float:
    """Pevzner and Hearst (2002): windows where the number of boundaries differs."""
    ref, hyp = _boundaries(reference), _boundaries(hypothesis)
    windows = len(ref) - k + 1
    errors = sum(sum(ref[i:i + k]) != sum(hyp[i:i + k]) for i in range(max(0, windows)))
    return errors / max(1, windows)


def uniform(length: int, topics: int) -> list[int]:
    return [min(topics - 1, i * topics // length) for i in range(length)]


def _vote_matches(found: dict | None, expected: dict) -> bool:
    if not found:
        return False
    return all(found.get(key) == expected[key]
               for key in ("for", "against", "abstention", "unanimous"))


def evaluate() -> dict:
    from socle.assistant.minutes import analysis, generation
    from socle.assistant.minutes.parsing import decode, parse

    totals = {"speakers": 0, "exact": 0, "abs_seconds": 0.0, "timed": 0, "pk": 0.0,
              "pk_base": 0.0, "wd": 0.0, "wd_base": 0.0, "sessions": 0, "topic_count": 0,
              "decisions": 0, "decisions_found": 0, "misses": []}
    for label in json.loads((DATA / "labels.json").read_text(encoding="utf-8")):
        turns = parse(decode((DATA / label["file"]).read_bytes()))
        agenda = (DATA / label["agenda"]).read_text(encoding="utf-8") if label["agenda"] else ""
        topics, _method = analysis.segment(turns, agenda)
        found = {s["name"]: s for s in analysis.speakers(turns)}
        for expected in label["speakers"]:
            totals["speakers"] += 1
            got = found.get(expected["name"])
            if got and (got["turns"], got["words"]) == (expected["turns"], expected["words"]):
                totals["exact"] += 1
            else:
                totals["misses"].append(f"{label['file']}: {expected} ≠ {got}")
            if expected["seconds"] is not None:
                totals["timed"] += 1
                got_seconds = (got or {}).get("seconds") or 0.0
                totals["abs_seconds"] += abs(got_seconds - expected["seconds"])
        reference = label["word_topics"]
        hypothesis = _predicted_word_topics(turns, topics)
        if len(hypothesis) != len(reference):
            raise ValueError(f"{label['file']}: {len(hypothesis)} words parsed, "
                             f"{len(reference)} labelled")
        count = len(label["topics"])
        k = max(2, round(len(reference) / count / 2))
        base = uniform(len(reference), count)
        totals["pk"] += pk(reference, hypothesis, k)
        totals["pk_base"] += pk(reference, base, k)
        totals["wd"] += window_diff(reference, hypothesis, k)
        totals["wd_base"] += window_diff(reference, base, k)
        totals["sessions"] += 1
        totals["topic_count"] += len(topics) == count
        data = generation.analyse(turns, agenda=agenda)
        decisions = data["decisions"]
        titles = [t["title"] for t in data["topics"]]
        for expected in label["decisions"]:
            totals["decisions"] += 1
            topic_title = titles[expected["topic"]] if expected["topic"] < len(titles) else None
            if any(d["topic"] == topic_title and _vote_matches(d["vote"], expected)
                   for d in decisions):
                totals["decisions_found"] += 1
            else:
                totals["misses"].append(f"{label['file']}: decision {expected} not found")
    return totals


def run() -> list[dict]:
    _setup()
    t = evaluate()
    n = t["sessions"]
    note = f"{n} séances étiquetées (benchmarks/data/minutes)"
    return [
        {"name": "pv: intervenants exacts", "value": round(100 * t["exact"] / t["speakers"], 1),
         "unit": "%", "baseline": None,
         "note": f"nom, tours et mots exacts ({t['exact']}/{t['speakers']}) ; {note}"},
        {"name": "pv: erreur temps de parole", "value": round(t["abs_seconds"] / t["timed"], 2),
         "unit": "s", "baseline": None,
         "note": f"erreur absolue moyenne par intervenant ({t['timed']} intervenants horodatés)"},
        {"name": "pv: segmentation Pk", "value": round(100 * t["pk"] / n, 1), "unit": "% Pk",
         "baseline": round(100 * t["pk_base"] / n, 1),
         "note": "plus bas = mieux ; référence : découpage uniforme en autant de points"},
        {"name": "pv: segmentation WindowDiff", "value": round(100 * t["wd"] / n, 1),
         "unit": "% WD", "baseline": round(100 * t["wd_base"] / n, 1),
         "note": "plus bas = mieux ; référence : découpage uniforme en autant de points"},
        {"name": "pv: nombre de points exact", "value": round(100 * t["topic_count"] / n, 1),
         "unit": "%", "baseline": None, "note": f"{t['topic_count']}/{n} séances"},
        {"name": "pv: décisions trouvées", "value": round(100 * t["decisions_found"]
                                                          / t["decisions"], 1),
         "unit": "%", "baseline": None,
         "note": f"vote exact ({t['decisions_found']}/{t['decisions']})"},
    ]


if __name__ == "__main__":
    _setup()
    for row in run():
        print(f"{row['name']:<30} {row['value']!s:>7} {row['unit']:<3} "
              f"(référence {row['baseline']}) {row['note']}")
    for miss in evaluate()["misses"]:
        print(" ", miss)
