"""External diagnostic at scale: a full run over N simulated collectivités (5,000 by default,
``BENCH_DIAGNOSTIC_N``) on a generated network with 20-40 ms of latency injected per exchange
(DNS answer, HTTP response, SMTP reply; ``tests/diagnostic/simnet/bulk.py``): 64 shared web
hosts, 4 shared mail providers, one DNS server, all in this process on loopback.

Rows: collectivités per minute (a) on the embedded database worker (SQLite, file cache), (b) on
1 and (c) on 4 RQ workers (PostgreSQL from DATABASE_URL, Redis for the queue and the shared
cache); each in a throwaway instance, from the workers' start to their exit (Python and Django
start-up included). Baseline, measured in the same run: a plain sequential ``engine.scan`` loop
over a sample, the scanner with no fan-out. The note gives the extrapolated time for all of
France (37,000 collectivités) and what the run stored.

RQ rows need DATABASE_URL (several processes on one SQLite file would measure its lock) and a
Redis on 127.0.0.1:6379 (``BENCH_REDIS_URL``; database 13, flushed before and after): without
them the rows say why they were skipped.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import BASE_DIR, Instance, throwaway_instance

N = int(os.environ.get("BENCH_DIAGNOSTIC_N", "5000"))
SAMPLE = 40  # sequential baseline
FRANCE = 37_000
LATENCY = (0.02, 0.04)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
WORKER_TIMEOUT = 900

SEED = """
import datetime
from django.db import transaction
from socle.diagnostic.models import Presence
from socle.territoires.models import Collectivite
n = {n}
with transaction.atomic():
    rows = Collectivite.objects.bulk_create(
        Collectivite(kind="commune", name=f"Commune simulée {{i}}", code_insee=f"{{i:05d}}",
                     ref_key=f"bench:{{i}}", is_member=True, departement_code="07",
                     member_since=datetime.date(2024, 1, 1))
        for i in range(n)
    )
    Presence.objects.bulk_create(
        Presence(collectivite=c, website=f"https://commune-{{i:05d}}.fr/",
                 contact_email=f"mairie@commune-{{i:05d}}.fr", source="annuaire")
        for i, c in enumerate(rows)
    )
print(Collectivite.objects.count())
"""

BASELINE = """
import json, os, time
from socle.diagnostic import engine
from socle.diagnostic.collector import ScanConfig
config = ScanConfig(**json.loads(os.environ["SOCLE_DIAGNOSTIC_SCAN"]))
started = time.perf_counter()
for i in range({sample}):
    engine.scan(f"https://commune-{{i:05d}}.fr/", email=f"mairie@commune-{{i:05d}}.fr",
                config=config)
print(time.perf_counter() - started)
"""

REPORT = """
import json
from django.db.models import Max, Min
from socle.diagnostic import runs
from socle.diagnostic.models import Run, Scan
run = Run.objects.latest("pk")
summary = runs.run_summary(run)
span = Scan.objects.filter(run=run).aggregate(a=Min("started_at"), b=Max("finished_at"))
errors = Scan.objects.filter(run=run, checks__status="error").values("pk").distinct().count()
print(json.dumps({"status": run.status, "scanned": summary["scanned"],
                  "failed": summary["failed"], "levels": summary["levels"], "errors": errors,
                  "span": (span["b"] - span["a"]).total_seconds() if span["a"] else 0}))
"""


def _shell(instance: Instance, code: str) -> str:
    """Run ``code`` in the instance's Django shell; return the last line it printed."""
    return instance.manage("shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def _prepare(instance: Instance, world, extra_env: dict) -> None:
    instance.env.update(
        SOCLE_DIAGNOSTIC_SCAN=json.dumps(world.scan_options()),
        SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS="127.0.0.0/8",
        SOCLE_LOG_LEVEL="WARNING",
        **extra_env,
    )
    instance.manage("migrate", "--noinput", "-v0")
    seeded = _shell(instance, SEED.format(n=N))
    if seeded != str(N):
        raise RuntimeError(f"{seeded} collectivités créées au lieu de {N}")
    instance.manage("diagnostic_run", "--all-members")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _workers(instance: Instance, commands: list[list[str]]) -> tuple[float, float]:
    """Start the worker processes together, wait for all to exit; return the seconds taken and
    the processor seconds the workers used (robust when the machine is shared)."""
    log = instance.var_dir / "workers.log"
    cpu = _children_cpu()
    started = time.perf_counter()
    with log.open("wb") as out:
        processes = [
            subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", *command],
                cwd=BASE_DIR,
                env=instance.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            for command in commands
        ]
        try:
            for process in processes:
                process.wait(timeout=WORKER_TIMEOUT)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=10)
    elapsed = time.perf_counter() - started
    if any(p.returncode != 0 for p in processes):
        raise RuntimeError(f"un worker a échoué :\n{log.read_text(errors='replace')[-3000:]}")
    return elapsed, _children_cpu() - cpu


def _row(label: str, instance: Instance, timing: tuple[float, float], baseline: float) -> dict:
    elapsed, cpu = timing
    report = json.loads(_shell(instance, REPORT))
    if report["status"] != "done" or report["scanned"] != N:
        raise RuntimeError(f"{label} : tournée incomplète {report}")
    per_minute = 60 * N / elapsed
    levels = report["levels"]
    return {
        "name": f"diagnostic, {N} collectivités, {label}",
        "value": round(per_minute),
        "unit": "collectivités/min",
        "baseline": round(baseline),
        "note": (
            f"{elapsed:.0f} s ({60 * N / report['span']:.0f}/min entre premier et dernier scan), "
            f"{1000 * cpu / N:.0f} ms de processeur des workers par collectivité ; "
            f"37 000 en {FRANCE / per_minute:.0f} min ; niveaux 0/1/2 : "
            f"{levels['0']}/{levels['1']}/{levels['2']}, {report['failed']} échec(s), "
            f"{report['errors']} scan(s) avec un critère « non testé »"
        ),
    }


def _embedded(world, baseline_holder: list) -> dict:
    with throwaway_instance("diagnostic-embarque") as instance:
        _prepare(instance, world, {})
        seconds = float(_shell(instance, BASELINE.format(sample=SAMPLE)))
        baseline_holder.append(60 * SAMPLE / seconds)
        timing = _workers(
            instance, [["db_worker", "--batch", "--interval", "0", "--no-reload",
                        "--no-startup-delay", "-v", "0"]]
        )
        return _row("worker embarqué (base de données, SQLite)", instance, timing,
                    baseline_holder[0])


def _redis():
    import redis

    conn = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    conn.ping()
    return conn


def _rq(world, baseline: float) -> list[dict]:
    """1 then 4 RQ workers on one throwaway PostgreSQL instance: two runs of every member, the
    Redis database (queue and shared cache) flushed before each."""
    labels = {count: f"{count} worker(s) RQ (PostgreSQL, Redis)" for count in (1, 4)}
    postgres = os.environ.get("DATABASE_URL", "")
    if not postgres.startswith(("postgres://", "postgresql://", "pgsql://")):
        return [_skipped(label, baseline, "DATABASE_URL absent : ligne RQ non mesurée")
                for label in labels.values()]
    try:
        conn = _redis()
    except Exception as exc:  # no Redis here: say so, measure the rest
        return [_skipped(label, baseline, f"Redis injoignable ({REDIS_URL}) : {exc}")
                for label in labels.values()]
    rows = []
    try:
        with throwaway_instance("diagnostic-rq", postgres) as instance:
            for count, label in labels.items():
                conn.flushdb()
                if not rows:
                    _prepare(instance, world, {"REDIS_URL": REDIS_URL})
                else:
                    instance.manage("diagnostic_run", "--all-members")
                timing = _workers(
                    instance, [["rqworker", "default", "--burst", "-v", "0"]] * count
                )
                rows.append(_row(label, instance, timing, baseline))
    finally:
        conn.flushdb()
        conn.close()
    return rows


def _skipped(label: str, baseline: float, why: str) -> dict:
    return {
        "name": f"diagnostic, {N} collectivités, {label}",
        "value": None,
        "unit": "collectivités/min",
        "baseline": round(baseline),
        "note": why,
    }


def run() -> list[dict]:
    sys.path.insert(0, str(BASE_DIR))
    from tests.diagnostic.simnet.bulk import build_bulk

    world = build_bulk(Path(tempfile.mkdtemp(prefix="socle-bench-simnet-")), N, latency=LATENCY)
    try:
        baseline: list[float] = []
        rows = [_embedded(world, baseline)]
        rows += _rq(world, baseline[0])
        rows.append({
            "name": "diagnostic, boucle séquentielle engine.scan (référence)",
            "value": round(baseline[0]),
            "unit": "collectivités/min",
            "baseline": None,
            "note": f"{SAMPLE} collectivités l'une après l'autre, même réseau simulé",
        })
        return rows
    finally:
        world.stop()
