"""Shipped data: the IP-to-country database, the sovereign TLDs and the generic providers."""

import pytest

from socle.diagnostic import data
from socle.diagnostic.collector import ScanConfig
from socle.diagnostic.dnssec import check_zone


@pytest.mark.parametrize(
    ("address", "country"),
    [("193.51.24.1", "FR"), ("8.8.8.8", "US"), ("2001:660::1", "FR"), ("127.0.0.1", "")],
)
def test_offline_ip_to_country(address, country):
    assert data.country_of(address) == country


def test_overrides_win_in_order():
    overrides = {"127.0.0.2/32": "US", "127.0.0.0/8": "FR"}
    assert data.country_of("127.0.0.2", overrides) == "US"
    assert data.country_of("127.0.0.9", overrides) == "FR"


def test_lists_hold_what_rcpnt_needs():
    assert {"fr", "re", "yt", "bzh", "alsace", "corsica", "paris"} <= data.sovereign_tlds()
    assert {
        "gmail.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "laposte.net",
        "hotmail.fr",
        "outlook.fr",
        "yahoo.fr",
        "sfr.fr",
        "bbox.fr",
    } <= data.generic_mail_providers()
    assert "FR" in data.eu_countries() and "US" not in data.eu_countries()
    assert (data.DATA_DIR / "NRO_LICENSE").exists() and (data.DATA_DIR / "SOURCE.md").exists()
    assert data.MMDB_PATH.stat().st_size < 30 * 1024 * 1024


def test_dnssec_asks_the_authoritative_server_through_the_guard(simnet, no_allowed_networks):
    # Without --resolver the NS of the zone is asked; here ns1 is on loopback: refused.
    config = ScanConfig(timeout=1.0)
    config._resolver = ScanConfig(resolver=simnet.dns.address, timeout=1.0).dns()
    found = check_zone(config, "bonne-commune.fr")
    assert found.error.startswith("cible interdite")


def test_dnssec_through_the_authoritative_server_when_allowed(simnet):
    config = ScanConfig(timeout=1.0, port_map={53: simnet.dns.port})
    config._resolver = ScanConfig(resolver=simnet.dns.address, timeout=1.0).dns()
    assert check_zone(config, "bonne-commune.fr").valid is True
    assert check_zone(config, "commune-mauvais-hote.fr").valid is False
    assert check_zone(config, "commune-expiree.fr").signed is False
