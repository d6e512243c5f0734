"""An authoritative DNS server (UDP and TCP on one loopback port) over dnspython zones.

``latency`` (seconds, or a (low, high) range drawn at random per answer) delays every answer
like a remote server would, without holding up the others: UDP answers wait in a queue sent by
one thread at their due time, each TCP connection has its own thread."""

from __future__ import annotations

import contextlib
import heapq
import random
import socket
import struct
import threading
import time

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.zone


def delay_of(latency: float | tuple[float, float]) -> float:
    """One exchange's injected delay: fixed, or drawn in a (low, high) range."""
    if isinstance(latency, tuple | list):
        return random.uniform(*latency)
    return latency


class DnsServer:
    def __init__(self, zones: list[dns.zone.Zone], *, latency: float | tuple = 0.0):
        self.zones = {zone.origin: zone for zone in zones}
        self.latency = latency
        self.queries = 0
        self._due: list[tuple[float, int, bytes, tuple]] = []
        self._due_ready = threading.Condition()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", self.port))
        self.tcp.listen(128)
        self.udp.settimeout(0.2)
        self.tcp.settimeout(0.2)
        self._stop = threading.Event()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> DnsServer:
        for target in (self._serve_udp, self._serve_tcp, self._send_due):
            threading.Thread(target=target, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._due_ready:
            self._due_ready.notify()

    def _zone_for(self, name):
        """The closest enclosing zone (walk up the labels: fast with thousands of zones)."""
        while True:
            if name in self.zones:
                return self.zones[name]
            if name == dns.name.root or not len(name.labels):
                return None
            name = name.parent()

    def answer(self, wire: bytes) -> bytes:
        self.queries += 1
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
            try:
                reply = self.answer(wire)
            except dns.exception.DNSException:
                continue
            if not self.latency:
                self.udp.sendto(reply, peer)
                continue
            with self._due_ready:
                heapq.heappush(self._due, (time.monotonic() + delay_of(self.latency), id(reply),
                                           reply, peer))
                self._due_ready.notify()
        self.udp.close()

    def _send_due(self) -> None:
        """Send each delayed UDP answer at its due time."""
        while not self._stop.is_set():
            with self._due_ready:
                while not self._due and not self._stop.is_set():
                    self._due_ready.wait(0.5)
                if not self._due:
                    continue
                due, _, reply, peer = self._due[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._due_ready.wait(wait)
                    continue
                heapq.heappop(self._due)
            with contextlib.suppress(OSError):
                self.udp.sendto(reply, peer)

    def _serve_tcp(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._tcp_exchange, args=(conn,), daemon=True).start()
        self.tcp.close()

    def _tcp_exchange(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2)
            try:
                (size,) = struct.unpack("!H", conn.recv(2))
                reply = self.answer(conn.recv(size))
                if self.latency:
                    time.sleep(delay_of(self.latency))
                conn.sendall(struct.pack("!H", len(reply)) + reply)
            except (OSError, struct.error, dns.exception.DNSException):
                pass
