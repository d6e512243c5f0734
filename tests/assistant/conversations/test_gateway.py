"""The gateway against a real local OpenAI-compatible server: what leaves Socle, what comes back,
what is recorded."""

from __future__ import annotations

import json

import pytest

from socle.assistant.conversations import gateway
from socle.assistant.conversations.models import ModelCall
from socle.core import http
from socle.journal.models import AuditEvent

LETTER = (
    "Courrier de Mme Josiane MARCHETTI, domiciliée 12 rue des Lilas, 07340 Alboussière, "
    "tél. 06 12 34 56 78, courriel josiane.marchetti@example.org, IBAN "
    "FR76 3000 6000 0112 3456 7890 189. Mme MARCHETTI demande un rendez-vous."
)
PERSONAL = ["MARCHETTI", "Josiane", "12 rue des Lilas", "06 12 34 56 78",
            "josiane.marchetti@example.org", "FR76 3000 6000 0112 3456 7890 189", "Lilas"]


def _call(user, collectivite, **kwargs):
    return gateway.complete(actor=user, collectivite=collectivite, purpose="test",
                            messages=kwargs.pop("messages", [
                                {"role": "system", "content": "Résume le courrier de Josiane "
                                 "MARCHETTI."},
                                {"role": "user", "content": LETTER}]), **kwargs)


def test_not_configured_by_default(no_llm, agent_a, territory):
    assert not gateway.model_configured()
    with pytest.raises(gateway.GatewayError, match="Aucun modèle"):
        _call(agent_a, territory.a)
    assert not ModelCall.objects.exists()


def test_no_personal_data_reaches_the_endpoint(llm_server, agent_a, territory):
    llm_server.respond = lambda payload: "[Personne 1] demande un rendez-vous ; [Téléphone 1]."
    completion = _call(agent_a, territory.a)
    assert gateway.model_configured()
    (payload,) = llm_server.chat_requests
    sent = json.dumps(payload, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in sent
    assert "[Personne 1]" in payload["messages"][0]["content"]
    # Same person, same placeholder across the two messages of the call.
    assert "[Personne 1]" in payload["messages"][1]["content"]
    assert "[Courriel 1]" in sent and "[Téléphone 1]" in sent and "[IBAN 1]" in sent
    assert payload["model"] == "modele-local-test"
    assert llm_server.headers[-1]["Authorization"] == "Bearer cle-de-test"
    # Restored locally for the person who asked.
    assert "MARCHETTI" in completion.text and "06 12 34 56 78" in completion.text
    assert completion.raw_text.startswith("[Personne 1]")


def test_call_recorded_with_figures_never_text(llm_server, agent_a, territory):
    completion = _call(agent_a, territory.a)
    call = ModelCall.objects.get(pk=completion.call_id)
    assert call.user == agent_a and call.collectivite == territory.a
    assert call.purpose == "test" and call.model == "modele-local-test"
    assert call.status == ModelCall.Status.OK and not call.tokens_estimated
    assert call.prompt_tokens > 0 and call.completion_tokens > 0
    assert call.energy_wh > 0 and call.co2_g > 0
    assert call.energy_method == "ecologits:parametric"
    event = AuditEvent.objects.get(action="assistant.model_called")
    assert event.collectivite == territory.a and event.actor == agent_a
    assert event.details["prompt_tokens"] == call.prompt_tokens
    assert event.details["completion_tokens"] == call.completion_tokens
    assert event.details["energy_wh"] > 0 and event.details["co2_g"] > 0
    assert event.details["model"] == "modele-local-test"
    assert "MARCHETTI" not in json.dumps(event.details) and "Réponse" not in str(event.details)


def test_tokens_estimated_when_usage_absent(llm_server, agent_a, territory):
    llm_server.usage = False
    completion = _call(agent_a, territory.a)
    call = ModelCall.objects.get(pk=completion.call_id)
    assert call.tokens_estimated and call.prompt_tokens > 0 and call.completion_tokens > 0


def test_known_model_uses_its_published_size(llm_server, settings, agent_a, territory):
    settings.SOCLE_LLM_MODEL = "mistralai/Mistral-7B-Instruct-v0.3"
    completion = _call(agent_a, territory.a)
    call = ModelCall.objects.get(pk=completion.call_id)
    assert call.energy_method == "ecologits:huggingface_hub"


@pytest.mark.parametrize(
    ("fail", "message"),
    [(503, "erreur HTTP 503"), ("garbage", "pas du JSON"), ("timeout", "délai dépassé")],
)
def test_endpoint_failures_are_french_and_leave_only_a_failure_record(
    llm_server, settings, agent_a, territory, fail, message
):
    settings.SOCLE_LLM_TIMEOUT = 0.5
    llm_server.fail = fail
    with pytest.raises(gateway.GatewayError, match=message) as error:
        _call(agent_a, territory.a)
    assert str(error.value).startswith("Le modèle de langage n'a pas pu répondre")
    call = ModelCall.objects.get()
    assert call.status == ModelCall.Status.ERROR and call.energy_wh == 0
    assert not AuditEvent.objects.filter(action="assistant.model_called").exists()
    assert AuditEvent.objects.filter(action="assistant.model_failed").count() == 1


def test_endpoint_down(llm_server, agent_a, territory):
    llm_server.stop()
    with pytest.raises(gateway.GatewayError, match="connexion impossible"):
        _call(agent_a, territory.a)


def test_answer_without_text_is_refused(llm_server, agent_a, territory):
    llm_server.respond = lambda payload: None
    with pytest.raises(gateway.GatewayError, match="réponse inattendue"):
        _call(agent_a, territory.a)


def test_post_json_keeps_the_guard_unless_allowed(llm_server, settings):
    settings.SOCLE_DIAGNOSTIC_ALLOWED_NETWORKS = ""
    url = llm_server.base_url + "/embeddings"
    with pytest.raises(http.TargetForbidden):
        http.post_json(url, payload={"input": "x"}, headers={}, timeout=2, max_bytes=10_000)
    data = http.post_json(url, payload={"input": ["bonjour"]}, headers={}, timeout=2,
                          max_bytes=100_000, allow_private=True)
    assert len(data["data"][0]["embedding"]) == 16
    models = http.post_json(llm_server.base_url + "/models", payload={}, timeout=2,
                            allow_private=True, method="GET")
    assert models["data"][0]["id"] == "modele-local-test"


def test_post_json_size_limit(llm_server):
    with pytest.raises(http.ResponseTooLarge):
        http.post_json(llm_server.base_url + "/chat/completions",
                       payload={"model": "m", "messages": [{"role": "user", "content": "x"}]},
                       timeout=2, max_bytes=10, allow_private=True)
