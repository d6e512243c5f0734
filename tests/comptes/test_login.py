"""Sign-in by e-mail and password, lockout after repeated failures, sign-out, cookies."""

import os

import pytest
from django.test import override_settings
from django.urls import reverse

from socle.journal.models import AuditEvent
from tests.factories import PASSWORD

LOGIN = "/compte/connexion/"


def _sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def test_login_page_is_french_and_labelled(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Adresse e-mail</label>' in html
    assert "Mot de passe oublié" in html
    assert "ProConnect" not in html  # disabled by default


def test_member_signs_in_by_email(client, agent_a):
    response = _sign_in(client, agent_a.email.upper())  # case does not matter
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(agent_a.pk)
    event = AuditEvent.objects.filter(action="comptes.login").latest("id")
    assert event.actor == agent_a
    assert event.collectivite is None


def test_safe_next_is_followed_and_unsafe_ignored(client, agent_a):
    response = _sign_in(client, agent_a.email, next="/compte/jetons-api/")
    assert response["Location"] == "/compte/jetons-api/"
    client.post(reverse("comptes:logout"))
    response = _sign_in(client, agent_a.email, next="https://ailleurs.example/")
    assert response["Location"] == reverse("core:home")


def test_wrong_password_is_refused_in_french_and_journaled(client, agent_a):
    response = _sign_in(client, agent_a.email, "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="comptes.login_failed")
    assert event.details == {"e-mail saisi": agent_a.email}
    assert event.object_id == str(agent_a.pk)
    assert "pas-le-bon" not in str(event.details)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_too_many_failures(client, agent_a):
    for _ in range(2):
        assert _sign_in(client, agent_a.email, "mauvais").status_code == 200
    response = _sign_in(client, agent_a.email, "mauvais")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion temporairement bloquée" in html
    assert "Vous pourrez réessayer à partir de" in html
    # Even the right password is refused during the lockout.
    response = _sign_in(client, agent_a.email)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="comptes.locked_out").exists()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_does_not_block_another_account(client, agent_a, elu_a):
    for _ in range(3):
        _sign_in(client, agent_a.email, "mauvais")
    assert _sign_in(client, elu_a.email).status_code == 302


def test_logout_is_post_only(client, login, agent_a):
    login(agent_a)
    assert client.get(reverse("comptes:logout")).status_code == 405
    response = client.post(reverse("comptes:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("comptes:login")
    assert "_auth_user_id" not in client.session


def test_session_and_csrf_cookies_are_secure(client, agent_a, settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    client.get(LOGIN)
    response = _sign_in(client, agent_a.email)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is settings.SESSION_COOKIE_SECURE


def test_secure_cookies_by_default_outside_debug(settings):
    from socle import settings as project_settings  # DEBUG as the environment set it

    if project_settings.DEBUG or "SOCLE_HTTPS" in os.environ:
        pytest.skip("DEBUG on or SOCLE_HTTPS set explicitly in this environment")
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
