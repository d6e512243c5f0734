"""A small client of GLPI's REST API (``apirest.php``), called only when a person asks for it
on the import page. Standard library only (urllib), with a timeout, a size limit per answer,
and a guard refusing private, loopback and link-local addresses unless
``SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS`` is on (a test network).

Read: ``Computer``, ``Monitor``, ``Printer``, ``NetworkEquipment`` and ``Phone`` with
``expand_dropdowns=true`` (names instead of ids): ``name``, ``serial``, ``manufacturers_id``,
``*models_id``, ``*types_id``, ``states_id``, ``locations_id``, ``groups_id_tech``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from . import MAX_ROWS

TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 10 * 1024 * 1024
PAGE = 500
ITEMTYPES = {
    "Computer": ("computermodels_id", "computertypes_id", "ordinateur"),
    "Monitor": ("monitormodels_id", None, "écran"),
    "Printer": ("printermodels_id", None, "imprimante"),
    "NetworkEquipment": ("networkequipmentmodels_id", None, "réseau"),
    "Phone": ("phonemodels_id", None, "smartphone"),
}


class GlpiError(Exception):
    """Said in French to the person who asked for the fetch."""


def check_target(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise GlpiError(_("Adresse de GLPI invalide (http ou https attendu)."))
    if settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise GlpiError(_("Nom de serveur GLPI introuvable.")) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            raise GlpiError(_("Adresse de GLPI refusée : réseau privé ou local."))


def _call(url: str, headers: dict, method: str = "GET"):
    # The scheme is checked (http or https only) by check_target before any call.
    request = urllib.request.Request(url, headers=headers, method=method)  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise GlpiError(_("GLPI refuse l'accès : vérifiez les jetons.")) from None
        raise GlpiError(_("GLPI a répondu par une erreur %(code)s.") % {"code": exc.code}) from None
    except (urllib.error.URLError, TimeoutError, OSError):
        raise GlpiError(_("GLPI ne répond pas (délai dépassé ou serveur injoignable).")) from None
    if len(body) > MAX_ANSWER_BYTES:
        raise GlpiError(_("Réponse de GLPI trop volumineuse."))
    try:
        return json.loads(body.decode("utf-8") or "null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise GlpiError(_("Réponse de GLPI illisible (JSON attendu).")) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect could lead to a private address: refused


def _row(itemtype: str, item: dict) -> dict:
    model_field, type_field, default_kind = ITEMTYPES[itemtype]
    kind = (item.get(type_field) if type_field else None) or default_kind

    def text(name):
        value = item.get(name)
        return "" if value in (None, 0, "0", "&nbsp;") else str(value)

    return {"type": text("_kind") or kind, "brand": text("manufacturers_id"),
            "model": text(model_field), "serial_number": text("serial"),
            "site": text("locations_id"), "service": text("groups_id_tech"),
            "status": text("states_id")}


def fetch(*, base_url: str, app_token: str, user_token: str) -> list[tuple[int, dict]]:
    """Every item of the read types, as raw rows numbered from 1."""
    base = base_url.rstrip("/")
    if not base.endswith("apirest.php"):
        base += "/apirest.php"
    check_target(base)
    headers = {"App-Token": app_token, "Content-Type": "application/json"}
    session = _call(f"{base}/initSession", {**headers, "Authorization": f"user_token {user_token}"})
    if not isinstance(session, dict) or "session_token" not in session:
        raise GlpiError(_("GLPI n'a pas ouvert de session."))
    headers["Session-Token"] = session["session_token"]
    rows: list[tuple[int, dict]] = []
    try:
        for itemtype in ITEMTYPES:
            start = 0
            while len(rows) <= MAX_ROWS:
                query = urllib.parse.urlencode(
                    {"expand_dropdowns": "true", "range": f"{start}-{start + PAGE - 1}"})
                items = _call(f"{base}/{itemtype}?{query}", headers)
                if not isinstance(items, list):
                    break
                rows += [(len(rows) + 1, _row(itemtype, i)) for i in items if isinstance(i, dict)]
                if len(items) < PAGE:
                    break
                start += PAGE
    finally:
        with contextlib.suppress(GlpiError):  # the session expires on its own anyway
            _call(f"{base}/killSession", headers)
    return rows
