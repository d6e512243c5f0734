"""Runs fanned out in chunks through the real workers (database worker, RQ), resumed after a
crash, the MX of a shared provider probed once, the per-destination limiter, the deadline."""

from __future__ import annotations

import collections
import json
import threading
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from socle.diagnostic import runs, services, throttle
from socle.diagnostic.checks import DECLARED
from socle.diagnostic.models import Presence, Run, Scan
from tests.core.conftest import (
    WORKER_TIMEOUT,
    rq_workers,  # noqa: F401 - the fixture, for the RQ test
    run_db_worker,
    wait_until,
)
from tests.diagnostic.simnet.smtp_server import SmtpServer
from tests.factories import CollectiviteFactory

DECLARATIONS = [
    ("https://bonne-commune.fr/", "mairie@bonne-commune.fr", 2),
    ("https://commune-bientot.bzh/", "contact@commune-bientot.bzh", 1),
    ("https://commune-expiree.fr", "contact@commune-expiree.fr", 1),
    ("https://commune-mauvais-hote.fr/", "mairie@commune-mauvais-hote.fr", 1),
    ("", "", 0),
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    throttle.forget_local()
    yield
    throttle.forget_local()


@pytest.fixture
def sim_settings(settings, sim_config):
    settings.SOCLE_DIAGNOSTIC_SCAN = _scan_options(sim_config)
    settings.SOCLE_DIAGNOSTIC_RUN_CHUNK = 2
    settings.SOCLE_DIAGNOSTIC_RUN_THREADS = 4
    return settings


def _scan_options(config) -> dict:
    return {
        "resolver": config.resolver,
        "ca_bundle": config.ca_bundle,
        "timeout": config.timeout,
        "port_map": config.port_map,
        "geo_overrides": config.geo_overrides,
    }


def _members(count: int) -> list:
    """``count`` member collectivités declaring the simulated domains (cycling)."""
    members = []
    for index in range(count):
        website, email, _level = DECLARATIONS[index % len(DECLARATIONS)]
        collectivite = CollectiviteFactory(name=f"Commune {index}", is_member=True)
        Presence.objects.create(collectivite=collectivite, website=website, contact_email=email)
        members.append(collectivite)
    return members


def _expected(members) -> dict:
    return {
        c.pk: DECLARATIONS[index % len(DECLARATIONS)][2] for index, c in enumerate(members)
    }


def _mx_server(simnet) -> SmtpServer:
    return next(s for s in simnet.servers if isinstance(s, SmtpServer) and s.tls is not None)


def test_a_run_is_fanned_out_in_chunks_and_done_by_the_database_worker(
    worker_db, sim_settings, operateur
):
    members = _members(5)

    run = runs.run_start(actor=operateur, kind=Run.Kind.MANUAL, collectivites=members)

    assert (run.status, run.total) == ("running", 5)
    chunks = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at", "id")
    assert [len(t.args_kwargs["kwargs"]["collectivite_ids"]) for t in chunks] == [2, 2, 1]
    run_db_worker()

    run.refresh_from_db()
    assert run.status == "done" and run.finished_at is not None
    levels = dict(Scan.objects.filter(run=run).values_list("collectivite_id", "rcpnt_level"))
    assert levels == _expected(members)
    summary = runs.run_summary(run)
    assert (summary["scanned"], summary["failed"], summary["missing"]) == (5, 0, 0)
    assert summary["levels"] == {"0": 1, "1": 3, "2": 1, "none": 0}
    assert summary["progress"] == 100


def test_only_an_operator_starts_a_run(sim_settings, territory, referent_a):
    with pytest.raises(PermissionDenied):
        runs.run_start(actor=referent_a, kind=Run.Kind.MANUAL)
    assert not Run.objects.exists()


def test_a_resumed_run_scans_only_the_missing_members(worker_db, sim_settings):
    members = _members(5)
    run = runs.run_start(actor=None, kind=Run.Kind.NIGHTLY, collectivites=members)
    # The worker died after one chunk and the queue was lost with it.
    first = DBTaskResult.objects.order_by("enqueued_at", "id").first()
    done_ids = first.args_kwargs["kwargs"]["collectivite_ids"]
    runs.scan_chunk(run.pk, done_ids)
    DBTaskResult.objects.all().delete()
    run.refresh_from_db()
    assert run.status == "running"
    assert runs.run_summary(run)["missing"] == 3

    assert runs.run_resume(run) == 3

    queued = DBTaskResult.objects.filter(status="READY")
    resumed = sorted(pk for t in queued for pk in t.args_kwargs["kwargs"]["collectivite_ids"])
    assert resumed == sorted(c.pk for c in members if c.pk not in done_ids)
    run_db_worker()
    run.refresh_from_db()
    assert run.status == "done"
    per_member = collections.Counter(
        Scan.objects.filter(run=run).values_list("collectivite_id", flat=True)
    )
    assert per_member == {c.pk: 1 for c in members}
    assert runs.run_resume(run) == 0  # nothing left: stays done


def test_a_chunk_run_twice_does_not_scan_twice(sim_settings, territory):
    members = _members(2)
    run = runs.run_start(actor=None, collectivites=members)
    ids = [c.pk for c in members]
    assert runs.scan_chunk(run.pk, ids) == 2
    assert runs.scan_chunk(run.pk, ids) == 0
    assert Scan.objects.filter(run=run).count() == 2


def test_the_shared_mail_host_is_probed_once_for_many_communes(simnet, sim_settings, territory):
    # Eight communes on one provider: bonne-commune.fr and commune-bientot.bzh share their MX.
    members = []
    for index in range(8):
        domain = "bonne-commune.fr" if index % 2 else "commune-bientot.bzh"
        collectivite = CollectiviteFactory(name=f"Abonnée {index}", is_member=True)
        Presence.objects.create(collectivite=collectivite, contact_email=f"mairie@{domain}")
        members.append(collectivite)
    server = _mx_server(simnet)
    before = server.sessions

    run = runs.run_start(actor=None, collectivites=members)
    runs.scan_chunk(run.pk, [c.pk for c in members])
    # Another worker (its own configuration, same shared cache) scans one of them again.
    services.scan_run(actor=None, collectivite=members[0])

    assert server.sessions - before == 1
    assert Scan.objects.filter(run=run).count() == 8
    for scan in Scan.objects.filter(run=run):
        assert scan.checks.get(check_id="mail.starttls").status == "pass"


def test_without_the_shared_cache_each_scan_probes_the_host(simnet, sim_config):
    server = _mx_server(simnet)
    before = server.sessions
    presence = Presence(website="", contact_email="mairie@bonne-commune.fr")
    for _ in range(2):
        services.scan_presence(presence, sim_config)  # the CLI's config: no shared cache
    assert server.sessions - before == 2


def test_the_limiter_bounds_requests_per_destination_across_threads(settings):
    admitted = []
    lock = threading.Lock()

    def one_request():
        throttle.acquire("192.0.2.10", per_second=3, max_wait=30)
        with lock:
            admitted.append(int(time.time()))

    threads = [threading.Thread(target=one_request) for _ in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    per_second = collections.Counter(admitted)
    assert sum(per_second.values()) == 9
    assert max(per_second.values()) <= 3
    assert len(per_second) >= 3  # nine requests at three a second span three seconds at least


def test_the_limiter_never_blocks_past_its_bound_nor_fails():
    for _ in range(5):
        throttle.acquire("192.0.2.20", per_second=1, max_wait=0)  # returns at once, no error
    throttle.acquire("192.0.2.20", per_second=0)  # 0: no limit


def test_a_scan_under_a_tight_limit_still_rates_everything(sim_settings, territory):
    sim_settings.SOCLE_DIAGNOSTIC_SCAN = {
        **sim_settings.SOCLE_DIAGNOSTIC_SCAN, "rate_per_ip": 2, "rate_max_wait": 30
    }
    collectivite = CollectiviteFactory(name="Limitée", is_member=True)
    Presence.objects.create(
        collectivite=collectivite,
        website="https://bonne-commune.fr/",
        contact_email="mairie@bonne-commune.fr",
    )
    scan = services.scan_run(actor=None, collectivite=collectivite)
    assert scan.rcpnt_level == 2
    assert not scan.checks.filter(status="error").exists()


def test_a_scan_past_its_deadline_keeps_declared_checks_and_errors_the_rest(
    simnet, sim_config, territory
):
    sim_config.port_map = {**sim_config.port_map, 443: simnet.silent_port, 80: simnet.silent_port}
    sim_config.deadline = 0.5
    presence = Presence(website="https://bonne-commune.fr/", contact_email="")

    report = services.scan_presence(presence, sim_config)

    statuses = {check["id"]: check["status"] for check in report["checks"]}
    tested = {check_id: s for check_id, s in statuses.items() if check_id not in DECLARED}
    assert set(tested.values()) == {"error"}
    assert statuses["rcpnt.1.1"] == "pass"  # a website is declared
    assert "délai global" in next(c for c in report["checks"] if c["id"] == "rcpnt.1.4")[
        "evidence"
    ]


def test_the_nightly_run_starts_once(sim_settings, territory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = runs.nightly()
        again = runs.nightly()
    assert first is not None and first.kind == "nightly"
    assert again is None
    assert Run.objects.count() == 1


def test_trends_and_changes_between_two_runs(sim_settings, territory):
    members = _members(2)
    first = runs.run_start(actor=None, kind=Run.Kind.NIGHTLY, collectivites=members)
    runs.scan_chunk(first.pk, [c.pk for c in members])
    Presence.objects.filter(collectivite=members[0]).update(
        website="https://commune-expiree.fr", contact_email="contact@commune-expiree.fr"
    )
    second = runs.run_start(actor=None, kind=Run.Kind.NIGHTLY, collectivites=members)
    runs.scan_chunk(second.pk, [c.pk for c in members])

    trend = runs.level_trend(days=90)
    assert [t["run_id"] for t in trend] == [first.pk, second.pk]
    assert trend[0]["levels"] == {"0": 0, "1": 1, "2": 1, "none": 0}
    assert trend[1]["levels"] == {"0": 0, "1": 2, "2": 0, "none": 0}
    mine = runs.level_trend(collectivites=[members[0]], days=90)
    assert [t["levels"]["2"] for t in mine] == [1, 0]
    assert runs.level_changes(second) == [
        {"collectivite_id": members[0].pk, "before": 2, "after": 1}
    ]


@pytest.mark.rq
def test_a_run_is_done_by_rq_workers(
    transactional_db,
    rq_workers,  # noqa: F811
    sim_config,
    settings,
):
    settings.SOCLE_DIAGNOSTIC_RUN_CHUNK = 2
    members = _members(5)
    rq_workers.env["SOCLE_DIAGNOSTIC_SCAN"] = json.dumps(_scan_options(sim_config))
    rq_workers.env["SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    rq_workers.env["SOCLE_DIAGNOSTIC_RUN_CHUNK"] = "2"

    run = runs.run_start(actor=None, kind=Run.Kind.MANUAL, collectivites=members)
    workers = [rq_workers.start(burst=True) for _ in range(2)]
    for worker in workers:
        worker.wait(timeout=WORKER_TIMEOUT)
    outputs = [rq_workers.stop(worker) for worker in workers]
    assert all(w.returncode == 0 for w in workers), outputs

    assert wait_until(lambda: Run.objects.get(pk=run.pk).status == "done")
    levels = dict(Scan.objects.filter(run=run).values_list("collectivite_id", "rcpnt_level"))
    assert levels == _expected(members)
