"""A generated simulated Internet of N communes for the benchmark (``benchmarks/
bench_diagnostic.py``): one DNS server answering for the N communes and their providers,
shared web hosting on ``hosts`` loopback addresses (one HTTPS and one HTTP server each, one
certificate per host naming all of its sites, picked by SNI), a few shared mail providers (SMTP
with STARTTLS), and an injected latency per exchange (DNS answer, HTTP response, SMTP reply).

Communes vary like real ones: every 5th has no DMARC, every 7th no www alias, every 11th lets
plain HTTP answer without redirecting, every 3rd publishes a security.txt.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field
from pathlib import Path

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset
import trustme

from tests.diagnostic.simnet.dns_server import DnsServer
from tests.diagnostic.simnet.smtp_server import SmtpServer
from tests.diagnostic.simnet.web_servers import Site, start_web
from tests.diagnostic.simnet.world import GOOD_HEADERS


def domain_of(index: int) -> str:
    return f"commune-{index:05d}.fr"


def host_ip(index: int, hosts: int) -> str:
    return f"127.1.{(index % hosts) // 250}.{(index % hosts) % 250 + 1}"


def provider_ip(k: int) -> str:
    return f"127.2.0.{k + 1}"


@dataclass
class BulkWorld:
    size: int
    dns: DnsServer
    ca_bundle: str
    port_map: dict
    geo: dict[str, str] = field(default_factory=lambda: {"127.0.0.0/8": "FR"})
    servers: list = field(default_factory=list)
    smtp: list = field(default_factory=list)

    def declarations(self) -> list[tuple[str, str]]:
        """(website, contact e-mail) of each commune, in index order."""
        return [
            (f"https://{domain_of(i)}/", f"mairie@{domain_of(i)}") for i in range(self.size)
        ]

    def scan_options(self, **extra) -> dict:
        """``ScanConfig`` keyword arguments reaching this network (JSON-able)."""
        return {
            "resolver": self.dns.address,
            "ca_bundle": self.ca_bundle,
            "timeout": 5.0,
            "port_map": self.port_map,
            "geo_overrides": self.geo,
            **extra,
        }

    def stop(self) -> None:
        self.dns.stop()
        for server in self.servers:
            server.shutdown()
        for server in self.smtp:
            server.stop()


class BulkDns(DnsServer):
    """Answers computed from the name (no zone objects: thousands of domains start at once)."""

    def __init__(self, hosts: int, providers: int, size: int, *, latency):
        super().__init__([], latency=latency)
        self.hosts, self.providers, self.size = hosts, providers, size

    def records(self, name: str, rdtype: str) -> list[str] | None:
        """Record texts of ``name``; None when the name does not exist (NXDOMAIN)."""
        labels = name.split(".")
        if len(labels) == 3 and labels[0] == "mx" and labels[1].startswith("fournisseur-"):
            k = int(labels[1].removeprefix("fournisseur-"))
            return [provider_ip(k)] if rdtype == "A" and k < self.providers else []
        base = ".".join(labels[-2:])
        if labels[-1] != "fr" or not base.startswith("commune-"):
            return None
        try:
            index = int(labels[-2].removeprefix("commune-"))
        except ValueError:
            return None
        if index >= self.size:
            return None
        prefix = labels[:-2]
        ip = host_ip(index, self.hosts)
        if not prefix:
            return {
                "A": [ip],
                "MX": [f"10 mx.fournisseur-{index % self.providers}.net."],
                "TXT": ['"v=spf1 mx -all"'],
                "NS": ["ns1.simnet.invalid."],
            }.get(rdtype, [])
        if prefix == ["www"] and index % 7:
            return [ip] if rdtype == "A" else []
        if prefix == ["_dmarc"] and index % 5:
            return ['"v=DMARC1; p=quarantine"'] if rdtype == "TXT" else []
        return None

    def answer(self, wire: bytes) -> bytes:
        self.queries += 1
        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        question = query.question[0]
        rdtype = dns.rdatatype.to_text(question.rdtype)
        texts = self.records(question.name.to_text(omit_final_dot=True).lower(), rdtype)
        response.flags |= dns.flags.AA
        if texts is None:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif texts:
            response.answer.append(
                dns.rrset.from_text_list(question.name, 300, "IN", rdtype, texts)
            )
        return response.to_wire()


def _context(ca: trustme.CA, names: list[str]) -> ssl.SSLContext:
    leaf = ca.issue_cert(*names, common_name=names[0])
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    return context


def build_bulk(
    tmp: Path,
    size: int,
    *,
    latency: float | tuple[float, float] = (0.02, 0.04),
    hosts: int = 64,
    providers: int = 4,
) -> BulkWorld:
    ca = trustme.CA()
    bundle = tmp / "bulk-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    dns_server = BulkDns(hosts, providers, size, latency=latency).start()

    port_map: dict = {}
    servers = []
    for h in range(min(hosts, size)):
        indexes = range(h, size, hosts)
        sites: dict[str, Site] = {}
        for i in indexes:
            sites[domain_of(i)] = Site(
                headers=GOOD_HEADERS, security_txt=i % 3 == 0, http_redirect=bool(i % 11)
            )
            sites[f"www.{domain_of(i)}"] = Site(redirect=f"https://{domain_of(i)}/")
        context = _context(ca, sorted(sites))
        ip = host_ip(h, hosts)
        https = start_web(sites, ip=ip, contexts=dict.fromkeys(sites, context), latency=latency)
        plain = start_web(sites, ip=ip, latency=latency)
        port_map[f"{ip}:443"] = https.server_address[1]
        port_map[f"{ip}:80"] = plain.server_address[1]
        servers += [https, plain]
    smtp = []
    for k in range(providers):
        server = SmtpServer(
            provider_ip(k), tls=_context(ca, [f"mx.fournisseur-{k}.net"]), latency=latency
        ).start()
        port_map[f"{provider_ip(k)}:25"] = server.port
        smtp.append(server)
    return BulkWorld(
        size=size,
        dns=dns_server,
        ca_bundle=str(bundle),
        port_map=port_map,
        servers=servers,
        smtp=smtp,
    )
