"""An authoritative DNS server (UDP and TCP on one loopback port) over dnspython zones."""

from __future__ import annotations

import socket
import struct
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.zone


class DnsServer:
    def __init__(self, zones: list[dns.zone.Zone]):
        self.zones = {zone.origin: zone for zone in zones}
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", self.port))
        self.tcp.listen(16)
        self.udp.settimeout(0.2)
        self.tcp.settimeout(0.2)
        self._stop = threading.Event()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> DnsServer:
        for target in (self._serve_udp, self._serve_tcp):
            threading.Thread(target=target, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _zone_for(self, name):
        matches = [origin for origin in self.zones if name.is_subdomain(origin)]
        return self.zones[max(matches, key=len)] if matches else None

    def answer(self, wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        response = dns.message.make_response(query)
        qname, rdtype = query.question[0].name, query.question[0].rdtype
        zone = self._zone_for(qname)
        if zone is None:
            response.set_rcode(dns.rcode.REFUSED)
            return response.to_wire()
        response.flags |= dns.flags.AA
        rrset = zone.get_rrset(qname, rdtype)
        if rrset is not None:
            response.answer.append(rrset)
            signature = zone.get_rrset(qname, dns.rdatatype.RRSIG, rdtype)
            if query.ednsflags & dns.flags.DO and signature is not None:
                response.answer.append(signature)
        elif zone.get_node(qname) is None and not any(n.is_subdomain(qname) for n in zone.nodes):
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()

    def _serve_udp(self) -> None:
        while not self._stop.is_set():
            try:
                wire, peer = self.udp.recvfrom(4096)
            except TimeoutError:
                continue
            self.udp.sendto(self.answer(wire), peer)
        self.udp.close()

    def _serve_tcp(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    (size,) = struct.unpack("!H", conn.recv(2))
                    reply = self.answer(conn.recv(size))
                    conn.sendall(struct.pack("!H", len(reply)) + reply)
                except (OSError, struct.error):
                    pass
        self.tcp.close()
