"""The operators' territorial view of a self-assessment campaign: 2,000 members who submitted
the 7-theme referential (``maturite-numerique``), on SQLite and, when DATABASE_URL is set, on
PostgreSQL. The figure is the time of ``selectors.territorial_view`` (one query of every answer,
scores, gaps, distribution per theme, measures most often missing, members to help).

Baseline, measured in the same run: scoring the 2,000 responses alone (answers already in
memory, no database, no aggregation) — what the view costs beyond the scoring engine itself.

Data: fictitious communes and answers drawn deterministically (no personal data).
"""

from __future__ import annotations

import json

from benchmarks.bench_member_list import databases
from benchmarks.harness import throwaway_instance

MEMBERS = 2000
ROUNDS = 3


def _value(question, seed: int) -> str:
    if question.type == "number":
        return str(seed % 12)
    choices = [value for value, _label in question.choices()]
    return choices[seed % len(choices)]


def seed_and_measure(*, members: int = MEMBERS, rounds: int = ROUNDS) -> dict:
    """Run inside the instance (``manage.py shell``)."""
    import datetime
    import statistics
    import time

    from django.db import transaction
    from django.utils import timezone

    from socle.questionnaires import engine, referentiels, selectors
    from socle.questionnaires.models import Answer, Campaign, Response
    from socle.territoires.models import Collectivite

    referential = referentiels.load(referentiels.DEFAULT_SLUG)
    questions = referential.questions
    with transaction.atomic():
        places = Collectivite.objects.bulk_create(
            Collectivite(kind="commune", name=f"Commune fictive {i:04d}", code_insee=f"9{i:04d}",
                         ref_key=f"local:banc-q-{i}", departement_code="99", is_member=True,
                         member_since=datetime.date(2024, 1, 1), population=100 + i)
            for i in range(members))
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            title="Banc d'essai", referential_slug=referential.slug,
            referential_version=str(referential.version), opens_on=today, deadline=today)
        responses = Response.objects.bulk_create(
            Response(campaign=campaign, collectivite=c, status="submitted",
                     submitted_at=timezone.now(), question_count=len(questions),
                     answered_count=len(questions)) for c in places)
        rows = []
        for i, response in enumerate(responses):
            rows.extend(Answer(response=response, collectivite_id=response.collectivite_id,
                               question_id=q.id, value=_value(q, i * 7 + n))
                        for n, q in enumerate(questions))
        Answer.objects.bulk_create(rows, batch_size=5000)

    view_times, base_times = [], []
    in_memory = [
        engine.parse_stored(referential, [(q.id, _value(q, i * 7 + n))
                                          for n, q in enumerate(questions)])
        for i in range(members)
    ]
    for _round in range(rounds):
        start = time.perf_counter()
        view = selectors.territorial_view(campaign=campaign)
        view_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for answers in in_memory:
            engine.score(referential, answers)
        base_times.append(time.perf_counter() - start)
    assert view.answered == members and len(view.themes) == 7
    return {"view_ms": 1000 * statistics.median(view_times),
            "baseline_ms": 1000 * statistics.median(base_times),
            "answers": len(rows), "themes": len(view.themes)}


def _measure(label: str, url: str | None) -> list[dict]:
    with throwaway_instance(f"questionnaires-{label}", url) as instance:
        instance.manage("migrate", "--noinput", "-v", "0")
        output = instance.manage(
            "shell", "-c",
            "import json; from benchmarks.bench_questionnaires import seed_and_measure; "
            "print(json.dumps(seed_and_measure()))",
        )
    figures = json.loads(output.strip().splitlines()[-1])
    return [{
        "name": f"questionnaires_territorial_view_{label}",
        "value": round(figures["view_ms"], 1),
        "unit": "ms",
        "baseline": round(figures["baseline_ms"], 1),
        "note": (f"vue territoriale, {MEMBERS} membres x {figures['themes']} thèmes "
                 f"({figures['answers']} réponses), médiane de {ROUNDS} ; référence : calcul "
                 f"des {MEMBERS} scores seuls, réponses en mémoire"),
    }]


def run() -> list[dict]:
    results = []
    for label, url in databases():
        results += _measure(label, url)
    return results
