"""Runs: the nightly round over every member and on-demand batches, fanned out through the task
API (the database worker in the embedded mode, RQ workers on any number of machines at scale).

A run is cut into chunks of ``SOCLE_DIAGNOSTIC_RUN_CHUNK`` collectivités; one task scans its
chunk with ``SOCLE_DIAGNOSTIC_RUN_THREADS`` threads (the work waits on the network, not on the
processor) and stores each scan, pointing to the run, as soon as it is done. Tasks carry only
ids, so any worker anywhere can take them. The run is marked done by whichever task stores its
last scan (a conditional UPDATE: safe when several workers finish together). A run stopped half
way (worker killed, machine restarted) is resumed by :func:`run_resume`, which enqueues only the
collectivités without a scan in it.

History and trends for the pages: :func:`run_summary`, :func:`level_trend`,
:func:`level_changes` (plain functions, no request needed).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.diagnostic import services
from socle.diagnostic.models import Presence, Run, Scan
from socle.journal.services import record, register_actions
from socle.territoires.models import Collectivite

logger = logging.getLogger(__name__)

register_actions(
    {
        "diagnostic.run_started": gettext_lazy("Tournée de diagnostic lancée"),
        "diagnostic.run_resumed": gettext_lazy("Tournée de diagnostic reprise"),
    }
)

NIGHTLY_EVERY = dt.timedelta(hours=20)  # diagnostic_nightly starts a run if none this recent
LEVELS = ("0", "1", "2", "none")


def _tuning(name: str, default: int) -> int:
    """A setting, else the environment variable of the same name, else ``default``."""
    value = getattr(settings, name, None) or os.environ.get(name) or default
    return max(1, int(value))


def chunk_size() -> int:
    """Collectivités per task (``SOCLE_DIAGNOSTIC_RUN_CHUNK``)."""
    return _tuning("SOCLE_DIAGNOSTIC_RUN_CHUNK", 50)


def thread_count() -> int:
    """Scans at once in one task (``SOCLE_DIAGNOSTIC_RUN_THREADS``)."""
    return _tuning("SOCLE_DIAGNOSTIC_RUN_THREADS", 24)


def _require_operator(actor) -> None:
    if actor is not None and not permissions.is_operateur(actor):
        raise PermissionDenied(_("Réservé aux opérateurs de la structure."))


def _ids(collectivites) -> list[int]:
    if collectivites is None:
        collectivites = Collectivite.objects.members().current()
    if hasattr(collectivites, "values_list"):
        return list(collectivites.order_by("pk").values_list("pk", flat=True))
    return sorted({getattr(c, "pk", c) for c in collectivites})


def _enqueue(run_id: int, ids: list[int]) -> int:
    from socle.diagnostic.tasks import scan_chunk

    size = chunk_size()
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    for chunk in chunks:
        scan_chunk.enqueue(run_id=run_id, collectivite_ids=chunk)
    return len(chunks)


def run_start(*, actor, kind: str = Run.Kind.MANUAL, collectivites=None, request=None) -> Run:
    """Create a run over ``collectivites`` (a queryset, objects or ids; every current member
    when None) and enqueue its chunks once the transaction commits. ``actor`` None is the
    system (the nightly schedule); a person must be an operator."""
    _require_operator(actor)
    ids = _ids(collectivites)
    with transaction.atomic():
        run = Run(
            kind=kind,
            started_at=timezone.now(),
            total=len(ids),
            scope=ids,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        run.full_clean()
        run.save()
        record(
            actor=actor,
            action="diagnostic.run_started",
            obj=run,
            details={"kind": kind, "total": len(ids), "chunk": chunk_size()},
            request=request,
        )
        if ids:
            transaction.on_commit(lambda: _enqueue(run.pk, ids), robust=True)
        else:
            _finish(run.pk)
    return run


def missing(run: Run) -> list[int]:
    """Collectivités of the run without a scan in it yet."""
    scope = run.scope or _ids(None)
    done = set(Scan.objects.filter(run=run).values_list("collectivite_id", flat=True))
    return [pk for pk in scope if pk not in done]


def run_resume(run: Run, *, actor=None, request=None) -> int:
    """Enqueue again only the collectivités of ``run`` that have no scan in it (after a crash);
    return how many. A run with nothing missing is marked done."""
    _require_operator(actor)
    todo = missing(run)
    with transaction.atomic():
        if todo:
            Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, finished_at=None)
            transaction.on_commit(lambda: _enqueue(run.pk, todo), robust=True)
        record(
            actor=actor,
            action="diagnostic.run_resumed",
            obj=run,
            details={"missing": len(todo)},
            request=request,
        )
    if not todo:
        _finish(run.pk)
    run.refresh_from_db()
    return len(todo)


def _finish(run_id: int) -> bool:
    """Mark the run done once every collectivité of it has a scan; True when this call did."""
    scanned = Scan.objects.filter(run_id=run_id).values("collectivite_id").distinct().count()
    return bool(
        Run.objects.filter(pk=run_id, status=Run.Status.RUNNING, total__lte=scanned).update(
            status=Run.Status.DONE, finished_at=timezone.now()
        )
    )


def _presences(ids: Iterable[int]) -> list[tuple[Collectivite, Presence]]:
    collectivites = Collectivite.objects.filter(pk__in=list(ids)).order_by("pk")
    return [(c, services.presence_for(c)) for c in collectivites]


def _timed(presence: Presence, config) -> tuple[dt.datetime, dict]:
    started = timezone.now()
    return started, services.scan_presence(presence, config)


def scan_chunk(run_id: int, collectivite_ids: list[int], *, threads: int | None = None) -> int:
    """Scan one chunk of a run (the body of the task): network in a thread pool, every result
    stored from this thread as it arrives. Collectivités already scanned in the run are skipped
    (a chunk run twice, a resumed run). Returns the number of scans stored."""
    run = Run.objects.filter(pk=run_id).first()
    if run is None or run.status == Run.Status.CANCELLED:
        return 0
    done = set(
        Scan.objects.filter(run=run, collectivite_id__in=collectivite_ids).values_list(
            "collectivite_id", flat=True
        )
    )
    todo = _presences(pk for pk in collectivite_ids if pk not in done)
    config = services.scan_config()
    stored = 0
    with ThreadPoolExecutor(max_workers=min(threads or thread_count(), max(1, len(todo)))) as pool:
        futures = {pool.submit(_timed, presence, config): (c, presence) for c, presence in todo}
        for future in as_completed(futures):
            collectivite, presence = futures[future]
            try:
                started, result = future.result()
            except Exception as exc:  # a bug in a probe: keep a "failed" scan, go on
                logger.exception("diagnostic scan failed for %s", collectivite.pk)
                services.store_failure(
                    collectivite=collectivite,
                    presence=presence,
                    started=timezone.now(),
                    run=run,
                    error=f"{exc.__class__.__name__}: {exc}",
                )
            else:
                services.store_scan(
                    actor=None,
                    collectivite=collectivite,
                    presence=presence,
                    result=result,
                    started=started,
                    run=run,
                )
            stored += 1
    _finish(run.pk)
    return stored


def nightly(*, now: dt.datetime | None = None) -> Run | None:
    """Start tonight's nightly run unless one started in the last 20 hours (idempotent: the
    schedule may call it as often as it likes)."""
    now = now or timezone.now()
    if Run.objects.filter(kind=Run.Kind.NIGHTLY, started_at__gte=now - NIGHTLY_EVERY).exists():
        return None
    return run_start(actor=None, kind=Run.Kind.NIGHTLY)


def wait_for(run: Run, *, timeout: float, poll: float = 0.5) -> Run:
    """Poll until the run is no longer running or ``timeout`` seconds passed (commands, bench)."""
    deadline = time.monotonic() + timeout
    while True:
        run.refresh_from_db()
        if run.status != Run.Status.RUNNING or time.monotonic() >= deadline:
            return run
        time.sleep(poll)


# --- History and trends (for the pages) --------------------------------------------------------


def _level_key(level) -> str:
    return "none" if level is None else str(level)


def run_summary(run: Run) -> dict:
    """Where a run stands: ``total``, ``scanned``, ``failed``, ``missing``, ``levels`` (counts
    by RCPNT level: "0", "1", "2", "none" for a failed scan), ``progress`` (0-100),
    ``status``, ``started_at``, ``finished_at``, ``duration_s``, ``per_minute``."""
    rows = (
        Scan.objects.filter(run=run)
        .values("status", "rcpnt_level")
        .annotate(n=Count("id"))
        .order_by()
    )
    levels = dict.fromkeys(LEVELS, 0)
    scanned = failed = 0
    for row in rows:
        scanned += row["n"]
        if row["status"] == Scan.Status.FAILED:
            failed += row["n"]
        levels[_level_key(row["rcpnt_level"])] += row["n"]
    end = run.finished_at or timezone.now()
    duration = max((end - run.started_at).total_seconds(), 0.0)
    return {
        "run": run,
        "status": run.status,
        "kind": run.kind,
        "total": run.total,
        "scanned": scanned,
        "failed": failed,
        "missing": max(run.total - scanned, 0),
        "levels": levels,
        "progress": round(100 * scanned / run.total) if run.total else 100,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "duration_s": round(duration, 1),
        "per_minute": round(60 * scanned / duration, 1) if duration else None,
    }


def level_trend(*, collectivites=None, days: int = 90, kind: str | None = None) -> list[dict]:
    """Counts by RCPNT level run after run over the last ``days`` days, oldest first: one dict
    per run, ``{"run_id", "started_at", "kind", "scanned", "levels": {"0","1","2","none"}}``.
    ``collectivites`` (queryset, objects or ids) narrows it (one member: its level per run)."""
    runs = Run.objects.filter(started_at__gte=timezone.now() - dt.timedelta(days=days))
    if kind:
        runs = runs.filter(kind=kind)
    runs = list(runs.order_by("started_at", "pk"))
    scans = Scan.objects.filter(run__in=runs)
    if collectivites is not None:
        scans = scans.filter(collectivite_id__in=_ids(collectivites))
    counts: dict[int, Counter] = {run.pk: Counter() for run in runs}
    for row in scans.values("run_id", "rcpnt_level").annotate(n=Count("id")).order_by():
        counts[row["run_id"]][_level_key(row["rcpnt_level"])] += row["n"]
    return [
        {
            "run_id": run.pk,
            "started_at": run.started_at,
            "kind": run.kind,
            "scanned": sum(counts[run.pk].values()),
            "levels": {level: counts[run.pk][level] for level in LEVELS},
        }
        for run in runs
    ]


def level_changes(run: Run, previous: Run | None = None) -> list[dict]:
    """Collectivités whose level differs between ``previous`` (the run of the same kind before
    ``run`` when None) and ``run``: ``{"collectivite_id", "before", "after"}`` (None: no level)."""
    if previous is None:
        previous = (
            Run.objects.filter(kind=run.kind, started_at__lt=run.started_at)
            .order_by("-started_at", "-pk")
            .first()
        )
    if previous is None:
        return []

    def levels(of: Run) -> dict[int, int | None]:
        return dict(Scan.objects.filter(run=of).values_list("collectivite_id", "rcpnt_level"))

    before, after = levels(previous), levels(run)
    return [
        {"collectivite_id": pk, "before": before[pk], "after": level}
        for pk, level in sorted(after.items())
        if pk in before and before[pk] != level
    ]
