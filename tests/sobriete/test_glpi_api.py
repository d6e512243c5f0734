"""The GLPI REST client against a small GLPI-like server on 127.0.0.1 (the network edge)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from socle.sobriete.importers.glpi_api import GlpiError, fetch
from socle.sobriete.models import Device

COMPUTERS = [{"name": "PC-1", "serial": "API1", "manufacturers_id": "Dell Inc.",
              "computermodels_id": "Latitude 5420", "computertypes_id": "Portable",
              "states_id": "En service", "locations_id": "Mairie", "groups_id_tech": 0}]


class FakeGlpi(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/initSession"):
            ok = self.headers.get("Authorization") == "user_token bon" and self.headers.get(
                "App-Token") == "app"
            return self._json({"session_token": "s1"} if ok else ["ERROR"], 200 if ok else 401)
        if self.headers.get("Session-Token") != "s1":
            return self._json(["ERROR_SESSION_TOKEN_INVALID"], 401)
        if "/Computer?" in self.path:
            return self._json(COMPUTERS)
        if "/Monitor?" in self.path:
            return self._json([{"name": "E1", "serial": "API2", "manufacturers_id": "Dell",
                                "monitormodels_id": "P2419H"}])
        return self._json([])

    def _json(self, body, status=200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def glpi_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGlpi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_loopback_is_refused_without_the_setting(glpi_server, settings):
    settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(GlpiError, match="réseau privé ou local"):
        fetch(base_url=glpi_server, app_token="app", user_token="bon")


def test_bad_tokens_are_said_in_french(glpi_server, settings):
    settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = True
    with pytest.raises(GlpiError, match="vérifiez les jetons"):
        fetch(base_url=glpi_server, app_token="app", user_token="mauvais")


@pytest.mark.django_db
def test_import_through_the_api(glpi_server, settings, login, agent_a, territory):
    settings.SOCLE_HTTP_ALLOW_PRIVATE_NETWORKS = True
    response = login(agent_a).post(reverse("sobriete:import-glpi", args=[territory.a.pk]),
                                   {"url": glpi_server, "app_token": "app", "user_token": "bon"})
    assert response.status_code == 302
    laptop, monitor = Device.objects.get(serial_number="API1"), Device.objects.get(
        serial_number="API2")
    assert (laptop.kind, laptop.site, laptop.source) == ("laptop", "Mairie", "glpi_api")
    assert monitor.kind == "monitor" and monitor.footprint_source == "manufacturer"
