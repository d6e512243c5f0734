"""A minimal SMTP probe: banner, EHLO, STARTTLS offered and the TLS handshake (no mail sent)."""

from __future__ import annotations

import socket
import ssl

from socle.core import http

MAX_LINE = 1024
MAX_LINES = 50


def _reply(sock_file) -> tuple[int, list[str]]:
    lines = []
    for _ in range(MAX_LINES):
        line = sock_file.readline(MAX_LINE).decode("ascii", "replace").rstrip("\r\n")
        if len(line) < 4 or not line[:3].isdigit():
            raise http.HttpError(f"réponse SMTP illisible : {line[:60]!r}")
        lines.append(line[4:])
        if line[3] != "-":
            return int(line[:3]), lines
    raise http.HttpError("réponse SMTP trop longue")


def probe_starttls(address: str, name: str, route: http.Route) -> tuple[str, bool]:
    """Return (banner, STARTTLS works) for the MX ``name`` at the checked ``address``."""
    sock = http.open_connection(address, 25, route)
    try:
        reader = sock.makefile("rb")
        code, banner = _reply(reader)
        if code != 220:
            raise http.HttpError(f"le serveur SMTP refuse la connexion ({code})")
        sock.sendall(b"EHLO diagnostic.socle.invalid\r\n")
        code, capabilities = _reply(reader)
        if code != 250 or not any(c.upper().startswith("STARTTLS") for c in capabilities):
            sock.sendall(b"QUIT\r\n")
            return banner[0], False
        sock.sendall(b"STARTTLS\r\n")
        code, _ = _reply(reader)
        if code != 220:
            return banner[0], False
        return banner[0], _handshake(sock, name)
    except TimeoutError:
        raise http.HttpError(f"délai dépassé avec le serveur SMTP {name}") from None
    except OSError as exc:
        raise http.HttpError(f"échange SMTP impossible avec {name} ({exc})") from None
    finally:
        sock.close()


def _handshake(sock: socket.socket, name: str) -> bool:
    # Senders seldom check MX certificates (opportunistic TLS): the handshake is what counts.
    context = http.tls_context(verify=False)
    try:
        with context.wrap_socket(sock, server_hostname=name) as tls:
            return bool(tls.version())
    except ssl.SSLError:
        return False
