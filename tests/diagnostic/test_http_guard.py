"""The guarded outgoing-HTTP layer (socle.core.http): addresses, redirects, size, timeouts."""

import socket
import time

import pytest

from socle.core import http

FORBIDDEN = [
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.10",
    "127.0.0.1",
    "169.254.169.254",
    "0.0.0.0",  # noqa: S104
    "224.0.0.1",
    "240.0.0.1",
    "100.64.0.1",
    "::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
]


@pytest.mark.parametrize("address", FORBIDDEN)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(
    address, no_allowed_networks
):
    with pytest.raises(http.TargetForbidden, match="cible interdite"):
        http.check_address(address)


@pytest.mark.parametrize("address", ["193.51.24.1", "2001:660:3001::1", "8.8.8.8"])
def test_public_addresses_pass(address, no_allowed_networks):
    http.check_address(address)


def test_allowed_networks_open_only_what_they_name(settings):
    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = "127.0.0.0/8, fd00::/8"
    http.check_address("127.0.0.5")
    http.check_address("fd12::1")
    with pytest.raises(http.TargetForbidden):
        http.check_address("10.0.0.1")
    with pytest.raises(http.TargetForbidden):
        http.check_address("::1")


def test_allowed_networks_read_from_the_environment_when_settings_lack_it(settings, monkeypatch):
    del settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS
    monkeypatch.setenv("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", "10.0.0.0/8")
    http.check_address("10.9.9.9")
    monkeypatch.setenv("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", "")
    with pytest.raises(http.TargetForbidden):
        http.check_address("10.9.9.9")


def test_the_general_private_network_switch_also_opens(settings, no_allowed_networks):
    settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = True
    http.check_address("192.168.0.1")


def _route(simnet, sim_config, **changes):
    route = sim_config.route()
    for key, value in changes.items():
        setattr(route, key, value)
    return route


def test_fetch_of_a_loopback_name_refused_before_any_connection(
    simnet, sim_config, no_allowed_networks
):
    with pytest.raises(http.TargetForbidden):
        http.fetch(
            "https://bonne-commune.fr/", route=sim_config.route(), ca_bundle=simnet.ca_bundle
        )


def test_redirect_to_a_private_address_is_refused(simnet, sim_config):
    with pytest.raises(http.TargetForbidden, match=r"192\.168\.1\.10"):
        http.fetch(
            "https://prive.bonne-commune.fr/", route=sim_config.route(), ca_bundle=simnet.ca_bundle
        )


def test_fetch_connects_to_the_checked_address_and_sends_no_credentials(simnet, sim_config):
    response = http.fetch(
        "https://bonne-commune.fr/", route=sim_config.route(), ca_bundle=simnet.ca_bundle
    )
    assert response.status == 200 and response.address == "127.0.0.1"
    assert response.first_tls.verified and response.first_tls.version.startswith("TLS")
    with pytest.raises(http.HttpError, match="identifiants"):
        http.fetch("https://user:secret@bonne-commune.fr/", route=sim_config.route())


def test_response_size_is_bounded(simnet, sim_config):
    with pytest.raises(http.ResponseTooLarge, match="trop volumineuse"):
        http.fetch(
            "https://bonne-commune.fr/big",
            route=sim_config.route(),
            ca_bundle=simnet.ca_bundle,
            max_bytes=10_000,
        )


def test_a_silent_server_times_out(simnet, sim_config):
    route = _route(simnet, sim_config, port_map={443: simnet.silent_port}, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(http.HttpError, match="délai dépassé"):
        http.fetch("https://bonne-commune.fr/", route=route)
    assert time.monotonic() - started < 2


def test_smtp_probe_times_out_too(simnet, sim_config):
    from socle.diagnostic import smtp

    route = _route(simnet, sim_config, port_map={25: simnet.silent_port}, timeout=0.3)
    with pytest.raises(http.HttpError, match="délai dépassé"):
        smtp.probe_starttls("127.0.0.1", "mx.bonne-commune.fr", route)


def test_unknown_name_is_an_error_not_a_crash(simnet, sim_config):
    with pytest.raises(http.HttpError, match="introuvable"):
        http.fetch("https://absent.bonne-commune.fr/", route=sim_config.route())


def test_open_connection_refuses_private_literal(no_allowed_networks):
    with pytest.raises(http.TargetForbidden):
        http.open_connection("10.0.0.1", 25, http.Route(timeout=0.2))
    assert socket  # the guard raised before any socket was opened


def test_a_malformed_allowed_network_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = "127.0.0.0/8,pas-un-réseau"
    with pytest.raises(ImproperlyConfigured, match="invalid CIDR"):
        http.check_address("127.0.0.1")
