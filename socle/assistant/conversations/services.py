"""Asking a question, deleting a conversation, giving feedback (docs/assistant-questions.md).

A question is searched first (A1's search); an unreliable search ends there (refusal, no model
call). With a model configured, the best passages go through the gateway numbered [1]..[n] and
the answer is checked (answers.check); without one, the answer is extractive: the best passages
and their key sentences, labelled as such. The question and the answer are written together, in
one transaction, after the model call: nothing is half-written when the model fails.
"""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.journal.services import record, register_actions

from . import answers, energy, gateway
from .models import Conversation, Feedback, Message

register_actions({
    "assistant.question_asked": gettext_lazy("Question posée à l'assistant"),
    "assistant.conversation_deleted": gettext_lazy("Conversation de l'assistant supprimée"),
    "assistant.feedback_given": gettext_lazy("Avis donné sur une réponse de l'assistant"),
})

MAX_QUESTION_CHARS = 2000
SOURCES_FOR_MODEL = 5
SOURCES_EXTRACTIVE = 3
PURPOSE = "questions"


def _search(**kwargs):
    from socle.assistant.search import search

    return search(**kwargs)


def _source(number: int, hit) -> dict:
    return {
        "number": number, "chunk_id": hit.chunk_id, "document_id": hit.document_id,
        "document_title": hit.document_title, "collection_name": hit.collection_name,
        "heading": hit.heading, "url": hit.url, "text": hit.text,
        "highlights": list(hit.highlights),
    }


def _stored(source: dict) -> dict:
    """What the message keeps of a source: ids, titles, key sentences (not the whole chunk)."""
    kept = {k: source[k] for k in ("number", "chunk_id", "document_id", "document_title",
                                   "collection_name", "heading", "url", "highlights")}
    kept["excerpt"] = source["text"][:600]
    return kept


def _extractive(sources: list[dict]) -> str:
    return _("Réponse extractive (sans modèle de langage) : voici les passages des sources les "
             "plus proches de votre question, avec leurs phrases clés. Lisez-les pour vérifier "
             "qu'ils répondent bien à votre question.") if sources else ""


def _refusal() -> str:
    return _("Les sources disponibles ne permettent pas de répondre à cette question. "
             "Reformulez-la, ou vérifiez que les documents utiles sont dans la base de "
             "connaissances.")


def _title(question: str) -> str:
    title = " ".join(question.split())
    return title if len(title) <= 120 else title[:119].rstrip() + "…"


def ask(*, actor, collectivite, question: str, conversation: Conversation | None = None,
        request=None) -> Message:
    """Answer ``question`` for ``actor`` acting for ``collectivite``; return the answer."""
    permissions.require(actor, "assistant.use", collectivite)
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Posez une question.")})
    if len(question) > MAX_QUESTION_CHARS:
        raise ValidationError({"question": _("Question trop longue : %(max)s caractères au plus.")
                               % {"max": MAX_QUESTION_CHARS}})
    if conversation is not None and (conversation.user_id != actor.pk
                                     or conversation.collectivite_id != collectivite.pk):
        raise PermissionDenied

    cpu_started = time.process_time()
    result = _search(user=actor, query=question, collectivite=collectivite,
                     limit=SOURCES_FOR_MODEL)
    cpu_s = time.process_time() - cpu_started
    search_cost = energy.search(cpu_seconds=cpu_s)

    mode, text, kept, call_id, masked, failure = Message.Mode.REFUSED, _refusal(), [], None, 0, ""
    if result.reliable and result.hits:
        sources = [_source(n, hit) for n, hit in enumerate(result.hits, start=1)]
        if gateway.model_configured():
            try:
                completion = gateway.complete(
                    actor=actor, collectivite=collectivite, purpose=PURPOSE,
                    messages=answers.messages_for(question, sources), request=request,
                )
            except gateway.GatewayError as exc:
                failure = str(exc)
            else:
                call_id = completion.call_id
                checked = answers.check(completion.text, sources)
                if not checked.refused:
                    mode, text, masked = Message.Mode.MODEL, checked.text, checked.masked
                    kept = [sources[n - 1] for n in checked.cited]
        if not gateway.model_configured() or failure:
            mode, kept = Message.Mode.EXTRACTIVE, sources[:SOURCES_EXTRACTIVE]
            text = _extractive(kept)
            if failure:
                text = _("%(failure)s Voici à la place les passages les plus proches.") % {
                    "failure": failure} + "\n\n" + text

    with transaction.atomic():
        if conversation is None:
            conversation = Conversation(collectivite=collectivite, user=actor,
                                        title=_title(question))
            conversation.full_clean()
            conversation.save()
        else:
            conversation.save(update_fields=["updated"])
        Message.objects.create(conversation=conversation, role=Message.Role.USER, text=question)
        answer = Message(
            conversation=conversation, role=Message.Role.ASSISTANT, text=text, mode=mode,
            sources=[_stored(s) for s in kept], model_call_id=call_id,
            search_cpu_ms=cpu_s * 1000, search_energy_wh=search_cost.energy_wh,
            search_co2_g=search_cost.co2_g,
        )
        answer.save()
        record(actor=actor, action="assistant.question_asked", collectivite=collectivite,
               obj=conversation, request=request, details={
                   "mode": mode, "characters": len(question), "sources": len(kept),
                   "reliable": result.reliable, "masked": masked,
                   "model_call": call_id, "search_energy_wh": round(search_cost.energy_wh, 8),
               })
    return answer


def conversation_delete(*, actor, conversation: Conversation, request=None) -> None:
    if conversation.user_id != actor.pk:
        raise PermissionDenied
    with transaction.atomic():
        collectivite, pk = conversation.collectivite, conversation.pk
        count = conversation.messages.count()
        conversation.delete()
        record(actor=actor, action="assistant.conversation_deleted", collectivite=collectivite,
               details={"conversation": pk, "messages": count}, request=request)


def feedback_give(*, actor, message: Message, rating: str, comment: str = "",
                  request=None) -> Feedback:
    if message.conversation.user_id != actor.pk or message.role != Message.Role.ASSISTANT:
        raise PermissionDenied
    if rating not in Feedback.Rating.values:
        raise ValidationError({"rating": _("Choisissez « utile » ou « pas utile ».")})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": _("Commentaire trop long : 2 000 caractères au plus.")})
    with transaction.atomic():
        feedback, _created = Feedback.objects.update_or_create(
            message=message, user=actor, defaults={"rating": rating, "comment": comment})
        record(actor=actor, action="assistant.feedback_given",
               collectivite=message.conversation.collectivite, obj=feedback, request=request,
               details={"rating": rating, "with_comment": bool(comment),
                        "mode": message.mode})
    return feedback
