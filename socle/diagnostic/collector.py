"""Probing: network I/O only, turning a domain into DomainFacts (ratings live in checks/).

DNS goes through dnspython (system resolver, or ``ScanConfig.resolver`` host:port); HTTP and
SMTP through the guarded layer ``socle.core.http``. Every call has a timeout; a failure becomes
an ``error`` string in the facts ("could not test"), never an exception out of ``collect``.
"""

from __future__ import annotations

import datetime as dt
import functools
import ssl
import threading
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
from socle.diagnostic.facts import (
    DnsAnswer,
    DnssecFacts,
    DomainFacts,
    MailFacts,
    MxHost,
    PageFacts,
    WebFacts,
)


@dataclass
class ScanConfig:
    resolver: str = ""  # "host:port" of a DNS resolver; system resolver when empty
    ca_bundle: str | None = None
    timeout: float = 5.0
    port_map: dict = field(default_factory=dict)  # tests only: {443: 8443, "127.0.0.2:25": 2525}
    geo_overrides: dict[str, str] = field(default_factory=dict)  # tests only: {"127.0.0.0/8": "FR"}
    today: dt.date | None = None
    # Runs (see docs/diagnostic-runs.md): MX facts shared by every worker through Django's cache,
    # at most ``rate_per_ip`` requests a second to one address (waiting ``rate_max_wait`` at
    # most), and an overall ``deadline`` in seconds per collectivité (0: none).
    shared_cache: bool = False
    shared_ttl: float = 6 * 3600
    rate_per_ip: float = 0.0
    rate_max_wait: float = 10.0
    deadline: float = 0.0
    _resolver: dns.resolver.Resolver | None = field(default=None, init=False, repr=False)
    _addresses: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    # MX hosts probed with this config: many communes share one mail provider, probe it once.
    mx_cache: dict[str, MxHost] = field(default_factory=dict, init=False, repr=False)
    _cancelled: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    def cancel(self) -> None:
        """The scan's deadline passed: every further exchange of this config fails at once."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def network_key(self) -> str:
        """What makes two configs reach the same network (keys of the shared cache)."""
        from socle.diagnostic import throttle

        return throttle.fingerprint(
            self.resolver, sorted(map(str, self.port_map.items())), self.geo_overrides
        )

    def throttle(self, address: str) -> None:
        """Wait, bounded, for the per-destination limit before one exchange with ``address``."""
        if self.cancelled:
            raise http.HttpError("délai global du diagnostic dépassé")
        if self.rate_per_ip > 0:
            from socle.diagnostic import throttle

            throttle.acquire(address, per_second=self.rate_per_ip, max_wait=self.rate_max_wait)

    def dns(self) -> dns.resolver.Resolver:
        if self.cancelled:
            raise dns.exception.Timeout()
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
        self.throttle(found[0])  # route.resolve runs once per HTTP request, before connecting
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
        facts.web = collect_web(config, url, first_party=facts.official_domains)
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


# A home page larger than this is an error (the guard never truncates); only its first
# ``homepage.PARSE_LIMIT`` bytes are parsed.
HOME_PAGE_MAX_BYTES = 4 * 1024 * 1024


def collect_web(config: ScanConfig, declared: str, *, first_party: tuple | list = ()) -> WebFacts:
    web = WebFacts(declared_url=declared, host=host_of(declared))
    web.addresses = lookup(config, web.host, "A").records
    web.ipv6_addresses = lookup(config, web.host, "AAAA").records
    if web.addresses or web.ipv6_addresses:
        web.country = data.country_of(
            (web.addresses or web.ipv6_addresses)[0], config.geo_overrides
        )
    https_page = _probe_https(config, web)
    http_page = _probe_http(config, web)
    home = https_page or http_page
    if web.https_ok:
        _probe_alias(config, web)
        web.security_txt = _has_security_txt(config, web.host)
        _probe_legacy_tls(config, web)
    if home is not None:
        web.page = _read_page(home, [*first_party, registrable_host(declared)])
    return web


def _read_page(response: http.Response, first_party: list[str]) -> PageFacts:
    """The home page's facts (parsed only: nothing it references is fetched)."""
    from socle.diagnostic import homepage

    if response.status != 200:
        return PageFacts(
            url=response.url, error=f"page d'accueil en erreur (HTTP {response.status})"
        )
    return homepage.parse(
        response.body,
        url=response.url,
        first_party=first_party,
        content_type=response.headers.get("content-type", ""),
    )


def _probe_https(config: ScanConfig, web: WebFacts) -> http.Response | None:
    route, target = config.route(), f"https://{web.host}/"
    try:
        response = http.fetch(
            target, route=route, ca_bundle=config.ca_bundle, max_bytes=HOME_PAGE_MAX_BYTES
        )
        web.cert_valid = True
    except ssl.SSLCertVerificationError as exc:
        web.cert_valid, web.cert_error = False, exc.verify_message or str(exc)
        try:
            response = http.fetch(target, route=route, verify=False, max_bytes=HOME_PAGE_MAX_BYTES)
        except http.HttpError as again:
            web.https_error = str(again)
            return None
    except http.HttpError as exc:
        web.https_error = str(exc)
        return None
    web.https_ok = web.reachable = True
    web.final_url, web.hops, web.headers = response.url, response.hops, response.headers
    if response.first_tls:
        web.tls_version = response.first_tls.version
        web.cert_not_after = _not_after(response.first_tls.cert_der)
    return response


def _not_after(der: bytes | None) -> str:
    if not der:
        return ""
    from cryptography import x509

    return x509.load_der_x509_certificate(der).not_valid_after_utc.date().isoformat()


def _probe_http(config: ScanConfig, web: WebFacts) -> http.Response | None:
    try:
        response = http.fetch(
            f"http://{web.host}/",
            route=config.route(),
            verify=False,
            max_bytes=HOME_PAGE_MAX_BYTES,
        )
    except http.HttpError as exc:
        web.reach_error = web.reach_error or str(exc)
        return None
    web.reachable = True
    web.http_redirects_to_https = response.url.startswith("https://")
    if not web.final_url:
        web.final_url, web.hops = response.url, response.hops
    return response


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


# The versions a server should refuse. OpenSSL 3 keeps them but its default security level
# forbids offering them; a context at SECLEVEL=0 offers exactly one of them (the probe only
# tests whether the server accepts it, no data is exchanged).
LEGACY_TLS = (("TLSv1", "TLSv1"), ("TLSv1.1", "TLSv1_1"))
CLIENT_CANNOT_OFFER = {"NO_CIPHERS_AVAILABLE", "NO_PROTOCOLS_AVAILABLE"}


@functools.cache
def legacy_tls_context(version_name: str) -> ssl.SSLContext:
    """A client context offering only ``version_name`` ("TLSv1" or "TLSv1_1"), no verification.

    Made once per process (setting these versions warns they are deprecated: that is the point
    of the probe). Raises ``ValueError`` or ``ssl.SSLError`` when this Python/OpenSSL cannot
    offer it at all.
    """
    import warnings

    if not getattr(ssl, f"HAS_{version_name}", False):
        raise ValueError(f"{version_name} absent de {ssl.OPENSSL_VERSION}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        version = getattr(ssl.TLSVersion, version_name)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = context.maximum_version = version
    return context


def _probe_legacy_tls(config: ScanConfig, web: WebFacts) -> None:
    """Does the server still accept TLS 1.0 / 1.1? One handshake each, through the guard."""
    for label, version_name in LEGACY_TLS:
        try:
            context = legacy_tls_context(version_name)
        except (ValueError, ssl.SSLError) as exc:
            web.legacy_tls_error = f"l'outil ne peut pas proposer {label} ({exc})"
            return
        outcome = _legacy_handshake(config, web.host, label, context)
        if outcome == "accepted":
            web.legacy_tls.append(label)
        elif outcome != "refused":
            web.legacy_tls_error = outcome
            return
    web.legacy_tls_tested = True


def _legacy_handshake(config: ScanConfig, host: str, label: str, context) -> str:
    """ "accepted", "refused" (by the server), or why it could not be tested."""
    try:
        sock = http.open_connection(host, 443, config.route())
    except http.HttpError as exc:
        return str(exc)
    try:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return "accepted" if tls.version() == label else "refused"
    except ssl.SSLError as exc:
        if exc.reason in CLIENT_CANNOT_OFFER:  # raised before anything was sent
            return f"l'outil ne peut pas proposer {label} ({exc.reason}, {ssl.OPENSSL_VERSION})"
        return "refused"  # an alert from the server, or an answer in a newer version
    except TimeoutError:
        return f"délai dépassé pendant la négociation {label}"
    except (ConnectionResetError, BrokenPipeError):
        return "refused"  # some servers just close the connection
    except OSError as exc:
        return f"négociation {label} impossible ({exc})"
    finally:
        sock.close()


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
        if config.shared_cache:  # one probe per provider for every worker, kept for hours
            from dataclasses import asdict

            from socle.diagnostic import throttle

            found = throttle.shared(
                f"mx:{config.network_key()}:{name}",
                lambda: asdict(_probe_mx_host(config, name)),
                ttl=lambda facts: 900 if facts["error"] else config.shared_ttl,
                wait=config.timeout * 3,
            )
            config.mx_cache[name] = MxHost(**found)
        else:
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
        config.throttle(host.address)
        host.banner, host.starttls = smtp.probe_starttls(host.address, name, config.route())
    except http.HttpError as exc:
        host.error = str(exc)
    return host


def collect_dnssec(config: ScanConfig, domain: str) -> DnssecFacts:
    from socle.diagnostic import dnssec

    return dnssec.check_zone(config, domain)
