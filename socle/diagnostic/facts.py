"""Facts gathered by the collector: plain data, so every rating is a pure function over them.

A field left to ``None`` means "not collected"; an ``*_error`` string means "could not test".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DnsAnswer:
    """One DNS lookup: records as text, or an error ("could not test")."""

    records: list[str] = field(default_factory=list)
    exists: bool = True  # False on NXDOMAIN
    error: str = ""


@dataclass
class PageFacts:
    """What the home page's HTML shows (parsed only: nothing it references is fetched)."""

    url: str = ""  # where the page was read, after redirects
    size: int = 0  # bytes received
    truncated: bool = False  # only the first ``homepage.PARSE_LIMIT`` bytes were parsed
    third_party_hosts: list[str] = field(default_factory=list)
    trackers: list[dict] = field(default_factory=list)  # {domain, host, name, company, country}
    accessibility_links: list[str] = field(default_factory=list)  # link texts (or href)
    accessibility_level: str = ""  # "non", "partiellement" or "totalement" conforme, if said
    legal_notice_links: list[str] = field(default_factory=list)
    error: str = ""  # could not read or parse the page


@dataclass
class WebFacts:
    declared_url: str = ""
    host: str = ""
    addresses: list[str] = field(default_factory=list)
    ipv6_addresses: list[str] = field(default_factory=list)
    reachable: bool = False
    reach_error: str = ""
    https_ok: bool = False
    https_error: str = ""
    cert_valid: bool | None = None
    cert_error: str = ""
    cert_not_after: str = ""  # ISO date
    tls_version: str = ""
    final_url: str = ""
    hops: list[str] = field(default_factory=list)
    http_redirects_to_https: bool | None = None
    alias_redirects: bool | None = None  # the other of apex/www lands on the site
    headers: dict[str, str] = field(default_factory=dict)
    security_txt: bool | None = None
    country: str = ""
    page: PageFacts | None = None  # the home page (https, else http), None when never read
    legacy_tls: list[str] = field(default_factory=list)  # TLS 1.0 / 1.1 the server accepted
    legacy_tls_tested: bool = False
    legacy_tls_error: str = ""  # could not test (client cannot offer them, network...)


@dataclass
class MxHost:
    name: str
    address: str = ""
    ipv6: bool = False
    country: str = ""
    banner: str = ""
    starttls: bool | None = None
    error: str = ""


@dataclass
class MailFacts:
    email: str = ""
    domain: str = ""
    mx: DnsAnswer | None = None
    mx_hosts: list[MxHost] = field(default_factory=list)
    spf: DnsAnswer | None = None
    dmarc: DnsAnswer | None = None
    dkim_hint: DnsAnswer | None = None


@dataclass
class DnssecFacts:
    signed: bool = False
    valid: bool | None = None
    detail: str = ""
    error: str = ""


@dataclass
class DomainFacts:
    domain: str = ""
    official_domains: list[str] = field(default_factory=list)
    web: WebFacts = field(default_factory=WebFacts)
    mail: MailFacts = field(default_factory=MailFacts)
    dnssec: DnssecFacts | None = None
    caa: DnsAnswer | None = None
    today: str = ""  # ISO date the facts were gathered on (expiry horizon)
