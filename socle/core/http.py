"""The one guarded outgoing-HTTP layer (ARCHITECTURE.md, "Outgoing requests").

Every fetch of outside content goes through :func:`fetch` (or :func:`open_connection` for raw
protocols such as SMTP). The guard resolves the host name, refuses any address that is not
globally routable (private, loopback, link-local, multicast, reserved, unique-local IPv6...)
unless ``SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS`` names it or ``SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS``
is on, and then connects to the very address it checked (no second resolution, so no DNS
rebinding). Redirects are followed by hand, each hop checked again. Timeouts and a size limit
apply everywhere; no cookie, no credential and no authorisation header is ever sent.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import os
import socket
import ssl
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TIMEOUT = 5.0
DEFAULT_MAX_BYTES = 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "Socle-diagnostic/1.0 (+https://socle.example/diagnostic)"

Resolve = Callable[[str], list[str]]


class HttpError(Exception):
    """A fetch that could not be made; ``str(exc)`` is French, for evidence and users."""


class TargetForbidden(HttpError):
    """The guard refused the address (always says « cible interdite »)."""


class ResponseTooLarge(HttpError):
    pass


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw = getattr(settings, "SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", None)
    if raw is None:
        raw = os.environ.get("SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS", "")
    if isinstance(raw, list | tuple):
        raw = ",".join(raw)
    try:
        return [
            ipaddress.ip_network(part.strip(), strict=False)
            for part in raw.split(",")
            if part.strip()
        ]
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS: invalid CIDR ({exc})"
        ) from None


def check_address(address: str) -> None:
    """Raise TargetForbidden unless the address is public or explicitly allowed."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if getattr(settings, "SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS", False):
        return
    if any(ip.version == net.version and ip in net for net in allowed_networks()):
        return
    if not ip.is_global or ip.is_multicast:
        raise TargetForbidden(f"cible interdite : {ip} (adresse privée, locale ou réservée)")


def system_resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise HttpError(f"nom introuvable : {host}") from None
    return list(dict.fromkeys(info[4][0] for info in infos))


@dataclass
class Route:
    """How to reach hosts: the resolver, and a port map used only by tests (documented)."""

    resolve: Resolve = system_resolve
    port_map: dict = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT

    def port_for(self, ip: str, port: int) -> int:
        return self.port_map.get(f"{ip}:{port}", self.port_map.get(port, port))


def guarded_address(host: str, route: Route) -> str:
    """Resolve ``host`` (or take it as a literal IP) and return the checked address to use."""
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        addresses = route.resolve(host)
    if not addresses:
        raise HttpError(f"nom introuvable : {host}")
    refusal = None
    for address in addresses:  # connect only to an address that passed the guard
        try:
            check_address(address)
            return address
        except TargetForbidden as exc:
            refusal = refusal or exc
    raise refusal


def open_connection(host: str, port: int, route: Route) -> socket.socket:
    """A TCP connection to the checked address of ``host`` (for SMTP and TLS probes)."""
    address = guarded_address(host, route)
    try:
        return socket.create_connection(
            (address, route.port_for(address, port)), timeout=route.timeout
        )
    except TimeoutError:
        raise HttpError(f"délai dépassé en se connectant à {host}:{port}") from None
    except OSError as exc:
        raise HttpError(f"connexion impossible à {host}:{port} ({exc.strerror or exc})") from None


@dataclass
class TlsInfo:
    version: str
    cert_der: bytes | None
    verified: bool


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    address: str
    tls: TlsInfo | None = None  # of the last hop
    hops: list[str] = field(default_factory=list)
    first_tls: TlsInfo | None = None  # of the URL asked for, before any redirect


class _PinnedConnection(http.client.HTTPSConnection):
    """HTTP(S) connection to an already checked address, SNI and Host from the URL."""

    def __init__(self, host, *, address, real_port, tls_context, timeout):
        # A plain-HTTP connection still builds an HTTPSConnection: hand it a cached context so it
        # does not load the system trust store for nothing (~90 ms of CPU each time).
        super().__init__(host, timeout=timeout, context=tls_context or _unverified_context())
        self._address, self._real_port, self._tls_context = address, real_port, tls_context

    def connect(self):
        self.sock = socket.create_connection((self._address, self._real_port), timeout=self.timeout)
        self.tls_info = None
        if self._tls_context is not None:
            self.sock = self._tls_context.wrap_socket(self.sock, server_hostname=self.host)
            # Kept now: http.client drops the socket once a "Connection: close" answer is read.
            self.tls_info = TlsInfo(
                self.sock.version() or "",
                self.sock.getpeercert(binary_form=True),
                self._tls_context.verify_mode == ssl.CERT_REQUIRED,
            )


@functools.lru_cache(maxsize=16)
def tls_context(*, verify: bool = True, ca_bundle: str | None = None) -> ssl.SSLContext:
    """Shared, never modified after creation (contexts are safe across threads); callers that
    need other settings build their own."""
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    return ssl.create_default_context(cafile=ca_bundle)


def _unverified_context() -> ssl.SSLContext:
    return tls_context(verify=False)


def _one_request(url: str, *, route, context, max_bytes, deadline) -> Response:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError(f"adresse invalide : {url}")
    if parts.username or parts.password:
        raise HttpError("adresse refusée : identifiants dans l'URL")
    address = guarded_address(parts.hostname, route)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    timeout = max(0.1, min(route.timeout, deadline - time.monotonic()))
    conn = _PinnedConnection(
        parts.hostname,
        address=address,
        real_port=route.port_for(address, port),
        tls_context=context if parts.scheme == "https" else None,
        timeout=timeout,
    )
    try:
        conn.request(
            "GET",
            urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, "")),
            headers={"User-Agent": USER_AGENT, "Accept": "*/*", "Host": parts.netloc},
        )
        answer = conn.getresponse()
        body = answer.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise ResponseTooLarge(f"réponse trop volumineuse (plus de {max_bytes} octets)")
        headers = {k.lower(): v for k, v in answer.getheaders()}
        return Response(url, answer.status, headers, body, address, getattr(conn, "tls_info", None))
    except ssl.SSLCertVerificationError:
        raise
    except TimeoutError:
        raise HttpError(f"délai dépassé pour {url}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise HttpError(f"échec de la requête vers {url} ({exc})") from None
    finally:
        conn.close()


def fetch(
    url: str,
    *,
    route: Route | None = None,
    verify: bool = True,
    ca_bundle: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow: bool = True,
) -> Response:
    """GET ``url`` through the guard; redirects followed by hand (each hop checked), at most 5.

    Raises ``ssl.SSLCertVerificationError`` when ``verify`` and the certificate is wrong, so a
    caller can tell an invalid certificate from an unreachable server.
    """
    route = route or Route()
    context = tls_context(verify=verify, ca_bundle=ca_bundle)
    deadline = time.monotonic() + route.timeout * (MAX_REDIRECTS + 1)
    hops: list[str] = []
    first_tls = None
    for _ in range(MAX_REDIRECTS + 1):
        response = _one_request(
            url, route=route, context=context, max_bytes=max_bytes, deadline=deadline
        )
        hops.append(url)
        first_tls = first_tls or response.tls
        location = response.headers.get("location")
        if not follow or response.status not in (301, 302, 303, 307, 308) or not location:
            response.hops, response.first_tls = hops, first_tls
            return response
        url = urllib.parse.urljoin(url, location)
    raise HttpError("trop de redirections")


# --- JSON POST to an operator-configured endpoint (the assistant's language model) ---------------
# The language-model and embeddings endpoints are set by the operator in the environment
# (SOCLE_LLM_BASE_URL, SOCLE_EMBEDDINGS_BASE_URL), never by a user. A sovereign deployment often
# runs the model next to Socle (vLLM, Ollama, llama.cpp server on 127.0.0.1 or a private network),
# so ``allow_private=True`` lets the guard accept a private or loopback address for that one
# configured URL; every other fetch keeps the full guard. The address is still resolved once and
# pinned, no redirect is followed, and the Authorization header (the key from the environment)
# is sent only to that host.


class JsonError(HttpError):
    """The endpoint answered, but not with the JSON object expected."""


class StatusError(HttpError):
    """The endpoint answered with an HTTP error status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def _guarded_or_private(host: str, route: Route, allow_private: bool) -> str:
    if not allow_private:
        return guarded_address(host, route)
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        addresses = route.resolve(host)
    if not addresses:
        raise HttpError(f"nom introuvable : {host}")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not (ip.is_multicast or ip.is_unspecified):
            return address
    raise TargetForbidden(f"cible interdite : {addresses[0]} (adresse réservée)")


def post_json(
    url: str,
    *,
    payload: dict,
    headers: dict | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    route: Route | None = None,
    verify: bool = True,
    method: str = "POST",
) -> dict:
    """Send ``payload`` as JSON (POST, or GET without body) and return the decoded JSON object.

    No redirect is followed (an API endpoint does not redirect; following one would carry the
    key elsewhere). Errors are :class:`HttpError` subclasses with a French message: timeout,
    refused connection, HTTP status >= 400 (:class:`StatusError`), too large, not JSON
    (:class:`JsonError`).
    """
    import json

    route = route or Route(timeout=timeout)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HttpError(f"adresse invalide : {url}")
    if parts.username or parts.password:
        raise HttpError("adresse refusée : identifiants dans l'URL")
    address = _guarded_or_private(parts.hostname, route, allow_private)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    conn = _PinnedConnection(
        parts.hostname,
        address=address,
        real_port=route.port_for(address, port),
        tls_context=tls_context(verify=verify) if parts.scheme == "https" else None,
        timeout=timeout,
    )
    body = None if method == "GET" else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    sent_headers = {
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
        "Host": parts.netloc,
        **({"Content-Type": "application/json"} if body is not None else {}),
        **(headers or {}),
    }
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    try:
        conn.request(method, target, body=body, headers=sent_headers)
        answer = conn.getresponse()
        raw = answer.read(max_bytes + 1)
    except TimeoutError:
        raise HttpError(f"délai dépassé ({timeout:g} s) pour {parts.netloc}") from None
    except ssl.SSLError as exc:
        raise HttpError(f"échec TLS avec {parts.netloc} ({exc.reason or exc})") from None
    except (OSError, http.client.HTTPException) as exc:
        detail = getattr(exc, "strerror", None) or exc.__class__.__name__
        raise HttpError(f"connexion impossible à {parts.netloc} ({detail})") from None
    finally:
        conn.close()
    if len(raw) > max_bytes:
        raise ResponseTooLarge(f"réponse trop volumineuse (plus de {max_bytes} octets)")
    if answer.status >= 400:
        raise StatusError(f"le service a répondu par l'erreur HTTP {answer.status}", answer.status)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise JsonError("réponse illisible : ce n'est pas du JSON valide") from None
    if not isinstance(data, dict):
        raise JsonError("réponse inattendue : un objet JSON était attendu")
    return data
