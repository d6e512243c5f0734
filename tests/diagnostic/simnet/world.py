"""The simulated Internet: zones, certificates, servers, and the port map that ties them.

Domains (every check has a pass and a fail somewhere here or in the rating unit tests):
- bonne-commune.fr        everything right, DNSSEC signed, MX with STARTTLS (RCPNT level 2)
- commune-bientot.bzh     certificate expiring in 10 days, weak HSTS, some headers, two SPF
                          records, no DMARC; shares the MX of bonne-commune.fr
- commune-expiree.fr      expired certificate, http not redirected, no MX, no SPF, DMARC p=none
- commune-mauvais-hote.fr certificate for another name, redirect to publicite-exemple.com,
                          DMARC pct=50, MX "abroad" (127.0.0.2) without STARTTLS, broken DNSSEC
- commune-risque.com      no HTTPS at all, http only (127.0.0.3)
- commune-injoignable.fr  A record where nothing listens (127.0.0.4)
- commune-traceurs.fr     RCPNT level 2, but its home page loads Google Analytics, Tag Manager,
                          Google Fonts, a YouTube video and an outside image, without
                          accessibility nor legal notice links; its HTTPS server (127.0.0.5)
                          still accepts TLS 1.0 and 1.1

Home pages: bonne-commune.fr links « Accessibilité : partiellement conforme » and the legal
notice and loads only its own resources; commune-bientot.bzh links « Accessibilité » without a
level (warning) and « MENTIONS LÉGALES »; publicite-exemple.com (where commune-mauvais-hote.fr
redirects) loads an advertising script; the others serve a bare page.
"""

from __future__ import annotations

import datetime as dt
import ssl
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.zone
import trustme
from cryptography.hazmat.primitives.asymmetric import ec

from tests.diagnostic.simnet.dns_server import DnsServer
from tests.diagnostic.simnet.smtp_server import SmtpServer
from tests.diagnostic.simnet.web_servers import SilentServer, Site, closed_port, start_web

HEAD = (
    "@ 300 IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ 300 IN NS ns1\nns1 300 IN A 127.0.0.1\n"
)
GOOD_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
ZONES = {
    "bonne-commune.fr": """
@ IN A 127.0.0.1
@ IN AAAA ::1
www IN A 127.0.0.1
www IN AAAA ::1
@ IN MX 10 mx
mx IN A 127.0.0.1
mx IN AAAA ::1
@ IN TXT "v=spf1 mx -all"
_dmarc IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@bonne-commune.fr"
default._domainkey IN TXT "v=DKIM1; k=ed25519; p=AAAA"
@ IN CAA 0 issue "simnet-ca.example"
prive IN A 127.0.0.1
interne IN A 192.168.1.10
""",
    "commune-bientot.bzh": """
@ IN A 127.0.0.1
www IN A 127.0.0.1
@ IN MX 10 mx.bonne-commune.fr.
@ IN TXT "v=spf1 mx -all"
@ IN TXT "v=spf1 a -all"
""",
    "commune-expiree.fr": """
@ IN A 127.0.0.1
www IN A 127.0.0.1
@ IN TXT "site-verification=abc"
_dmarc IN TXT "v=DMARC1; p=none"
""",
    "commune-mauvais-hote.fr": """
@ IN A 127.0.0.1
@ IN MX 10 mx.ailleurs-exemple.net.
@ IN TXT "v=spf1 include:ailleurs-exemple.net ~all"
_dmarc IN TXT "v=DMARC1; p=quarantine; pct=50"
""",
    "ailleurs-exemple.net": "mx IN A 127.0.0.2\n",
    "prestataire-exemple.net": "images IN A 127.0.0.6\n",
    "publicite-exemple.com": "@ IN A 127.0.0.1\n",
    "commune-risque.com": "@ IN A 127.0.0.3\nwww IN A 127.0.0.3\n",
    "commune-injoignable.fr": "@ IN A 127.0.0.4\n",
    "commune-traceurs.fr": """
@ IN A 127.0.0.5
www IN A 127.0.0.5
@ IN MX 10 mx.bonne-commune.fr.
@ IN TXT "v=spf1 mx -all"
_dmarc IN TXT "v=DMARC1; p=reject"
""",
}
GOOD_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Mairie de Bonne-Commune</title>
<link rel="stylesheet" href="/static/site.css"><link rel="icon" href="/favicon.ico">
<script src="https://static.bonne-commune.fr/menu.js"></script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "City"}</script>
</head><body><h1>Bienvenue</h1><img src="/images/mairie.jpg" alt="La mairie">
<a href="https://www.service-public.fr/">Vos démarches</a>
<footer><a href="/accessibilite/">Accessibilité : partiellement conforme</a>
<a href="/mentions-legales/">Mentions légales</a></footer></body></html>"""
SOON_PAGE = """<!doctype html><title>Commune</title><body><p>Bonjour
<footer><a href="/a11y" title="Accessibilité">Accessibilité</a>
<a href="/infos">MENTIONS LÉGALES</a></footer>"""
AD_PAGE = """<!doctype html><title>Publicité</title>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>"""
TRACKED_PAGE = """<!doctype html><html><head><title>Commune</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-SIMNET"></script>
<script>window.dataLayer = window.dataLayer || [];
(function(){var s=document.createElement("script");
s.src="https://www.google-analytics.com/analytics.js";document.head.appendChild(s)})();</script>
</head><body><h1>Bienvenue</h1>
<iframe src="https://www.youtube.com/embed/simnet" title="Vidéo"></iframe>
<img src="https://images.prestataire-exemple.net/banniere.png" alt="">
<a href="https://www.facebook.com/macommune">Suivez-nous</a></body></html>"""


def _zone(name: str, body: str) -> dns.zone.Zone:
    return dns.zone.from_text(HEAD + body, origin=f"{name}.", relativize=False)


def _sign(zone: dns.zone.Zone, *, break_it: bool = False) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    dnskey = dns.dnssec.make_dnskey(
        key.public_key(), dns.dnssec.Algorithm.ECDSAP256SHA256, flags=257
    )
    dns.dnssec.sign_zone(zone, keys=[(key, dnskey)], lifetime=7 * 86400)
    if break_it:  # change the SOA after signing: its RRSIG no longer matches
        soa = dns.rdata.from_text(
            dns.rdataclass.IN,
            dns.rdatatype.SOA,
            f"ns1.{zone.origin} hostmaster.{zone.origin} 99 7200 3600 1209600 300",
        )
        with zone.writer() as txn:
            txn.replace(zone.origin, 300, soa)


def _context(
    ca: trustme.CA, *names: str, days: tuple[int, int] = (-1, 365), cn: str = ""
) -> ssl.SSLContext:
    now = dt.datetime.now(dt.UTC)
    leaf = ca.issue_cert(
        *names,
        common_name=cn or names[0],
        not_before=now + dt.timedelta(days=days[0]),
        not_after=now + dt.timedelta(days=days[1]),
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context


@dataclass
class World:
    dns: DnsServer
    ca_bundle: str
    port_map: dict
    geo: dict[str, str] = field(default_factory=lambda: {"127.0.0.2/32": "US", "127.0.0.0/8": "FR"})
    servers: list = field(default_factory=list)
    silent_port: int = 0
    https_port: int = 0
    third_party: object = None  # the server of images.prestataire-exemple.net: never asked

    def stop(self) -> None:
        self.dns.stop()
        for server in self.servers:
            server.shutdown() if hasattr(server, "shutdown") else server.stop()


SITES = {
    "bonne-commune.fr": Site(headers=GOOD_HEADERS, security_txt=True, body=GOOD_PAGE),
    "www.bonne-commune.fr": Site(redirect="https://bonne-commune.fr/"),
    "commune-bientot.bzh": Site(
        headers={"Strict-Transport-Security": "max-age=600", "X-Content-Type-Options": "nosniff"},
        body=SOON_PAGE,
    ),
    "www.commune-bientot.bzh": Site(redirect="https://commune-bientot.bzh/"),
    "commune-expiree.fr": Site(http_redirect=False),
    "www.commune-expiree.fr": Site(redirect="https://commune-expiree.fr/"),
    "commune-mauvais-hote.fr": Site(redirect="https://publicite-exemple.com/"),
    "publicite-exemple.com": Site(body=AD_PAGE),
    "prive.bonne-commune.fr": Site(redirect="https://interne.bonne-commune.fr/"),
    "commune-risque.com": Site(http_redirect=False),
    "www.commune-risque.com": Site(http_redirect=False),
    "commune-traceurs.fr": Site(headers=GOOD_HEADERS, security_txt=True, body=TRACKED_PAGE),
    "www.commune-traceurs.fr": Site(redirect="https://commune-traceurs.fr/"),
    "images.prestataire-exemple.net": Site(),
}


def _legacy_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    """A server context that still accepts TLS 1.0 and 1.1 (what web.tls_versions must catch)."""
    context = _context(ca, *names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
    return context


def _contexts(ca: trustme.CA) -> dict[str, ssl.SSLContext]:
    good = _context(ca, "bonne-commune.fr", "www.bonne-commune.fr", "prive.bonne-commune.fr")
    soon = _context(ca, "commune-bientot.bzh", "www.commune-bientot.bzh", days=(-300, 10))
    expired = _context(ca, "commune-expiree.fr", "www.commune-expiree.fr", days=(-400, -2))
    return {
        "bonne-commune.fr": good,
        "www.bonne-commune.fr": good,
        "prive.bonne-commune.fr": good,
        "commune-bientot.bzh": soon,
        "www.commune-bientot.bzh": soon,
        "commune-expiree.fr": expired,
        "www.commune-expiree.fr": expired,
        "commune-mauvais-hote.fr": _context(ca, "autre-nom.fr"),
        "publicite-exemple.com": _context(ca, "publicite-exemple.com"),
    }


def build(tmp: Path) -> World:
    ca = trustme.CA()
    bundle = tmp / "simnet-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    zones = {name: _zone(name, body) for name, body in ZONES.items()}
    _sign(zones["bonne-commune.fr"])
    _sign(zones["commune-mauvais-hote.fr"], break_it=True)
    dns_server = DnsServer(list(zones.values())).start()
    https = start_web(SITES, contexts=_contexts(ca))
    plain = start_web(SITES)
    plain_risque = start_web(SITES, ip="127.0.0.3")
    legacy = _legacy_context(ca, "commune-traceurs.fr", "www.commune-traceurs.fr")
    https_old = start_web(SITES, ip="127.0.0.5", contexts={"commune-traceurs.fr": legacy})
    plain_old = start_web(SITES, ip="127.0.0.5")
    images = _context(ca, "images.prestataire-exemple.net")
    third_party = start_web(
        SITES, ip="127.0.0.6", contexts={"images.prestataire-exemple.net": images}
    )
    mx_tls = SmtpServer("127.0.0.1", tls=_context(ca, "mx.bonne-commune.fr")).start()
    mx_plain = SmtpServer("127.0.0.2", tls=None).start()
    silent = SilentServer()
    https_port, plain_port = https.server_address[1], plain.server_address[1]
    port_map = {
        443: https_port,
        80: plain_port,
        25: mx_tls.port,
        "127.0.0.2:25": mx_plain.port,
        "127.0.0.3:443": closed_port("127.0.0.3"),
        "127.0.0.3:80": plain_risque.server_address[1],
        "127.0.0.4:443": closed_port("127.0.0.4"),
        "127.0.0.4:80": closed_port("127.0.0.4"),
        "127.0.0.5:443": https_old.server_address[1],
        "127.0.0.5:80": plain_old.server_address[1],
        "127.0.0.6:443": third_party.server_address[1],
    }
    return World(
        dns=dns_server,
        ca_bundle=str(bundle),
        port_map=port_map,
        servers=[
            https,
            plain,
            plain_risque,
            https_old,
            plain_old,
            third_party,
            mx_tls,
            mx_plain,
            silent,
        ],
        silent_port=silent.port,
        https_port=https_port,
        third_party=third_party,
    )
