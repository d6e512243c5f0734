"""The simulated Internet, started once per test session on loopback and stopped at the end.

Every diagnostic test runs with ``SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS=127.0.0.0/8`` so the guard
lets the scanner reach loopback; ``no_allowed_networks`` turns it back to the default.
"""

import pytest

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
