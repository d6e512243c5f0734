"""Draft by the language model through the gateway (``llm_server`` plays the endpoint): the
letter's personal data never reaches it, examples are the similar validated replies, the agent
still validates, and a failing model falls back to the adapted reply."""

from __future__ import annotations

import json

from django.core import mail

from socle.assistant.courrier import services
from socle.assistant.courrier.models import Reply

from .conftest import answered

BODY = ("Madame, Monsieur,\n\nLe lampadaire devant chez moi au 12 rue des Tilleuls est éteint "
        "depuis une semaine. Vous pouvez me joindre au 06 12 34 56 78.\n\nJeanne Vidal")


def _letter(agent, territory):
    return services.letter_register(
        actor=agent, collectivite=territory.a,
        data={"subject": "Lampadaire éteint", "body": BODY, "sender_civility": "Madame",
              "sender_name": "Jeanne Vidal", "sender_email": "jeanne.vidal@exemple.test",
              "sender_address": "12 rue des Tilleuls\n07300 Tournon-sur-Rhône"})


def test_model_draft_without_personal_data_sent(llm_server, agent_a, territory):
    answered(territory.a, subject="Éclairage éteint", body="Le réverbère est éteint. Paul Roux",
             sender_name="Paul Roux", code="voirie",
             reply="Monsieur Paul Roux,\n\nLes services techniques interviendront.\n\nLe maire")
    llm_server.respond = lambda payload: (
        "Nous avons bien reçu votre signalement ; une équipe interviendra.\n\n"
        "Veuillez agréer nos salutations distinguées.")
    letter = _letter(agent_a, territory)
    reply, warning = services.reply_draft(actor=agent_a, letter=letter)
    assert warning == ""
    assert reply.source == Reply.Source.MODEL and reply.model_name
    assert reply.text.startswith("Madame Jeanne Vidal,\n\nNous avons bien reçu")
    assert not reply.is_validated
    sent = json.dumps(llm_server.received, ensure_ascii=False)
    for secret in ("Jeanne", "Vidal", "jeanne.vidal@exemple.test", "Tilleuls",
                   "06 12 34 56 78", "Paul Roux"):
        assert secret not in sent, secret
    messages = llm_server.received[-1]["messages"]
    assert "Les services techniques interviendront." in messages[2]["content"]  # the example
    assert "lampadaire" in messages[-1]["content"]
    assert mail.outbox == []


def test_model_failure_falls_back_to_the_adapted_reply(llm_server, agent_a, territory):
    answered(territory.a, subject="Éclairage éteint", body="Le réverbère est éteint.",
             code="voirie", reply="Madame,\n\nLes services techniques interviendront.")
    llm_server.fail = 503
    letter = _letter(agent_a, territory)
    reply, warning = services.reply_draft(actor=agent_a, letter=letter)
    assert reply.source == Reply.Source.SIMILAR
    assert "n'a pas répondu" in warning


def test_agent_can_skip_the_model(llm_server, agent_a, territory):
    letter = _letter(agent_a, territory)
    reply, _warning = services.reply_draft(actor=agent_a, letter=letter, use_model=False)
    assert reply.source == Reply.Source.TEMPLATE
    assert not [p for p in llm_server.received if "messages" in p]
