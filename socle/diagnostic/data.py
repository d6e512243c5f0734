"""Shipped reference data (socle/data/diagnostic), loaded once."""

from __future__ import annotations

import ipaddress
import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "diagnostic"
MMDB_PATH = DATA_DIR / "geo-whois-asn-country.mmdb"


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def sovereign_tlds() -> frozenset[str]:
    return frozenset(_load("sovereign_tlds.json")["tlds"])


@cache
def generic_mail_providers() -> frozenset[str]:
    return frozenset(_load("generic_mail_providers.json")["domains"])


@cache
def eu_countries() -> frozenset[str]:
    return frozenset(_load("eu_countries.json")["eu"])


@cache
def _reader():
    import maxminddb

    return maxminddb.open_database(str(MMDB_PATH))


def country_of(address: str, overrides: dict[str, str] | None = None) -> str:
    """ISO code of the country an address is registered in, "" when unknown.

    ``overrides`` (CIDR → code) lets tests give loopback addresses a country.
    """
    ip = ipaddress.ip_address(address)
    for cidr, code in (overrides or {}).items():
        network = ipaddress.ip_network(cidr, strict=False)
        if network.version == ip.version and ip in network:
            return code
    record = _reader().get(str(ip))
    return (record or {}).get("country_code", "") if isinstance(record, dict) else ""
