"""HTTP and HTTPS servers on loopback, one certificate per host name (SNI), sites from a table."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Site:
    redirect: str = ""  # "/" answers 301 to this URL
    http_redirect: bool = True  # plain http:// redirects to https://
    headers: dict[str, str] = field(default_factory=dict)
    security_txt: bool = False
    body: str = "<!doctype html><title>Mairie</title>"  # the home page (and every other path)
    content_type: str = "text/html; charset=utf-8"


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "SimNet"
    sites: dict[str, Site] = {}
    secure = True
    latency: float | tuple = 0.0  # injected delay before each answer (seconds or a range)

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        self.server.hits += 1
        if self.latency:
            from tests.diagnostic.simnet.dns_server import delay_of

            time.sleep(delay_of(self.latency))
        host = (self.headers.get("Host") or "").split(":")[0]
        site = self.sites.get(host)
        if site is None:
            return self._send(404, b"inconnu")
        if not self.secure and site.http_redirect:
            return self._send(301, b"", {"Location": f"https://{host}{self.path}"})
        if self.path == "/big":
            return self._send(200, b"x" * (2 * 1024 * 1024))
        if self.path == "/.well-known/security.txt":
            if site.security_txt:
                return self._send(200, b"Contact: mailto:securite@example.fr\n")
            return self._send(404, b"absent")
        if site.redirect and self.path == "/":
            return self._send(301, b"", {"Location": site.redirect})
        return self._send(
            200, site.body.encode(), {"Content-Type": site.content_type, **site.headers}
        )

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    hits = 0  # requests served, so tests can prove the guard stopped one before it left
    tls: ssl.SSLContext | None = None

    def finish_request(self, request, client_address):
        request.settimeout(5)
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                request.close()
                return
        super().finish_request(request, client_address)

    def handle_error(self, request, client_address):
        pass


def start_web(
    sites: dict[str, Site],
    *,
    ip: str = "127.0.0.1",
    contexts: dict[str, ssl.SSLContext] | None = None,
    latency: float | tuple = 0.0,
) -> _Server:
    """Serve ``sites``; with ``contexts`` (host → server context) it speaks HTTPS, picked by SNI."""
    handler = type(
        "Handler",
        (_Handler,),
        {"sites": sites, "secure": contexts is not None, "latency": latency},
    )
    server = _Server((ip, 0), handler)
    if contexts:
        default = next(iter(contexts.values()))

        def pick(sock, server_name, _context):
            sock.context = contexts.get(server_name or "", default)

        default.sni_callback = pick
        server.tls = default
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    ).start()
    return server


def closed_port(ip: str = "127.0.0.1") -> int:
    """A port nobody listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind((ip, 0))
        return sock.getsockname()[1]


class SilentServer:
    """Accepts connections and never answers (for timeouts)."""

    def __init__(self, ip: str = "127.0.0.1"):
        self.sock = socket.socket()
        self.sock.bind((ip, 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]

    def stop(self) -> None:
        self.sock.close()
