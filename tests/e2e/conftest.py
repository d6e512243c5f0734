"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's
live server on 127.0.0.1, with the page budgets of docs/ARCHITECTURE (no third-party request, under
500 KB transferred) and axe-core (shipped by axe-playwright-python) for accessibility.

Skipped with a clear message when Chromium is absent; CI (CI=true) fails instead.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.conftest import require_service

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = "127.0.0.1"
PAGE_WEIGHT_BUDGET = 500 * 1024  # bytes transferred by one page load
SERIOUS_IMPACTS = ("serious", "critical")
# path -> bytes transferred, for every page load checked; printed at the end of the run.
PAGE_WEIGHTS: dict[str, int] = {}


@pytest.fixture(scope="session")
def live_server():
    """The live server on 127.0.0.1 (not "localhost"), so every legitimate request of a page goes
    to that one address and anything else is a third-party request."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(LOOPBACK)
    yield server
    server.stop()


def pytest_terminal_summary(terminalreporter):
    if not PAGE_WEIGHTS:
        return
    terminalreporter.section("Poids des pages (navigateur, octets transférés)")
    for path, weight in sorted(PAGE_WEIGHTS.items()):
        terminalreporter.write_line(f"{weight / 1024:7.1f} Ko  {path}")


@pytest.fixture(autouse=True)
def _flushable_journal(transactional_db):
    """The live server needs real commits, so each test ends with a flush of every table. On
    SQLite the flush is a DELETE, which the audit journal's append-only trigger refuses (on
    PostgreSQL it is a TRUNCATE, which row triggers do not see): empty the journal first, with
    the trigger lifted for that statement only."""
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    append_only = importlib.import_module("socle.journal.migrations.0002_append_only")
    with connection.cursor() as cursor:
        for statement in append_only.SQLITE_BACKWARD:
            cursor.execute(statement)
        cursor.execute("DELETE FROM journal_auditevent")
        for statement in append_only.SQLITE_FORWARD:
            cursor.execute(statement)


@pytest.fixture(scope="module")
def browser():
    require_service(
        CHROMIUM.exists(),
        f"{CHROMIUM} est absent : tests navigateur ignorés (apt-get install chromium).",
    )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@dataclass
class Traffic:
    """Requests made by the page since the last ``reset()``: the budgets are checked on them."""

    requests: list = field(default_factory=list)
    finished: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def on_request(self, request) -> None:
        self.requests.append(request)

    def on_finished(self, request) -> None:
        self.finished.append(request)

    def on_failed(self, request) -> None:
        self.failed.append(request)

    def reset(self) -> None:
        self.requests.clear()
        self.finished.clear()
        self.failed.clear()

    def broken(self) -> list[str]:
        """Resources of the page that did not load: network failure or HTTP error."""
        broken = [f"{r.url} ({r.failure})" for r in self.failed]
        for request in self.finished:
            response = request.response()
            if response is None or request.resource_type == "document":
                continue  # a page's own status is the test's business
            if response.status >= 400:
                broken.append(f"{request.url} (HTTP {response.status})")
        return broken

    def third_party(self) -> list[str]:
        urls = []
        for request in self.requests:
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != LOOPBACK:
                urls.append(request.url)
        return urls

    def weight(self) -> int:
        """Bytes of response bodies as transferred (compressed when the server compresses)."""
        return sum(request.sizes()["responseBodySize"] for request in self.finished)


@dataclass
class Browsing:
    page: object
    traffic: Traffic
    base_url: str

    def visit(self, path: str):
        """Load a page, then check the budgets on everything that load requested."""
        self.traffic.reset()
        response = self.page.goto(self.base_url + path, wait_until="load")
        self.check_budgets()
        return response

    def check_budgets(self) -> None:
        self.page.wait_for_load_state("load")
        outside = self.traffic.third_party()
        assert not outside, f"Requêtes hors de {LOOPBACK} : {outside}"
        broken = self.traffic.broken()
        assert not broken, f"Ressources de {self.page.url} en erreur : {broken}"
        weight = self.traffic.weight()
        path = urlsplit(self.page.url).path
        PAGE_WEIGHTS[path] = max(weight, PAGE_WEIGHTS.get(path, 0))
        assert weight < PAGE_WEIGHT_BUDGET, (
            f"{self.page.url} pèse {weight / 1024:.0f} Ko (budget : 500 Ko)"
        )


@pytest.fixture
def browsing(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)  # a missing element fails in seconds, not 30
    page = context.new_page()
    traffic = Traffic()
    page.on("request", traffic.on_request)
    page.on("requestfinished", traffic.on_finished)
    page.on("requestfailed", traffic.on_failed)
    yield Browsing(page=page, traffic=traffic, base_url=live_server.url)
    context.close()


def sign_in(browsing: Browsing, user) -> None:
    """Give the browser a session for ``user`` (second factor verified when they have a device),
    created server-side: for tests about a page, not about signing in."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    browsing.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": browsing.base_url}]
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}) : {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … et {len(violation['nodes']) - 5} autres éléments")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """axe-core on the current page: no violation of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS_IMPACTS]
    assert not serious, (
        f"Violations d'accessibilité graves sur {page.url} :\n{format_violations(serious)}"
    )
