"""The simulated Internet, started once per test session on loopback and stopped at the end.

Every diagnostic test runs with ``SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS=127.0.0.0/8`` so the guard
lets the scanner reach loopback; ``no_allowed_networks`` turns it back to the default.
"""

import importlib

import pytest
from django.db import connection

from socle.diagnostic.collector import ScanConfig
from tests.diagnostic.simnet.world import World, build


@pytest.fixture(scope="session")
def simnet(tmp_path_factory) -> World:
    world = build(tmp_path_factory.mktemp("simnet"))
    yield world
    world.stop()


@pytest.fixture(autouse=True)
def _allow_loopback(settings, monkeypatch):
    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = "127.0.0.0/8"
    settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = False
    monkeypatch.setenv("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", "127.0.0.0/8")


@pytest.fixture
def no_allowed_networks(settings, monkeypatch):
    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = ""
    monkeypatch.setenv("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", "")


@pytest.fixture
def sim_config(simnet) -> ScanConfig:
    return ScanConfig(
        resolver=simnet.dns.address,
        ca_bundle=simnet.ca_bundle,
        timeout=2.0,
        port_map=simnet.port_map,
        geo_overrides=simnet.geo,
    )


@pytest.fixture
def worker_db(transactional_db, settings):
    """Real commits for the database worker (tasks on the database backend). The flush that ends
    a transactional test is a DELETE on SQLite, which the journal's append-only trigger refuses:
    the journal rows are removed first with the trigger lifted for that statement."""
    from tests.core.conftest import DB_TASKS

    settings.TASKS = DB_TASKS
    yield
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("socle.journal.migrations.0002_append_only")
    with connection.cursor() as cursor:
        for statement in migration.SQLITE_BACKWARD:
            cursor.execute(statement)
        cursor.execute("DELETE FROM journal_auditevent")
        for statement in migration.SQLITE_FORWARD:
            cursor.execute(statement)
