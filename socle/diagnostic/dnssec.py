"""DNSSEC: is the zone signed (DNSKEY), and do its signatures validate (DNSKEY and SOA).

The questions go to the zone's first authoritative server (its NS record, through the address
guard), or to ``--resolver`` when one is given. The chain of trust from the parent (DS) is not
followed here: the answer's own signatures are checked with ``dns.dnssec.validate`` against the
zone's DNSKEY set.
"""

from __future__ import annotations

import dns.dnssec
import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rdataclass
import dns.rdatatype

from socle.core import http
from socle.diagnostic.facts import DnssecFacts


def _server(config, domain: str) -> tuple[str, int]:
    if config.resolver:
        host, _, port = config.resolver.rpartition(":")
        return host.strip("[]"), int(port)
    from socle.diagnostic.collector import lookup

    servers = lookup(config, domain, "NS").records
    if not servers:
        raise http.HttpError(f"aucun serveur de noms pour {domain}")
    route = config.route()
    address = http.guarded_address(sorted(servers)[0].rstrip("."), route)
    return address, route.port_for(address, 53)


def _query(config, where: tuple[str, int], name: dns.name.Name, rdtype) -> tuple:
    where, port = where
    request = dns.message.make_query(name, rdtype, want_dnssec=True)
    response, _ = dns.query.udp_with_fallback(request, where, port=port, timeout=config.timeout)
    rrset = response.get_rrset(response.answer, name, dns.rdataclass.IN, rdtype)
    sig = response.get_rrset(response.answer, name, dns.rdataclass.IN, dns.rdatatype.RRSIG, rdtype)
    return rrset, sig


def check_zone(config, domain: str) -> DnssecFacts:
    name = dns.name.from_text(domain)
    try:
        server = _server(config, domain)
        keys, key_sig = _query(config, server, name, dns.rdatatype.DNSKEY)
        if keys is None:
            return DnssecFacts(signed=False, detail="aucune clé DNSKEY")
        soa, soa_sig = _query(config, server, name, dns.rdatatype.SOA)
    except http.HttpError as exc:
        return DnssecFacts(error=str(exc))
    except (dns.exception.DNSException, OSError) as exc:
        return DnssecFacts(error=f"requête DNSSEC impossible ({exc.__class__.__name__})")
    if key_sig is None or soa is None or soa_sig is None:
        return DnssecFacts(signed=True, valid=False, detail="signature RRSIG absente")
    try:
        dns.dnssec.validate(keys, key_sig, {name: keys})
        dns.dnssec.validate(soa, soa_sig, {name: keys})
    except dns.dnssec.ValidationFailure as exc:
        return DnssecFacts(signed=True, valid=False, detail=f"signature invalide ({exc})")
    return DnssecFacts(
        signed=True, valid=True, detail=f"{len(keys)} clé(s) DNSKEY, signatures valides"
    )
