"""The JSON API, persona by persona: authentication, scoping, filters, pagination, and docs that
work offline."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from socle.comptes.models import ApiToken
from socle.journal.services import record
from tests.factories import CollectiviteFactory, MembershipFactory


def _token(user) -> str:
    raw, key_hash, hint = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="Test", key_hash=key_hash, hint=hint)
    return raw


@pytest.fixture
def api():
    """api(user).get(path, params): a client that presents the user's Bearer token."""

    def _for(user):
        client = Client(headers={"Authorization": f"Bearer {_token(user)}"})
        return client

    return _for


# --- Authentication --------------------------------------------------------------------------


def test_me_with_a_bearer_token(api, dpo_ac, territory):
    response = api(dpo_ac).get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == dpo_ac.email
    assert body["full_name"] == "Dominique Dépéo"
    assert body["is_operateur"] is False
    assert [(m["collectivite_name"], m["role"], m["role_label"]) for m in body["memberships"]] == [
        ("Alboussière", "dpo", "Délégué à la protection des données"),
        ("Champis", "dpo", "Délégué à la protection des données"),
    ]


def test_me_with_the_x_api_key_header(agent_a):
    response = Client().get("/api/me", headers={"X-API-Key": _token(agent_a)})
    assert response.status_code == 200
    assert response.json()["email"] == agent_a.email


def test_token_use_is_recorded(agent_a):
    raw = _token(agent_a)
    Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
    assert ApiToken.objects.get(user=agent_a).last_used_at is not None


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer socle_inconnu"},
        {"Authorization": "Bearer pas-un-jeton"},
        {"X-API-Key": "socle_inconnu"},
    ],
)
def test_an_invalid_token_is_refused_in_french(db, headers):
    response = Client().get("/api/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'API invalide ou révoqué."}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_or_inactive_user_is_refused(agent_a, agent_b):
    raw_a, raw_b = _token(agent_a), _token(agent_b)
    ApiToken.objects.filter(user=agent_a).update(revoked_at=timezone.now())
    agent_b.is_active = False
    agent_b.save()
    for raw in (raw_a, raw_b):
        response = Client().get("/api/me", headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 401


def test_no_credentials(db):
    response = Client().get("/api/collectivites")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")


def test_an_invalid_token_is_not_rescued_by_the_session(login, agent_a):
    client = login(agent_a)
    assert client.get("/api/me").status_code == 200  # the session alone works
    response = client.get("/api/me", headers={"Authorization": "Bearer socle_inconnu"})
    assert response.status_code == 401


def test_session_needs_the_second_factor_when_the_account_has_one(client, login, operateur):
    client.force_login(operateur)  # password only: second factor not verified yet
    assert client.get("/api/me").status_code == 401
    assert login(operateur).get("/api/me").json()["is_operateur"] is True


def test_the_api_is_read_only(api, referent_a, territory):
    client = api(referent_a)
    for path in ("/api/me", "/api/collectivites", f"/api/collectivites/{territory.a.pk}"):
        assert client.post(path, {}).status_code == 405
        assert client.delete(path).status_code == 405


# --- Collectivités ---------------------------------------------------------------------------


def test_operator_lists_every_collectivite_with_filters(api, operateur, territory):
    CollectiviteFactory(name="Privas", code_insee="07186", is_member=False, member_since=None)
    CollectiviteFactory(name="Valence", code_insee="26362", departement_code="26")
    client = api(operateur)
    body = client.get("/api/collectivites").json()
    assert body["count"] == 6
    assert [c["name"] for c in body["items"]][:2] == ["Alboussière", "Boffres"]
    assert client.get("/api/collectivites", {"kind": "epci"}).json()["items"][0]["name"] == (
        "CC du Val Fictif"
    )
    assert client.get("/api/collectivites", {"departement": "26"}).json()["count"] == 1
    names = {c["name"] for c in client.get("/api/collectivites", {"member": "false"}).json()[
        "items"]}
    assert names == {"Privas"}
    assert client.get("/api/collectivites", {"q": "07036"}).json()["items"][0]["name"] == "Boffres"
    assert client.get("/api/collectivites", {"q": "bof"}).json()["count"] == 1


def test_pagination(api, operateur, territory):
    client = api(operateur)
    page = client.get("/api/collectivites", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 4
    assert [c["name"] for c in page["items"]] == ["CC du Val Fictif", "Champis"]
    assert client.get("/api/collectivites", {"page_size": 10_000}).status_code == 200
    assert client.get("/api/collectivites", {"page": 0}).status_code == 422


def test_member_sees_only_their_collectivites(api, agent_a, dpo_ac, territory):
    assert [c["name"] for c in api(agent_a).get("/api/collectivites").json()["items"]] == [
        "Alboussière"
    ]
    names = [c["name"] for c in api(dpo_ac).get("/api/collectivites").json()["items"]]
    assert names == ["Alboussière", "Champis"]


def test_collectivite_detail_and_abilities(api, referent_a, agent_b, territory):
    url = f"/api/collectivites/{territory.a.pk}"
    body = api(referent_a).get(url).json()
    assert body["name"] == "Alboussière"
    assert body["code_insee"] == "07005"
    assert body["kind_label"] == "Commune"
    assert body["abilities"]["collectivite_edit_profile"] is True
    assert body["abilities"]["territoire_view"] is False
    response = api(agent_b).get(url)
    assert response.status_code == 404
    assert "Alboussière" not in response.content.decode()
    assert response.json()["detail"].startswith("Introuvable")
    assert api(agent_b).get("/api/collectivites/abc").status_code == 422


# --- Memberships -----------------------------------------------------------------------------


def test_memberships_of_a_collectivite(api, agent_a, referent_a, elu_a, agent_b, territory):
    url = f"/api/collectivites/{territory.a.pk}/memberships"
    items = api(agent_a).get(url).json()["items"]
    assert {(m["user_email"], m["role"]) for m in items} == {
        (agent_a.email, "agent"), (referent_a.email, "referent"), (elu_a.email, "elu")
    }
    assert items[0]["collectivite_name"] == "Alboussière"
    assert api(agent_b).get(url).status_code == 404


def test_memberships_across_my_collectivites(api, dpo_ac, agent_a, agent_b, territory):
    MembershipFactory(collectivite=territory.c, role="agent")
    client = api(dpo_ac)
    body = client.get("/api/memberships").json()
    assert {m["collectivite_name"] for m in body["items"]} == {"Alboussière", "Champis"}
    assert agent_b.email not in {m["user_email"] for m in body["items"]}
    agents = client.get("/api/memberships", {"role": "agent"}).json()["items"]
    assert {m["collectivite_name"] for m in agents} == {"Alboussière", "Champis"}
    only_c = client.get("/api/memberships", {"collectivite_id": territory.c.pk}).json()
    assert {m["collectivite_name"] for m in only_c["items"]} == {"Champis"}
    # Another collectivité's id as a filter gives nothing, not its people.
    assert client.get("/api/memberships", {"collectivite_id": territory.b.pk}).json()[
        "count"] == 0


def test_agent_of_b_sees_only_b_people(api, agent_b, agent_a, territory):
    emails = {m["user_email"] for m in api(agent_b).get("/api/memberships").json()["items"]}
    assert emails == {agent_b.email}


# --- Journal ---------------------------------------------------------------------------------


@pytest.fixture
def events(territory, operateur, referent_a):
    return [
        record(actor=referent_a, action="journal.exported", collectivite=territory.a,
               details={"filtre": {}}),
        record(actor=operateur, action="journal.exported", collectivite=territory.b),
    ]


def test_journal_for_a_referent(api, referent_a, events, territory):
    body = api(referent_a).get("/api/journal").json()
    assert body["count"] == 1
    event = body["items"][0]
    assert event["collectivite_name"] == "Alboussière"
    assert event["code_insee"] == "07005"
    assert event["action_label"] == "Export du journal d'audit"
    assert event["details"] == {"filtre": {}}
    assert event["actor_label"].startswith("Rémi Référent <")


def test_journal_for_an_operator_with_filters(api, operateur, events, territory):
    client = api(operateur)
    exported = client.get("/api/journal", {"action": "journal.exported"}).json()
    assert exported["count"] == 2
    assert exported["items"][0]["collectivite_name"] == "Boffres"  # newest first
    assert client.get("/api/journal", {"collectivite": "07005", "action": "journal.exported"}
                      ).json()["count"] == 1
    assert client.get("/api/journal", {"collectivite_id": territory.b.pk}).json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert client.get("/api/journal", {"date_to": "2000-01-01"}).json()["count"] == 0
    assert client.get("/api/journal", {"date_from": today, "action": "journal.exported"}
                      ).json()["count"] == 2


@pytest.mark.parametrize(("persona", "count"), [("agent_a", 1), ("elu_a", 1), ("agent_b", 1)])
def test_members_read_their_collectivite_journal_without_ip(request, api, rf, territory, events,
                                                            persona, count):
    user = request.getfixturevalue(persona)
    record(actor=user, action="journal.exported", collectivite=territory.c,
           request=rf.get("/", REMOTE_ADDR="203.0.113.9"))  # C: none of theirs
    body = api(user).get("/api/journal").json()
    assert body["count"] == count
    assert all(item["ip_address"] is None for item in body["items"])


def test_ip_address_only_for_operators_and_dpos(api, rf, territory, operateur, dpo_ac,
                                                referent_a):
    record(actor=referent_a, action="journal.exported", collectivite=territory.a,
           request=rf.get("/", REMOTE_ADDR="203.0.113.8"))
    for user, ip in [(operateur, "203.0.113.8"), (dpo_ac, "203.0.113.8"), (referent_a, None)]:
        items = api(user).get("/api/journal", {"collectivite_id": territory.a.pk}).json()["items"]
        assert items[0]["ip_address"] == ip, user


# --- Schema and docs -------------------------------------------------------------------------


def test_openapi_schema_in_french(db):
    schema = Client().get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/me", "/api/collectivites", "/api/collectivites/{collectivite_id}",
        "/api/collectivites/{collectivite_id}/memberships", "/api/memberships", "/api/journal",
        "/api/confidentialite/analyse",
    }
    assert set(schema["components"]["securitySchemes"]) == {
        "BearerToken", "HeaderToken", "VerifiedSession"
    }
    fields = schema["components"]["schemas"]["CollectiviteOut"]["properties"]
    assert fields["code_insee"]["description"].startswith("Code officiel géographique")


def test_docs_page_makes_no_third_party_request(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert not re.search(r"https?://", page)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/ninja/swagger-ui-bundle.js" in assets, (
        "django-ninja's bundled Swagger UI is not served: add \"ninja\" to INSTALLED_APPS"
    )
    assert '"validatorUrl": null' in page  # or Swagger UI calls validator.swagger.io
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
