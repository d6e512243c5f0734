"""Probing: network I/O only, turning a domain into DomainFacts (ratings live in checks/).

DNS goes through dnspython (system resolver, or ``ScanConfig.resolver`` host:port); HTTP and
SMTP through the guarded layer ``socle.core.http``. Every call has a timeout; a failure becomes
an ``error`` string in the facts ("could not test"), never an exception out of ``collect``.
"""

from __future__ import annotations

import datetime as dt
import ssl
from dataclasses import dataclass, field

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rdatatype
import dns.resolver

from socle.core import http
from socle.diagnostic import data, smtp
from socle.diagnostic.facts import DnsAnswer, DnssecFacts, DomainFacts, MailFacts, MxHost, WebFacts


@dataclass
class ScanConfig:
    resolver: str = ""  # "host:port" of a DNS resolver; system resolver when empty
    ca_bundle: str | None = None
    timeout: float = 5.0
    port_map: dict = field(default_factory=dict)  # tests only: {443: 8443, "127.0.0.2:25": 2525}
    geo_overrides: dict[str, str] = field(default_factory=dict)  # tests only: {"127.0.0.0/8": "FR"}
    today: dt.date | None = None
    _resolver: dns.resolver.Resolver | None = field(default=None, init=False, repr=False)
    _addresses: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    # MX hosts probed with this config: many communes share one mail provider, probe it once.
    mx_cache: dict[str, MxHost] = field(default_factory=dict, init=False, repr=False)

    def dns(self) -> dns.resolver.Resolver:
        if self._resolver is None:
            if not self.resolver:
                res = dns.resolver.Resolver()
            else:
                host, _, port = self.resolver.rpartition(":")
                res = dns.resolver.Resolver(configure=False)
                res.nameservers, res.port = [host.strip("[]")], int(port)
            res.lifetime = res.timeout = self.timeout
            self._resolver = res
        return self._resolver

    def route(self) -> http.Route:
        return http.Route(
            resolve=self.resolve_addresses, port_map=self.port_map, timeout=self.timeout
        )

    def resolve_addresses(self, host: str) -> list[str]:
        """A then AAAA records of ``host``, kept for the scan (one scan asks several times)."""
        if host not in self._addresses:
            self._addresses[host] = (
                lookup(self, host, "A").records + lookup(self, host, "AAAA").records
            )
        found = self._addresses[host]
        if not found:
            raise http.HttpError(f"nom introuvable : {host}")
        return found


def lookup(config: ScanConfig, name: str, rdtype: str) -> DnsAnswer:
    try:
        answer = config.dns().resolve(name, rdtype, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return DnsAnswer(exists=False)
    except (dns.exception.DNSException, OSError) as exc:
        return DnsAnswer(error=f"DNS {rdtype} {name} : {exc.__class__.__name__}")
    if answer.rrset is None:
        return DnsAnswer()
    return DnsAnswer(records=[_text(rdata) for rdata in answer.rrset])


def _text(rdata) -> str:
    if rdata.rdtype == dns.rdatatype.TXT:
        return b"".join(rdata.strings).decode("utf-8", "replace")
    return rdata.to_text()


def collect(config: ScanConfig, *, url: str = "", email: str = "") -> DomainFacts:
    domain = registrable_host(url) if url else email.rpartition("@")[2].lower()
    facts = DomainFacts(domain=domain, today=(config.today or dt.date.today()).isoformat())
    facts.official_domains = sorted({d for d in (domain, email.rpartition("@")[2].lower()) if d})
    if url:
        facts.web = collect_web(config, url)
        facts.dnssec = collect_dnssec(config, domain)
        facts.caa = lookup(config, domain, "CAA")
    if email:
        facts.mail = collect_mail(config, email)
    return facts


def host_of(url: str) -> str:
    """Lower-case ASCII (IDNA) host of a URL or bare domain; "" when there is none."""
    try:
        host = http.urllib.parse.urlsplit(url if "//" in url else f"https://{url}").hostname or ""
        return host.encode("idna").decode("ascii").lower() if host else ""
    except (ValueError, UnicodeError):
        return ""


def registrable_host(url: str) -> str:
    return host_of(url).removeprefix("www.")


def collect_web(config: ScanConfig, declared: str) -> WebFacts:
    web = WebFacts(declared_url=declared, host=host_of(declared))
    web.addresses = lookup(config, web.host, "A").records
    web.ipv6_addresses = lookup(config, web.host, "AAAA").records
    if web.addresses or web.ipv6_addresses:
        web.country = data.country_of(
            (web.addresses or web.ipv6_addresses)[0], config.geo_overrides
        )
    _probe_https(config, web)
    _probe_http(config, web)
    if web.https_ok:
        _probe_alias(config, web)
        web.security_txt = _has_security_txt(config, web.host)
    return web


def _probe_https(config: ScanConfig, web: WebFacts) -> None:
    route, target = config.route(), f"https://{web.host}/"
    try:
        response = http.fetch(target, route=route, ca_bundle=config.ca_bundle)
        web.cert_valid = True
    except ssl.SSLCertVerificationError as exc:
        web.cert_valid, web.cert_error = False, exc.verify_message or str(exc)
        try:
            response = http.fetch(target, route=route, verify=False)
        except http.HttpError as again:
            web.https_error = str(again)
            return
    except http.HttpError as exc:
        web.https_error = str(exc)
        return
    web.https_ok = web.reachable = True
    web.final_url, web.hops, web.headers = response.url, response.hops, response.headers
    if response.first_tls:
        web.tls_version = response.first_tls.version
        web.cert_not_after = _not_after(response.first_tls.cert_der)


def _not_after(der: bytes | None) -> str:
    if not der:
        return ""
    from cryptography import x509

    return x509.load_der_x509_certificate(der).not_valid_after_utc.date().isoformat()


def _probe_http(config: ScanConfig, web: WebFacts) -> None:
    try:
        response = http.fetch(f"http://{web.host}/", route=config.route(), verify=False)
    except http.HttpError as exc:
        web.reach_error = web.reach_error or str(exc)
        return
    web.reachable = True
    web.http_redirects_to_https = response.url.startswith("https://")
    if not web.final_url:
        web.final_url, web.hops = response.url, response.hops


def _probe_alias(config: ScanConfig, web: WebFacts) -> None:
    """The other of apex / www answers and lands on the same site."""
    apex = web.host.removeprefix("www.")
    alias = apex if web.host.startswith("www.") else f"www.{apex}"
    try:
        response = http.fetch(f"https://{alias}/", route=config.route(), verify=False)
    except http.HttpError:
        web.alias_redirects = False
        return
    landed = http.urllib.parse.urlsplit(response.url).hostname or ""
    web.alias_redirects = landed.removeprefix("www.") == apex


def _has_security_txt(config: ScanConfig, host: str) -> bool | None:
    try:
        response = http.fetch(
            f"https://{host}/.well-known/security.txt",
            route=config.route(),
            verify=False,
            max_bytes=64 * 1024,
        )
    except http.HttpError:
        return None
    return response.status == 200 and b"Contact:" in response.body


def collect_mail(config: ScanConfig, email: str) -> MailFacts:
    domain = email.rpartition("@")[2].lower()
    mail = MailFacts(email=email, domain=domain)
    mail.mx = lookup(config, domain, "MX")
    mail.spf = lookup(config, domain, "TXT")
    mail.dmarc = lookup(config, f"_dmarc.{domain}", "TXT")
    mail.dkim_hint = lookup(config, f"_domainkey.{domain}", "TXT")
    for record in sorted(mail.mx.records, key=lambda r: int(r.split()[0]))[:3]:
        mail.mx_hosts.append(_probe_mx(config, record.split()[1].rstrip(".")))
    return mail


def _probe_mx(config: ScanConfig, name: str) -> MxHost:
    if name not in config.mx_cache:
        config.mx_cache[name] = _probe_mx_host(config, name)
    return config.mx_cache[name]


def _probe_mx_host(config: ScanConfig, name: str) -> MxHost:
    host = MxHost(name=name)
    addresses = lookup(config, name, "A").records
    host.ipv6 = bool(lookup(config, name, "AAAA").records)
    if not addresses:
        host.error = f"aucune adresse IPv4 pour {name}"
        return host
    host.address = addresses[0]
    host.country = data.country_of(host.address, config.geo_overrides)
    try:
        host.banner, host.starttls = smtp.probe_starttls(host.address, name, config.route())
    except http.HttpError as exc:
        host.error = str(exc)
    return host


def collect_dnssec(config: ScanConfig, domain: str) -> DnssecFacts:
    from socle.diagnostic import dnssec

    return dnssec.check_zone(config, domain)
