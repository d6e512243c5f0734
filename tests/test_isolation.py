"""Tenancy isolation, route by route: every URL of the project (pages and API, whoever added
them) is visited by people of collectivité B with the ids of collectivité A's objects, and by
anonymous visitors. Nothing of A may come back.

When this test fails on a new route:
- "unknown path parameter": add the parameter's name to ``a_values`` below (which of A's objects
  it designates) so the route is visited with A's ids;
- "answered 200": the route showed a page to a member of B with A's ids, or a page that is not
  known to be free of tenant data. If the page holds no tenant data (or only the visitor's own
  collectivités'), add its name to ``ALLOW_200``; otherwise fix the view (``visible_to``);
- "not sent to sign-in": the route answers anonymous visitors; make it require sign-in, or add
  it to ``PUBLIC`` if it is meant to be public.
"""

from __future__ import annotations

import datetime
import html
import itertools
import json
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    include,
    path,
    resolve,
    reverse,
)
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from socle.comptes.models import ApiToken, Invitation
from socle.journal.models import AuditEvent
from socle.territoires.models import Collectivite, Membership
from tests.factories import CollectiviteFactory, MembershipFactory, UserFactory

# Routes anyone may open without signing in (any status below 500; still no data of A).
PUBLIC = {
    "core:healthz",
    "core:accessibility",
    "comptes:login",
    "comptes:password-reset",
    "comptes:password-reset-done",
    "comptes:password-reset-confirm",
    "comptes:password-reset-complete",
    "comptes:invitation-accept",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",  # django-ninja's root: always 404
    # Published open data (donnees, part B): only files and catalogues meant for everyone.
    "donnees:opendata-catalogue",
    "donnees:opendata-collectivite",
    "donnees:opendata-collectivite-catalogue",
    "donnees:opendata-file",
    "donnees:public-register",  # opt-in public register (404 unless published)
    # Public page of acts (actes): published pseudonymised copies only, 404 before any.
    "actes:public",
    "actes:public-csv",
    "actes:public-act",
    "actes:public-act-pdf",
    # Opt-in public page of the external diagnostic: only members that chose to publish.
    "diagnostic:public",
    "diagnostic:public-map-points",
}
# Health report: 503 is its normal answer when a worker is down (e.g. no RQ worker in tests).
HEALTH = {"core:healthz"}


def _acceptable(route, status: int) -> bool:
    return status < 500 or (route.name in HEALTH and status == 503)


# Routes that may answer 200 to a member of B: no tenant data, or only the visitor's own
# collectivités' (home, account, API docs, lists scoped to the caller...).
ALLOW_200 = PUBLIC | {
    "home-root",
    "core:home",
    "comptes:account",
    "comptes:logout",
    "comptes:password-change",
    "comptes:second-factor",
    "comptes:second-factor-setup",
    "comptes:recovery-codes",
    "comptes:api-tokens",
    "territoires:map-points",  # GeoJSON of the members the visitor may see
    "journal:list",  # the events of the visitor's own collectivités
    "api:journal_event_list",
    "api:me",
    "api:collectivite_list",
    "api:membership_list",
    "donnees:home",  # the visitor's own collectivités (DPO overview) or a redirect
    "donnees:templates",  # shared template library (structure content)
    "questionnaires:sheet-list",  # good-practice sheets: shared content of the structure
    "questionnaires:sheet-detail",  # a sheet with published feedback (shared by design)
    "sobriete:reemploi-pool",  # the territory's reuse pool: open offers, shared by design
}
DENIED = {403, 404, 405}
# Path parameters that carry a secret (invitation link, password reset) rather than an id of A.
SECRET_PARAMS = {"token", "uidb64"}
REDIRECTS = {301, 302, 303, 307, 308}
# A's objects get ids from this range, far from the ids the sequences hand out in a test, so an
# id of A can never designate one of B's objects by accident.
A_IDS = itertools.count(910_001)
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Route:
    name: str | None  # "namespace:name"
    template: str  # "journal/collectivites/<int:pk>/"
    params: list[str] = field(default_factory=list)
    regex: bool = False

    @property
    def is_api(self) -> bool:
        return bool(self.name) and self.name.startswith("api:")

    def label(self) -> str:
        return f"{self.name or '(sans nom)'} /{self.template}"


def _pattern_text(pattern) -> tuple[str, bool]:
    if isinstance(pattern, RoutePattern):
        return str(pattern), False
    if isinstance(pattern, RegexPattern):
        text = pattern.regex.pattern.lstrip("^").removesuffix("$").removesuffix(r"\Z")
        return text, bool(pattern.regex.groupindex)
    return str(pattern), False


def walk(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the project, nested includes and the API's routes included."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        text, has_groups = _pattern_text(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            for route in walk(entry.url_patterns, prefix + text, inner):
                route.regex = route.regex or has_groups
                routes.append(route)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            template = prefix + text
            params = [m["name"] for m in PARAM.finditer(template)]
            if has_groups:
                params += list(entry.pattern.regex.groupindex)
            routes.append(Route(name, template, params, has_groups))
    return routes


# --- The world: collectivité A with its people and objects, B with its agent and référent ---


@dataclass
class World:
    a: Collectivite
    b: Collectivite
    a_values: dict[str, list]  # path parameter name -> values designating A's objects
    b_values: dict[str, list]  # the same for B's collectivité (to mix B's and A's ids)
    secrets: list[str]  # strings that identify A: none may appear in a response to B


def _build_a(territory) -> tuple[Collectivite, dict[str, list], list[str]]:
    a = CollectiviteFactory(
        pk=next(A_IDS), name="Montisolat", code_insee="07913", siren="217091301",
        ref_key="commune:07913", epci=territory.epci, contact_email="mairie@montisolat.test",
    )
    referent = UserFactory(pk=next(A_IDS), full_name="Aline Isolat",
                           email="aline.isolat@montisolat.test")
    agent = UserFactory(pk=next(A_IDS), full_name="Basile Isolat",
                        email="basile.isolat@montisolat.test")
    membership = MembershipFactory(pk=next(A_IDS), user=referent, collectivite=a, role="referent")
    MembershipFactory(pk=next(A_IDS), user=agent, collectivite=a, role="agent")
    invitation = Invitation.objects.create(
        pk=next(A_IDS), email="cyril.isolat@montisolat.test", full_name="Cyril Isolat",
        collectivite=a, role="agent", token_hash=Invitation.new_token()[1], invited_by=referent,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    event = AuditEvent(pk=next(A_IDS), actor=referent, actor_label="Aline Isolat <aline.isolat"
                       "@montisolat.test>", collectivite=a, action="journal.exported")
    event.save()
    _raw, key_hash, hint = ApiToken.new_secret()
    token = ApiToken.objects.create(pk=next(A_IDS), user=referent, name="Montisolat SIG",
                                    key_hash=key_hash, hint=hint)
    a_values = _values(a.pk, membership.pk, invitation.pk, event.pk, referent.pk, token.pk)
    secrets = [a.name, a.code_insee, a.siren, a.contact_email, referent.email, agent.email,
               invitation.email, referent.full_name, agent.full_name, invitation.full_name]
    return a, a_values, secrets


def _values(collectivite, membership, invitation, event, user, token) -> dict[str, list]:
    """Which object of a collectivité each path parameter name designates. ``pk`` alone is
    ambiguous: every kind of object is tried."""
    values = {
        "pk": [collectivite, membership, invitation, event, user, token],
        # Secrets in URLs (invitation links, password reset): holding the secret is the right
        # to open the page, so an unknown secret is used and must give 404 or an error page.
        "token": ["jeton-inconnu-0000000000"],
        "uidb64": [urlsafe_base64_encode(force_bytes(user))],
        # Open data (donnees, part B): A's datasets, versions, agreements; public URL codes.
        "dataset_pk": [collectivite], "version_pk": [collectivite],
        "agreement_pk": [collectivite], "code": ["07913"], "slug": ["deliberations"],
        # A theme of the self-assessment referential (with a response id of A in ``pk``).
        "theme": ["cyber"],
        # Reuse pool and REEN strategy (sobriete, part B): A's offers, reservations, objectives,
        # work actions, online services; ``kind`` names the deleted item's type.
        "offer_pk": [collectivite], "reservation_pk": [collectivite],
        "objective_pk": [collectivite], "action_pk": [collectivite], "item_pk": [collectivite],
        "service_pk": [collectivite], "kind": ["objectif"],
        # Municipal acts (actes): A's acts, internal pages and public copies.
        "act_pk": [collectivite],
        # Citizen mail (assistant_courrier): A's letters.
        "letter_pk": [collectivite],
        "minutes_pk": [collectivite], "fmt": ["odt"],  # assistant: A's procès-verbaux
        "collection_pk": [collectivite], "document_pk": [collectivite],  # assistant: A's base
        "conversation_pk": [collectivite], "message_pk": [collectivite],  # assistant questions
    }
    for name, value in [("collectivite", collectivite), ("membership", membership),
                        ("invitation", invitation), ("event", event), ("audit_event", event),
                        ("user", user), ("token", token), ("api_token", token)]:
        values[f"{name}_id"] = values[f"{name}_pk"] = [value]
    return values



@pytest.fixture
def world(territory, agent_b) -> World:
    a, a_values, secrets = _build_a(territory)
    b = territory.b
    b_membership = Membership.objects.get(user=agent_b, collectivite=b)
    b_values = {"pk": [b.pk], "collectivite_id": [b.pk], "collectivite_pk": [b.pk],
                "membership_pk": [b_membership.pk], "membership_id": [b_membership.pk]}
    return World(a=a, b=b, a_values=a_values, b_values=b_values, secrets=secrets)


# --- Visiting --------------------------------------------------------------------------------


def _fill(route: Route, values: dict[str, object]) -> str:
    if route.regex:
        assert route.name, f"{route.label()}: un motif regex sans nom ne peut pas être visité"
        url = reverse(route.name, kwargs=values)
    else:
        url = "/" + PARAM.sub(lambda m: str(values[m["name"]]), route.template)
    # The URL must reach this very route: a value its converter rejects (a number for a
    # <uuid:…>) would give a 404 from the URL resolver and test nothing.
    try:
        match = resolve(url)
    except Resolver404:
        match = None
    reached = match is not None and (
        match.view_name == route.name if route.regex else match.route == route.template
    )
    if not reached:
        pytest.fail(f"{route.label()}: {url} n'atteint pas cette route ; donnez dans a_values "
                    f"des valeurs que ses convertisseurs acceptent.")
    return url


def urls_for(route: Route, world: World, *, mixed: bool = False) -> list[str]:
    """The route's URL for each combination of A's ids; with ``mixed``, also B's collectivité
    with A's other objects (a nested id of A under B's own collectivité)."""
    unknown = [p for p in route.params if p not in world.a_values]
    if unknown:
        pytest.fail(
            f"{route.label()}: paramètre de chemin inconnu {unknown}. Ajoutez-le à a_values "
            f"dans tests/test_isolation.py (quel objet de A il désigne)."
        )
    if not route.params:
        return [_fill(route, {})]
    choices = []
    for param in route.params:
        options = [("a", v) for v in world.a_values[param]]
        if mixed:
            options += [("b", v) for v in world.b_values.get(param, [])]
        choices.append(options)
    urls = []
    for combo in itertools.product(*choices):
        if all(side == "b" for side, _ in combo):
            continue  # B's own objects: not an isolation question
        urls.append(_fill(route, {p: v for p, (_s, v) in zip(route.params, combo, strict=True)}))
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _leaks(response, secrets: list[str]) -> list[str]:
    text = _body(response) + " " + response.get("Location", "")
    found = []
    for secret in secrets:
        forms = {secret, html.escape(secret), json.dumps(secret)[1:-1]}
        if any(f in text for f in forms):
            found.append(secret)
    return found


def _request(client: Client, method: str, url: str, **headers):
    call = client.get if method == "GET" else client.post
    try:
        return call(url, headers=headers or None), None
    except Exception as exc:  # a crash is a finding: reported with its route
        return None, f"{type(exc).__name__}: {exc}"


def _judge_signed_in(route: Route, response, world: World, a_ids_in_url: bool) -> str:
    status = response.status_code
    location = response.get("Location", "")
    leaks = _leaks(response, world.secrets)
    if leaks:
        return f"données de A dans la réponse ({status}) : {leaks}"
    if route.name in ALLOW_200 and not a_ids_in_url:
        return "" if _acceptable(route, status) else f"erreur {status}"
    if status in DENIED or (not a_ids_in_url and 400 <= status < 500):
        return ""  # a refusal; without A's ids in the URL, any client error is one
    if status in REDIRECTS:
        login = resolve_url(settings.LOGIN_URL)
        if location.startswith(login) and route.name not in ALLOW_200:
            return f"renvoie vers la connexion alors que la personne est connectée ({location})"
        if any(f"/{v}/" in location + "/" for vals in world.a_values.values() for v in vals):
            return f"redirige vers un objet de A ({location})"
        return ""
    return f"a répondu {status} (attendu 403, 404 ou 405)"


def visit_all(client_factory, world: World, routes: list[Route], *, mixed: bool = False,
              methods=("GET", "POST"), headers=None) -> list[str]:
    failures = []
    for route in routes:
        for url in urls_for(route, world, mixed=mixed):
            for method in methods:
                client = client_factory()  # signed in afresh: a POST may have signed out
                response, crash = _request(client, method, url, **(headers or {}))
                a_ids = any(p not in SECRET_PARAMS for p in route.params)
                verdict = crash or _judge_signed_in(route, response, world, a_ids)
                if verdict:
                    failures.append(f"{method} {url} [{route.name}] : {verdict}")
    return failures


def _report(failures: list[str]) -> None:
    if failures:
        pytest.fail("Fuites ou refus manquants :\n" + "\n".join(failures), pytrace=False)


# --- The tests -------------------------------------------------------------------------------


def test_the_walker_sees_pages_and_api_routes():
    names = {route.name for route in walk()}
    for expected in ("core:home", "journal:list", "journal:collectivite", "api:me",
                     "api:collectivite_detail", "api:journal_event_list", "api:openapi-view"):
        assert expected in names


def test_an_unknown_path_parameter_fails_the_test(world):
    route = Route("nouveau:module", "nouveau/<int:rapport_pk>/", ["rapport_pk"])
    with pytest.raises(pytest.fail.Exception, match="rapport_pk"):
        urls_for(route, world)


def test_a_value_the_converter_rejects_fails_the_test(world):
    route = Route("nouveau:module", "journal/<uuid:pk>/", ["pk"])
    with pytest.raises(pytest.fail.Exception, match="n'atteint pas cette route"):
        urls_for(route, world)


def test_agent_of_b_reaches_nothing_of_a(world, agent_b):
    def signed_in():
        client = Client()
        client.force_login(agent_b)
        return client

    _report(visit_all(signed_in, world, walk()))


def test_referent_of_b_cannot_reach_a_through_b(world):
    """A référent of B has rights in B: an object of A nested under B's own collectivité (the
    classic forgotten check) must still be refused."""
    referent_b = MembershipFactory(collectivite=world.b, role="referent").user

    def signed_in():
        client = Client()
        client.force_login(referent_b)
        return client

    routes = [r for r in walk() if r.params]
    _report(visit_all(signed_in, world, routes, mixed=True))


def test_api_token_of_agent_b_reaches_nothing_of_a(world, agent_b):
    raw, key_hash, hint = ApiToken.new_secret()
    ApiToken.objects.create(user=agent_b, name="Intégration B", key_hash=key_hash, hint=hint)
    routes = [r for r in walk() if r.is_api]
    for scheme in ({"Authorization": f"Bearer {raw}"}, {"X-API-Key": raw}):
        _report(visit_all(Client, world, routes, headers=scheme))


def test_anonymous_visitors_are_sent_to_sign_in(world):
    login = resolve_url(settings.LOGIN_URL)
    failures = []
    for route in walk():
        for url in urls_for(route, world):
            for method in ("GET", "POST"):
                response, crash = _request(Client(), method, url)
                if crash:
                    failures.append(f"{method} {url} [{route.name}] : {crash}")
                    continue
                status, location = response.status_code, response.get("Location", "")
                if leaks := _leaks(response, world.secrets):
                    verdict = f"données de A : {leaks}"
                elif route.name in PUBLIC:
                    verdict = "" if _acceptable(route, status) else f"a répondu {status}"
                elif route.is_api:
                    verdict = "" if status in {401, 405} else f"a répondu {status} (attendu 401)"
                elif (status in REDIRECTS and location.startswith(login)) or status == 405:
                    verdict = ""
                else:
                    verdict = f"n'envoie pas vers la connexion ({status} {location})"
                if verdict:
                    failures.append(f"{method} {url} [{route.name}] : {verdict}")
    _report(failures)


# --- The test of the test: a view that forgets visible_to is caught ----------------------------


def _forgetful_view(request, collectivite_pk):
    from django.http import HttpResponse

    return HttpResponse(Collectivite.objects.get(pk=collectivite_pk).name)  # no visible_to: leak


urlpatterns = [
    path("oubli/<int:collectivite_pk>/", _forgetful_view, name="oubli"),
    path("", include(settings.ROOT_URLCONF)),
]


@pytest.mark.urls(__name__)
def test_a_forgotten_visible_to_is_caught(world, agent_b):
    def signed_in():
        client = Client()
        client.force_login(agent_b)
        return client

    forgetful = [route for route in walk() if route.name == "oubli"]
    failures = visit_all(signed_in, world, forgetful, methods=("GET",))
    assert len(failures) == 1
    assert "Montisolat" in failures[0] and "oubli" in failures[0]
