"""Writes on the citizen mail register: registering a letter (pasted or uploaded, classified),
updating its routing and status, drafting, editing and validating the reply, recording by hand
that it was sent. Each checks rights and journals. Nothing here sends anything."""

from __future__ import annotations

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.journal.services import record, register_actions

from . import classifier, drafting
from . import permissions as rights
from .categories import ensure_shared_categories
from .models import DUE_MONTHS, ClassifierState, Letter, Reply, ServiceCategory, add_months
from .parsing import parse
from .similar import similar_replies

register_actions({
    "courrier.registered": gettext_lazy("Enregistrement d'un courrier d'habitant"),
    "courrier.updated": gettext_lazy("Mise à jour d'un courrier (catégorie, statut, suivi)"),
    "courrier.drafted": gettext_lazy("Brouillon de réponse à un courrier"),
    "courrier.reply_saved": gettext_lazy("Modification de la réponse à un courrier"),
    "courrier.reply_validated": gettext_lazy("Validation de la réponse à un courrier"),
    "courrier.reply_sent": gettext_lazy("Envoi d'une réponse déclaré par un agent"),
    "courrier.exported": gettext_lazy("Export du registre du courrier"),
    "courrier.classifier_trained": gettext_lazy("Entraînement du classement du courrier"),
})

LETTER_FIELDS = ("received_on", "channel", "sender_civility", "sender_name", "sender_address",
                 "sender_email", "subject", "body")


def category_for(*, collectivite, code: str) -> ServiceCategory | None:
    categories = ServiceCategory.objects.for_collectivite(collectivite).filter(code=code)
    # The collectivité's own category wins over a shared one of the same code.
    return categories.order_by(F("collectivite").asc(nulls_last=True)).first()


def _classify(letter: Letter) -> None:
    ensure_shared_categories(ServiceCategory)
    prediction = classifier.classify(letter.collectivite_id, letter.text_for_classification)
    letter.predicted_category = category_for(collectivite=letter.collectivite,
                                             code=prediction.code)
    letter.prediction_confidence = round(prediction.confidence, 4)
    letter.model_version = prediction.version[:80]


def letter_register(*, actor, collectivite, data: dict, upload: tuple[bytes, str] | None = None,
                    request=None) -> Letter:
    """Register a letter from the form's ``data`` (fields of LETTER_FIELDS) and, when given, an
    uploaded file (bytes, name) whose text and headers fill the fields left empty. ParseError
    or ValidationError before anything is written."""
    rights.require_write(actor, collectivite)
    values = {k: data.get(k) for k in LETTER_FIELDS if data.get(k) not in (None, "")}
    letter = Letter(collectivite=collectivite, created_by=actor)
    if upload is not None:
        content, filename = upload
        parsed = parse(content, filename)
        found = {"body": parsed.body, "subject": parsed.subject,
                 "sender_name": parsed.sender_name, "sender_email": parsed.sender_email,
                 "received_on": parsed.received_on}
        values = {**{k: v for k, v in found.items() if v}, **values}
        if parsed.file_format == "eml" and "channel" not in data:
            values["channel"] = Letter.Channel.EMAIL
        letter.attachment_sha256 = hashlib.sha256(content).hexdigest()
        letter.attachment_name = filename[-200:]
    for key, value in values.items():
        setattr(letter, key, value)
    if not letter.subject and letter.body:
        letter.subject = letter.body.strip().splitlines()[0][:120]
    letter.received_on = letter.received_on or timezone.localdate()
    letter.due_on = add_months(letter.received_on, DUE_MONTHS)
    letter.full_clean(exclude=["attachment"])
    _classify(letter)
    if upload is not None:
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", upload[1])[-80:]
        letter.attachment.save(safe_name, ContentFile(upload[0]), save=False)
    try:
        with transaction.atomic():
            letter.save()
            record(actor=actor, action="courrier.registered", collectivite=collectivite,
                   obj=letter, details={"canal": letter.channel,
                                        "fichier": bool(upload), "catégorie proposée":
                                        letter.predicted_category.code
                                        if letter.predicted_category else ""},
                   request=request)
    except BaseException:
        if letter.attachment:
            letter.attachment.storage.delete(letter.attachment.name)
        raise
    return letter


def letter_update(*, actor, letter: Letter, category: ServiceCategory | None, status: str,
                  assignee=None, request=None) -> Letter:
    """Confirm the category, change the status or who follows the letter. A newly confirmed
    category counts towards retraining the collectivité's classifier."""
    rights.require_write(actor, letter.collectivite)
    before = {"catégorie": letter.category.code if letter.category else "",
              "statut": letter.status, "suivi": letter.assignee_id}
    newly_confirmed = category is not None and category.pk != letter.category_id
    letter.category, letter.status, letter.assignee = category, status, assignee
    letter.full_clean()
    with transaction.atomic():
        letter.save()
        after = {"catégorie": category.code if category else "", "statut": status,
                 "suivi": letter.assignee_id}
        record(actor=actor, action="courrier.updated", collectivite=letter.collectivite,
               obj=letter, details={k: [before[k], after[k]] for k in after
                                    if before[k] != after[k]}, request=request)
        if newly_confirmed:
            _count_confirmation(letter.collectivite)
    return letter


def _count_confirmation(collectivite) -> None:
    state, _created = ClassifierState.objects.select_for_update().get_or_create(
        collectivite=collectivite)
    state.confirmations_since += 1
    state.save(update_fields=["confirmations_since"])
    if state.confirmations_since >= classifier.RETRAIN_EVERY:
        from .tasks import retrain_classifier

        transaction.on_commit(
            lambda: retrain_classifier.enqueue(collectivite_id=collectivite.pk), robust=True)


def classifier_retrain(*, collectivite_id: int) -> ClassifierState:
    """Train the collectivité's own model when it has enough confirmed letters and reset the
    confirmation counter. Run by the ``retrain_classifier`` task (training is never done in a
    page request)."""
    trained = classifier.train_collectivite(collectivite_id)
    with transaction.atomic():
        state, _created = ClassifierState.objects.select_for_update().get_or_create(
            collectivite_id=collectivite_id)
        state.confirmations_since = 0
        if trained is not None:
            version, state.model_file, state.letters, state.categories = trained
            state.version, state.trained_at = version[:80], timezone.now()
        state.save()
        if trained is not None:
            record(actor=None, action="courrier.classifier_trained",
                   collectivite=state.collectivite, obj=state,
                   details={"courriers": state.letters, "catégories": state.categories,
                            "version": state.version})
    return state


def reply_draft(*, actor, letter: Letter, use_model: bool = True, request=None) -> tuple[Reply,
                                                                                        str]:
    """Draft (or redraft) the reply; a validated reply is never overwritten."""
    rights.require_write(actor, letter.collectivite)
    existing = Reply.objects.filter(letter=letter).first()
    if existing is not None and existing.is_validated:
        raise ValidationError(_("La réponse est déjà validée : modifiez-la pour en retirer "
                                "la validation avant d'en demander un nouveau brouillon."))
    made, warning = drafting.draft(letter=letter, similar=similar_replies(letter=letter),
                                   actor=actor, request=request, use_model=use_model)
    reply = existing or Reply(letter=letter)
    reply.text, reply.source, reply.source_note = made.text, made.source, made.note[:300]
    reply.source_letter, reply.model_name, reply.drafted_by = (made.source_letter,
                                                               made.model_name, actor)
    reply.full_clean()
    with transaction.atomic():
        reply.save()
        if letter.status == Letter.Status.RECEIVED:
            letter.status = Letter.Status.IN_PROGRESS
            letter.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="courrier.drafted", collectivite=letter.collectivite,
               obj=letter, details={"source": made.source}, request=request)
    return reply, warning


def reply_save(*, actor, letter: Letter, text: str, request=None) -> Reply:
    """The agent's text; a change to a validated reply withdraws its validation."""
    rights.require_write(actor, letter.collectivite)
    reply = Reply.objects.filter(letter=letter).first() or Reply(
        letter=letter, source=Reply.Source.MANUAL, drafted_by=actor)
    if reply.sent_on:
        raise ValidationError(_("Cette réponse a été envoyée : elle ne peut plus être modifiée."))
    text = text.replace("\r\n", "\n").strip()
    changed = text != reply.text
    reply.text = text
    if changed and reply.is_validated:
        reply.validated_at = reply.validated_by = None
    reply.full_clean()
    with transaction.atomic():
        reply.save()
        if letter.status in (Letter.Status.RECEIVED, Letter.Status.READY) and changed:
            letter.status = Letter.Status.IN_PROGRESS
            letter.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="courrier.reply_saved", collectivite=letter.collectivite,
               obj=letter, details={"modifiée": changed}, request=request)
    return reply


def reply_validate(*, actor, letter: Letter, text: str, request=None) -> Reply:
    """Save the text shown to the agent and validate it: the reply is ready to be sent by the
    agent, outside Socle."""
    reply = reply_save(actor=actor, letter=letter, text=text, request=request)
    if not reply.text:
        raise ValidationError(_("La réponse est vide."))
    with transaction.atomic():
        reply.validated_by, reply.validated_at = actor, timezone.now()
        reply.save(update_fields=["validated_by", "validated_at", "updated_at"])
        letter.status = Letter.Status.READY
        letter.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="courrier.reply_validated",
               collectivite=letter.collectivite, obj=letter, request=request)
    return reply


def reply_mark_sent(*, actor, letter: Letter, sent_on: datetime.date, request=None) -> Reply:
    """Record that the agent sent the validated reply (by post or from their mailbox)."""
    rights.require_write(actor, letter.collectivite)
    reply = Reply.objects.filter(letter=letter).first()
    if reply is None or not reply.is_validated:
        raise ValidationError(_("Validez la réponse avant de la déclarer envoyée."))
    if sent_on > timezone.localdate():
        raise ValidationError(_("La date d'envoi ne peut pas être dans le futur."))
    if sent_on < letter.received_on:
        raise ValidationError(_("La date d'envoi précède la réception du courrier."))
    with transaction.atomic():
        reply.sent_on, reply.sent_recorded_by = sent_on, actor
        reply.save(update_fields=["sent_on", "sent_recorded_by", "updated_at"])
        letter.status = Letter.Status.ANSWERED
        letter.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="courrier.reply_sent", collectivite=letter.collectivite,
               obj=letter, details={"date": sent_on.isoformat()}, request=request)
    return reply
