"""Personal API tokens: created with the secret shown once, usable on /api/, revocable."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from socle.comptes import services
from socle.comptes.models import ApiToken
from socle.journal.models import AuditEvent

URL = "/compte/jetons-api/"


def test_create_shows_secret_once_and_stores_only_its_hash(client, login, agent_a):
    login(agent_a)
    empty = client.get(URL).content.decode()
    assert "Vous n'avez encore créé aucun jeton" in empty
    response = client.post(URL, {"name": "Tableau de bord SIG"})
    assert response["Location"] == reverse("comptes:api-tokens")
    page = client.get(URL).content.decode()
    token = ApiToken.objects.get(user=agent_a)
    secret = page.split('<p class="secret">')[1].split("</p>")[0]
    assert secret.startswith("socle_")
    assert f"Authorization: Bearer {secret}" in page
    assert secret not in token.key_hash
    assert ApiToken.authenticate(secret) == token
    assert secret not in client.get(URL).content.decode()  # shown once
    event = AuditEvent.objects.get(action="comptes.api_token_created")
    assert event.collectivite is None and secret not in str(event.details)


def test_token_authenticates_on_the_api_until_revoked(client, login, agent_a):
    token, secret = services.api_token_create(actor=agent_a, name="Script")
    assert ApiToken.authenticate(secret).user == agent_a
    login(agent_a)
    response = client.post(reverse("comptes:api-token-revoke", args=[token.pk]))
    assert response["Location"] == reverse("comptes:api-tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.authenticate(secret) is None
    assert "Révoqué le" in client.get(URL).content.decode()
    assert AuditEvent.objects.filter(action="comptes.api_token_revoked").exists()


def test_someone_elses_token_is_not_found(client, login, agent_a, agent_b):
    token, _secret = services.api_token_create(actor=agent_b, name="À Bruno")
    login(agent_a)
    assert client.post(reverse("comptes:api-token-revoke", args=[token.pk])).status_code == 404
    assert "À Bruno" not in client.get(URL).content.decode()
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=agent_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_name_is_required(client, login, agent_a):
    login(agent_a)
    response = client.post(URL, {"name": "  "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_is_post_only(client, login, agent_a):
    token, _secret = services.api_token_create(actor=agent_a, name="Script")
    login(agent_a)
    assert client.get(reverse("comptes:api-token-revoke", args=[token.pk])).status_code == 405
