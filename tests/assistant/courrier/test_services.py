"""Registering letters, similar replies (same collectivité only), drafts without a model,
validation and the hand-recorded sending; nothing is ever e-mailed."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socle.assistant.courrier import services
from socle.assistant.courrier.models import Letter, Reply
from socle.assistant.courrier.similar import similar_replies
from socle.journal.models import AuditEvent

from .conftest import answered, make_letter
from .test_parsing import LATIN1_EML

LAMP = "Le lampadaire de la rue des Tilleuls est éteint depuis une semaine, c'est dangereux."


def _register(actor, collectivite, **data):
    defaults = {"subject": "Lampadaire éteint", "body": LAMP, "sender_civility": "Madame",
                "sender_name": "Jeanne Vidal", "channel": "courrier"}
    return services.letter_register(actor=actor, collectivite=collectivite,
                                    data={**defaults, **data})


def test_register_classifies_dates_and_journals(agent_a, territory):
    letter = _register(agent_a, territory.a)
    assert letter.predicted_category.code == "voirie"
    assert letter.prediction_confidence > 0.2
    assert letter.received_on == timezone.localdate()
    assert (letter.due_on - letter.received_on).days in range(59, 63)
    assert letter.status == Letter.Status.RECEIVED
    event = AuditEvent.objects.get(action="courrier.registered")
    assert "Vidal" not in str(event.details)  # no personal data in the journal


def test_register_from_eml_keeps_the_original(agent_a, territory):
    letter = services.letter_register(actor=agent_a, collectivite=territory.a, data={},
                                      upload=(LATIN1_EML, "message.eml"))
    assert letter.sender_name == "Renée Chastel"
    assert letter.channel == Letter.Channel.EMAIL
    assert letter.received_on == datetime.date(2026, 3, 3)
    assert letter.predicted_category.code == "etat-civil"
    assert letter.attachment.read() == LATIN1_EML


def test_bad_upload_writes_nothing(agent_a, territory):
    from socle.assistant.courrier.parsing import ParseError

    with pytest.raises(ParseError):
        services.letter_register(actor=agent_a, collectivite=territory.a, data={},
                                 upload=(b"%PDF-1.4 rien", "scan.pdf"))
    assert not Letter.objects.exists()


@pytest.mark.parametrize("persona", ["elu_a", "dpo_ac", "agent_b"])
def test_only_mail_roles_register(request, territory, persona):
    with pytest.raises(PermissionDenied):
        _register(request.getfixturevalue(persona), territory.a)


def test_similar_replies_come_from_the_same_collectivite_only(agent_a, territory):
    answered(territory.b, subject="Lampadaire en panne", body=LAMP, reply="Réponse de B.")
    answered(territory.a, subject="Éclairage public éteint",
             body="Le réverbère de notre rue ne s'allume plus le soir.", reply="Réponse A1.")
    answered(territory.a, subject="Salle des fêtes", body="Réserver la salle pour un mariage.",
             reply="Réponse A2.")
    make_letter(territory.a, subject="Lampe éteinte", body=LAMP)  # no validated reply
    letter = _register(agent_a, territory.a)
    found = similar_replies(letter=letter)
    assert found[0].reply.text == "Réponse A1."
    assert all(s.letter.collectivite_id == territory.a.pk for s in found)
    assert len(found) <= 3


def test_draft_without_model_adapts_the_most_similar_reply(agent_a, territory):
    old = answered(territory.a, subject="Éclairage public éteint",
                   body="Le réverbère de notre rue ne s'allume plus le soir.",
                   sender_civility="Monsieur", sender_name="Louis Martin",
                   reply="Monsieur Louis Martin,\n\nSuite à votre courrier, Louis Martin, les "
                         "services techniques remplaceront l'ampoule.\n\nLe maire")
    letter = _register(agent_a, territory.a)
    reply, warning = services.reply_draft(actor=agent_a, letter=letter)
    assert warning == ""
    assert reply.source == Reply.Source.SIMILAR and reply.source_letter == old
    assert reply.text.startswith("Madame Jeanne Vidal,\n\n")
    assert "Louis Martin" not in reply.text and "remplaceront l'ampoule" in reply.text
    assert f"courrier n° {old.pk}" in reply.source_note
    assert not reply.is_validated
    letter.refresh_from_db()
    assert letter.status == Letter.Status.IN_PROGRESS


def test_draft_without_any_history_uses_the_category_template(agent_a, territory):
    letter = _register(agent_a, territory.a)
    reply, _warning = services.reply_draft(actor=agent_a, letter=letter)
    assert reply.source == Reply.Source.TEMPLATE
    assert "services techniques" in reply.text
    assert "Lampadaire éteint" in reply.text


def test_validate_then_mark_sent_by_hand_sends_nothing(agent_a, territory):
    letter = _register(agent_a, territory.a, sender_email="jeanne@exemple.test")
    services.reply_draft(actor=agent_a, letter=letter)
    with pytest.raises(ValidationError):
        services.reply_mark_sent(actor=agent_a, letter=letter, sent_on=timezone.localdate())
    reply = services.reply_validate(actor=agent_a, letter=letter, text="Madame,\n\nC'est fait.")
    assert reply.validated_by == agent_a and letter.status == Letter.Status.READY
    # Editing a validated reply withdraws the validation.
    reply = services.reply_save(actor=agent_a, letter=letter, text="Madame,\n\nC'est réparé.")
    assert not reply.is_validated
    services.reply_validate(actor=agent_a, letter=letter, text=reply.text)
    with pytest.raises(ValidationError):
        services.reply_mark_sent(actor=agent_a, letter=letter,
                                 sent_on=timezone.localdate() + datetime.timedelta(days=1))
    services.reply_mark_sent(actor=agent_a, letter=letter, sent_on=timezone.localdate())
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ANSWERED
    assert letter.reply.sent_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.reply_save(actor=agent_a, letter=letter, text="autre")
    assert mail.outbox == []


def test_validated_reply_is_not_overwritten_by_a_new_draft(agent_a, territory):
    letter = _register(agent_a, territory.a)
    services.reply_validate(actor=agent_a, letter=letter, text="Texte validé.")
    with pytest.raises(ValidationError):
        services.reply_draft(actor=agent_a, letter=letter)
    assert Reply.objects.get(letter=letter).text == "Texte validé."


def test_overdue_queryset(territory):
    late = make_letter(territory.a, subject="Vieux", body="x", days_ago=70)
    make_letter(territory.a, subject="Récent", body="x", days_ago=3)
    make_letter(territory.a, subject="Vieux répondu", body="x", days_ago=90,
                status=Letter.Status.ANSWERED)
    assert list(Letter.objects.overdue()) == [late]
    assert late.is_overdue
