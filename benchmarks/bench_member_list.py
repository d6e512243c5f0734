"""The operator's member list (/territoire/collectivites/) under load: p50/p95 latency with 3,000
member communes and 20 concurrent clients, through gunicorn as ``run_platform`` starts it
(3 workers x 4 threads), on SQLite and, when DATABASE_URL is set, on PostgreSQL.

Baseline, measured in the same run through the same stack: /healthz (one trivial query per
check). The figure to watch is the p95 ratio list / healthz: what the page itself costs.

Data: the official referential shipped with Socle (``import_referentiel``), of which the first
3,000 current communes (by département then INSEE code) are marked members, a third of them with
a referent; fictitious communes when the import is not available. The operator's session (second
factor verified) is created server-side.
"""

from __future__ import annotations

import json
import os

from benchmarks.harness import BASE_DIR, Instance, LoadResult, gunicorn, load, throwaway_instance

MEMBERS = 3000
CLIENTS = 20
REQUESTS = 400
ROUNDS = 4  # list and baseline alternate, so a slow moment of the machine weighs on both
WARMUP = 60
SINGLE_REQUESTS = 50  # one client alone: the server time of the page, against the 300 ms budget
LIST_PATH = "/territoire/collectivites/"
HEALTH_PATH = "/healthz"
IMPORT_COMMAND = BASE_DIR / "socle" / "territoires" / "management" / "commands" / (
    "import_referentiel.py"
)


def seed(*, members: int = MEMBERS) -> dict:
    """Run inside the instance (``manage.py shell``): mark members, create the operator and
    their verified session. Returns what the load needs."""
    import datetime
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socle.comptes.models import User
    from socle.territoires.models import Collectivite, Membership, Structure

    with transaction.atomic():
        Structure.objects.get_or_create(name="Syndicat fictif du banc d'essai")
        communes = Collectivite.objects.filter(kind=Collectivite.Kind.COMMUNE, is_active=True)
        missing = members - communes.count()
        if missing > 0:
            Collectivite.objects.bulk_create(
                Collectivite(kind=Collectivite.Kind.COMMUNE, name=f"Commune fictive {i:04d}",
                             code_insee=f"9{i:04d}", ref_key=f"local:banc-{i}",
                             departement_code="99", population=100 + (i * 37) % 20000)
                for i in range(missing)
            )
        ids = list(
            communes.order_by("departement_code", "code_insee").values_list("pk", flat=True)[
                :members
            ]
        )
        Collectivite.objects.filter(pk__in=ids).update(
            is_member=True, member_since=datetime.date(2024, 1, 1)
        )
        referents = User.objects.bulk_create(
            User(email=f"referent{i}@banc-essai.invalid", full_name=f"Référent fictif {i}",
                 password="!")  # unusable password
            for i in range(len(ids) // 3)
        )
        Membership.objects.bulk_create(
            Membership(user=user, collectivite_id=pk, role="referent")
            for user, pk in zip(referents, ids, strict=False)
        )
        operator = User.objects.create_user(
            "operatrice@banc-essai.invalid", full_name="Opératrice fictive", is_operateur=True
        )
        device = TOTPDevice.objects.create(user=operator, name="Banc d'essai", confirmed=True)

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(operator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = operator.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        "members": len(ids),
        "collectivites": Collectivite.objects.count(),
    }


def _prepare(instance: Instance) -> dict:
    instance.manage("migrate", "--noinput", "-v", "0")
    instance.manage("collectstatic", "--noinput", "-v", "0")
    data_source = "communes fictives (commande import_referentiel absente)"
    if IMPORT_COMMAND.exists():
        try:
            instance.manage("import_referentiel")
            data_source = "référentiel officiel importé"
        except RuntimeError as exc:
            data_source = f"communes fictives (import du référentiel en échec : {exc!s:.200})"
    output = instance.manage(
        "shell", "-c",
        "import json; from benchmarks.bench_member_list import seed; print(json.dumps(seed()))",
    )
    return {**json.loads(output.strip().splitlines()[-1]), "source": data_source}


def _measure(label: str, postgres_url: str | None) -> list[dict]:
    with throwaway_instance(label, postgres_url) as instance:
        data = _prepare(instance)
        with gunicorn(instance) as port:
            cookie = data["cookie"]
            load(port, LIST_PATH, requests=WARMUP, clients=CLIENTS, cookie=cookie)
            load(port, HEALTH_PATH, requests=WARMUP, clients=CLIENTS)
            page, base = LoadResult(), LoadResult()
            for _round in range(ROUNDS):
                page.merge(load(port, LIST_PATH, requests=REQUESTS // ROUNDS, clients=CLIENTS,
                                cookie=cookie, must_contain=b"<table"))
                base.merge(load(port, HEALTH_PATH, requests=REQUESTS // ROUNDS, clients=CLIENTS))
            alone = load(port, LIST_PATH, requests=SINGLE_REQUESTS, clients=1, cookie=cookie)
    return _rows(label, data, page, base, alone)


def _rows(label: str, data: dict, page, base, alone) -> list[dict]:
    setup = (
        f"{data['members']} membres sur {data['collectivites']} collectivités "
        f"({data['source']}), {CLIENTS} clients, {REQUESTS} requêtes en {ROUNDS} tours"
    )
    ratio = page.p95 / base.p95
    return [
        {"name": f"member_list.p50[{label}]", "value": round(page.p50, 1), "unit": "ms",
         "baseline": round(base.p50, 1), "note": f"référence : p50 /healthz ; {setup}"},
        {"name": f"member_list.p95[{label}]", "value": round(page.p95, 1), "unit": "ms",
         "baseline": round(base.p95, 1), "note": "référence : p95 /healthz"},
        {"name": f"member_list.p95_ratio[{label}]", "value": round(ratio, 1), "unit": "x",
         "baseline": 1.0, "note": "p95 liste ÷ p95 /healthz (coût propre de la page)"},
        {"name": f"member_list.throughput[{label}]", "value": round(page.throughput, 1),
         "unit": "req/s", "baseline": round(base.throughput, 1),
         "note": "référence : débit /healthz"},
        {"name": f"member_list.p50_single_client[{label}]", "value": round(alone.p50, 1),
         "unit": "ms", "baseline": 300.0,
         "note": f"un seul client, {SINGLE_REQUESTS} requêtes ; référence : budget serveur 300 ms"},
    ]


def databases() -> list[tuple[str, str | None]]:
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        targets.append(("postgresql", url))
    return targets


def run() -> list[dict]:
    results = []
    for label, url in databases():
        results += _measure(label, url)
    return results
