"""The mutualised DPO overview (/donnees/) under load: p50/p95 latency for a DPO serving 200
collectivités (5 processings each, an open breach in one of four, an overdue request in one of
three), 10 concurrent clients, through gunicorn as ``run_platform`` starts it, on SQLite and,
when DATABASE_URL is set, on PostgreSQL.

Baseline, measured in the same run through the same stack: /healthz. Data: fictitious
collectivités and people created in the throwaway instance; the DPO's session is created
server-side.
"""

from __future__ import annotations

import json

from benchmarks.bench_member_list import databases
from benchmarks.harness import Instance, LoadResult, gunicorn, load, throwaway_instance

COLLECTIVITES = 200
PROCESSINGS_EACH = 5
CLIENTS = 10
REQUESTS = 200
ROUNDS = 4
WARMUP = 30
PAGE_PATH = "/donnees/"
HEALTH_PATH = "/healthz"


def seed(*, collectivites: int = COLLECTIVITES) -> dict:
    """Run inside the instance (``manage.py shell``): the DPO, their collectivités and
    registers, and their session. Returns what the load needs."""
    import datetime
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction
    from django.utils import timezone

    from socle.comptes.models import User
    from socle.donnees.models import Breach, Processing, SubjectRequest
    from socle.territoires.models import Collectivite, Membership, Structure

    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        Structure.objects.get_or_create(name="Syndicat fictif du banc d'essai")
        rows = Collectivite.objects.bulk_create(
            Collectivite(kind=Collectivite.Kind.COMMUNE, name=f"Commune fictive {i:03d}",
                         search_name=f"commune fictive {i:03d}", code_insee=f"9{i:04d}",
                         ref_key=f"local:banc-dpo-{i}", departement_code="99", is_member=True,
                         member_since=datetime.date(2024, 1, 1))
            for i in range(collectivites))
        dpo = User.objects.create_user("dpo@banc-essai.invalid", full_name="DPO fictif")
        Membership.objects.bulk_create(Membership(user=dpo, collectivite=c, role="dpo")
                                       for c in rows)
        Processing.objects.bulk_create(
            Processing(collectivite=c, name=f"Traitement {j}", purpose="Finalité fictive",
                       legal_basis="mission_publique", completeness=40 + 10 * j)
            for c in rows for j in range(PROCESSINGS_EACH))
        Breach.objects.bulk_create(
            Breach(collectivite=c, title="Violation fictive",
                   detected_at=now - datetime.timedelta(hours=10 + i))
            for i, c in enumerate(rows) if i % 4 == 0)
        SubjectRequest.objects.bulk_create(
            SubjectRequest(collectivite=c, kind="acces", requester="Personne fictive",
                           received_on=today - datetime.timedelta(days=40),
                           due_on=today - datetime.timedelta(days=9))
            for i, c in enumerate(rows) if i % 3 == 0)

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(dpo.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = dpo.get_session_auth_hash()
    session.create()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
            "collectivites": len(rows)}


def _prepare(instance: Instance) -> dict:
    instance.manage("migrate", "--noinput", "-v", "0")
    instance.manage("collectstatic", "--noinput", "-v", "0")
    output = instance.manage(
        "shell", "-c",
        "import json; from benchmarks.bench_dpo_overview import seed; print(json.dumps(seed()))",
    )
    return json.loads(output.strip().splitlines()[-1])


def _measure(label: str, postgres_url: str | None) -> list[dict]:
    with throwaway_instance(f"dpo-{label}", postgres_url) as instance:
        data = _prepare(instance)
        with gunicorn(instance) as port:
            cookie = data["cookie"]
            load(port, PAGE_PATH, requests=WARMUP, clients=CLIENTS, cookie=cookie,
                 must_contain=b"Vue DPO mutualis")
            load(port, HEALTH_PATH, requests=WARMUP, clients=CLIENTS)
            page, base = LoadResult(), LoadResult()
            for _round in range(ROUNDS):
                page.merge(load(port, PAGE_PATH, requests=REQUESTS // ROUNDS, clients=CLIENTS,
                                cookie=cookie, must_contain=b"Commune fictive 199"))
                base.merge(load(port, HEALTH_PATH, requests=REQUESTS // ROUNDS, clients=CLIENTS))
    setup = (f"DPO de {data['collectivites']} collectivités, {PROCESSINGS_EACH} traitements "
             f"chacune, {CLIENTS} clients, {REQUESTS} requêtes en {ROUNDS} tours")
    return [
        {"name": f"dpo_overview.p50[{label}]", "value": round(page.p50, 1), "unit": "ms",
         "baseline": round(base.p50, 1), "note": f"référence : p50 /healthz ; {setup}"},
        {"name": f"dpo_overview.p95[{label}]", "value": round(page.p95, 1), "unit": "ms",
         "baseline": round(base.p95, 1), "note": "référence : p95 /healthz"},
    ]


def run() -> list[dict]:
    results = []
    for label, url in databases():
        results += _measure(label, url)
    return results
