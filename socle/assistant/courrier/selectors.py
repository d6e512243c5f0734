"""Reads of the citizen mail register: the filtered list and its export rows."""

from __future__ import annotations

from django.utils import timezone

from .models import Letter


def register(*, collectivite, status: str = "", category: str = "", overdue: bool = False):
    letters = (Letter.objects.filter(collectivite=collectivite)
               .select_related("category", "predicted_category", "assignee", "reply"))
    if status in Letter.Status.values:
        letters = letters.filter(status=status)
    if category == "aucune":
        letters = letters.filter(category__isnull=True)
    elif category:
        letters = letters.filter(category__code=category)
    if overdue:
        letters = letters.overdue()
    return letters


EXPORT_HEADERS = ["N°", "Reçu le", "Canal", "Objet", "Expéditeur", "Catégorie",
                  "Catégorie proposée", "Confiance", "Statut", "Échéance indicative",
                  "En retard", "Suivi par", "Réponse validée le", "Envoyée le"]


def export_rows(letters):
    today = timezone.localdate()
    for letter in letters:
        reply = getattr(letter, "reply", None)
        yield [
            letter.pk, letter.received_on, letter.get_channel_display(), letter.subject,
            letter.sender_name, letter.category.name if letter.category else "",
            letter.predicted_category.name if letter.predicted_category else "",
            round(letter.prediction_confidence or 0, 2),
            letter.get_status_display(), letter.due_on,
            letter.status in Letter.OPEN_STATUSES and letter.due_on < today,
            str(letter.assignee) if letter.assignee else "",
            reply.validated_at if reply and reply.validated_at else "",
            reply.sent_on if reply and reply.sent_on else "",
        ]
