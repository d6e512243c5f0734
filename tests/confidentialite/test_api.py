"""POST /api/confidentialite/analyse: authentication, rights, size limit, shape, and a journal
that holds counts only."""

import pytest
from django.test import Client

from socle.comptes.models import ApiToken
from socle.journal.models import AuditEvent

URL = "/api/confidentialite/analyse"
TEXT = "Subvention attribuée à Mme Léa COSTE, domiciliée 3 rue Haute, tél. 06 11 22 33 44."


def _client(user) -> Client:
    raw, key_hash, hint = ApiToken.new_secret()
    ApiToken.objects.create(user=user, name="Test", key_hash=key_hash, hint=hint)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


@pytest.mark.django_db
def test_authentication_required():
    response = _post(Client(), {"text": TEXT})
    assert response.status_code == 401
    assert "Authentification requise" in response.json()["detail"]


def test_shape_and_nothing_stored_but_counts(agent_a):
    response = _post(_client(agent_a), {"text": TEXT})
    assert response.status_code == 200
    body = response.json()
    assert body["text"] == (
        "Subvention attribuée à Mme [Personne 1], domiciliée [Adresse 1], tél. [Téléphone 1]."
    )
    assert [(e["label"], e["action"]) for e in body["entities"]] == [
        ("PERSONNE", "mask"), ("ADRESSE", "mask"), ("TELEPHONE", "mask")
    ]
    assert set(body["entities"][0]) == {"start", "end", "label", "text", "action", "reason"}
    event = AuditEvent.objects.get(action="confidentialite.analysed")
    assert event.actor == agent_a
    assert event.details == {
        "characters": len(TEXT),
        "counts": {"PERSONNE.mask": 1, "ADRESSE.mask": 1, "TELEPHONE.mask": 1},
    }
    stored = str(event.details) + event.object_repr
    assert "COSTE" not in stored and "06 11" not in stored and "Haute" not in stored


def test_officials_are_kept(agent_a):
    body = _post(_client(agent_a), {"text": "M. Karim HADDAD présente le budget.",
                                    "officials": ["Karim Haddad"]}).json()
    assert body["text"] == "M. Karim HADDAD présente le budget."
    assert body["entities"][0]["action"] == "keep"


def test_elu_may_not_analyse(elu_a):
    response = _post(_client(elu_a), {"text": TEXT})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="confidentialite.analysed").exists()


def test_size_limit(agent_a, settings):
    settings.SOCLE_CONFIDENTIALITE_MAX_CHARACTERS = 50
    response = _post(_client(agent_a), {"text": TEXT})
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Texte trop long")
    assert not AuditEvent.objects.filter(action="confidentialite.analysed").exists()


def test_missing_text_is_a_clear_error(agent_a):
    response = _post(_client(agent_a), {"texte": TEXT})
    assert response.status_code == 422


def test_default_limit_and_oversized_body(agent_a):
    client = _client(agent_a)
    response = _post(client, {"text": "a" * 300_001})
    assert response.status_code == 413
    assert "300 000 au plus" in response.json()["detail"]
    assert _post(client, {"text": "a" * 3_000_000}).status_code in (400, 413)


def test_browser_session_with_second_factor(login, referent_a):
    response = _post(login(referent_a), {"text": TEXT})
    assert response.status_code == 200
    assert "[Personne 1]" in response.json()["text"]
