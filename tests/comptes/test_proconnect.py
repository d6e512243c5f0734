"""ProConnect: the backend's matching rules, tested with claims as ProConnect sends them
(no network), and the sign-in page's button and failure message."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches

from socle.comptes.proconnect import ProConnectBackend
from socle.journal.models import AuditEvent

OIDC = {
    "OIDC_RP_CLIENT_ID": "client-test",
    "OIDC_RP_CLIENT_SECRET": "secret-test",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://proconnect.test/api/v2/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://proconnect.test/api/v2/token",
    "OIDC_OP_USER_ENDPOINT": "https://proconnect.test/api/v2/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://proconnect.test/api/v2/jwks",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://proconnect.test/api/v2/session/end",
    "OIDC_RP_SCOPES": "openid email given_name usual_name siret",
    "OIDC_STORE_ID_TOKEN": True,
}
BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "socle.comptes.proconnect.ProConnectBackend",
]


@pytest.fixture
def backend(db):
    with override_settings(**OIDC):
        backend = ProConnectBackend()
        backend.request = RequestFactory().get("/compte/proconnect/callback/")
        yield backend


def test_matches_invited_account_by_email_case_insensitively(backend, agent_a):
    claims = {"sub": "pc-123", "email": agent_a.email.upper(), "given_name": "Anne"}
    user = backend.user_for_claims(claims)
    assert user == agent_a
    agent_a.refresh_from_db()
    assert agent_a.proconnect_sub == "pc-123"
    assert AuditEvent.objects.filter(action="comptes.proconnect_linked", actor=agent_a).exists()


def test_never_creates_an_account(backend, territory):
    from socle.comptes.models import User

    before = User.objects.count()
    claims = {"sub": "pc-999", "email": "inconnu@exemple.test", "given_name": "Ina"}
    assert backend.user_for_claims(claims) is None
    assert User.objects.count() == before
    assert backend.request.proconnect_refusal == ("unknown", "inconnu@exemple.test")


def test_refuses_deactivated_account_and_claims_without_email(backend, agent_a):
    agent_a.is_active = False
    agent_a.save()
    assert backend.user_for_claims({"sub": "pc-1", "email": agent_a.email}) is None
    assert backend.user_for_claims({"sub": "pc-1"}) is None
    assert backend.user_for_claims({"email": agent_a.email}) is None


def test_fills_an_empty_name_only(backend, agent_a):
    agent_a.full_name = ""
    agent_a.save()
    backend.user_for_claims({"sub": "s", "email": agent_a.email, "given_name": "Anne",
                             "usual_name": "Martin"})
    agent_a.refresh_from_db()
    assert agent_a.full_name == "Anne Martin"
    backend.user_for_claims({"sub": "s", "email": agent_a.email, "given_name": "Autre",
                             "usual_name": "Nom"})
    agent_a.refresh_from_db()
    assert agent_a.full_name == "Anne Martin"


@pytest.fixture
def proconnect_routes(db):
    with override_settings(PROCONNECT_ENABLED=True, ROOT_URLCONF="tests.comptes.proconnect_urls",
                           AUTHENTICATION_BACKENDS=BACKENDS, **OIDC):
        clear_url_caches()
        yield
    clear_url_caches()


def test_login_page_shows_the_proconnect_button(client, proconnect_routes):
    html = client.get("/compte/connexion/").content.decode()
    assert "S&#x27;identifier avec ProConnect" in html or "S'identifier avec ProConnect" in html
    assert 'href="/compte/proconnect/authentification/"' in html


def test_start_redirects_to_proconnect_with_state_and_nonce(client, proconnect_routes):
    response = client.get("/compte/proconnect/authentification/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://proconnect.test/api/v2/authorize?")
    assert "nonce=" in location and "state=" in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fcompte%2Fproconnect%2Fcallback%2F" in location


def test_failed_callback_says_so_in_french(client, proconnect_routes):
    response = client.get("/compte/proconnect/callback/?error=access_denied", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/"
    assert "La connexion avec ProConnect n&#x27;a pas abouti" in response.content.decode()


@pytest.fixture
def provider(monkeypatch):
    """ProConnect's side of the exchange (token, signature, userinfo): the network edge."""
    claims = {}
    monkeypatch.setattr(ProConnectBackend, "get_token",
                        lambda self, payload: {"id_token": "id.jeton", "access_token": "acces"})
    monkeypatch.setattr(ProConnectBackend, "verify_token",
                        lambda self, token, **kwargs: {"sub": claims.get("sub")})
    monkeypatch.setattr(ProConnectBackend, "get_userinfo",
                        lambda self, access, id_token, payload: dict(claims))
    return claims


def _callback(client):
    start = client.get("/compte/proconnect/authentification/?next=/compte/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    return client.get(f"/compte/proconnect/callback/?code=abc&state={state}")


def test_unknown_agent_is_refused_with_a_clear_message(client, proconnect_routes, provider,
                                                      territory):
    provider.update(sub="pc-1", email="pas.invite@exemple.test")
    response = _callback(client)
    assert response["Location"] == "/compte/connexion/"
    html = client.get("/compte/connexion/").content.decode()
    assert "Seules les personnes invitées peuvent se connecter" in html
    assert "_auth_user_id" not in client.session


def test_invited_agent_signs_in_and_logout_ends_the_proconnect_session(
    client, proconnect_routes, provider, agent_a
):
    provider.update(sub="pc-2", email=agent_a.email)
    response = _callback(client)
    assert response["Location"] == "/compte/"
    assert client.session["_auth_user_id"] == str(agent_a.pk)
    event = AuditEvent.objects.filter(action="comptes.login").latest("id")
    assert event.details == {"méthode": "ProConnect"}
    logout = client.post("/compte/deconnexion/")
    assert logout["Location"].startswith("https://proconnect.test/api/v2/session/end?")
    assert "id_token_hint=id.jeton" in logout["Location"]
    assert "_auth_user_id" not in client.session


def test_operator_still_needs_the_totp_code_after_proconnect(client, proconnect_routes, provider,
                                                            operateur):
    provider.update(sub="pc-3", email=operateur.email)
    _callback(client)
    assert client.get("/accueil/")["Location"].startswith("/compte/second-facteur/")
