"""E-mail reminders before deadlines: a breach's 72-hour clock (24 hours left, then overdue) and
a request's deadline (7 days left, then overdue). Idempotent: each reminder has a unique key
(kind, object, deadline, step) stored in ``ReminderSent``; a second run sends nothing again."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socle.core.tasks import enqueue_email
from socle.journal.services import record
from socle.permissions import Role

from .models import BREACH_CLOCK, Breach, ReminderSent, Risk, SubjectRequest

BREACH_WARNING = datetime.timedelta(hours=24)
REQUEST_WARNING = datetime.timedelta(days=7)


def recipients(collectivite) -> list[str]:
    """The collectivité's DPOs and référents; its contact address when it has neither."""
    emails = sorted(set(collectivite.memberships.filter(
        role__in=[Role.DPO, Role.REFERENT], user__is_active=True).values_list("user__email",
                                                                             flat=True)))
    return emails or ([collectivite.contact_email] if collectivite.contact_email else [])


def _send_once(*, key: str, item, subject: str, body: str) -> bool:
    to = recipients(item.collectivite)
    if not to:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key, collectivite=item.collectivite, recipients=to)
            enqueue_email(subject=subject, body=body, to=to)
            record(actor=None, action="donnees.reminder_sent", collectivite=item.collectivite,
                   obj=item, details={"relance": key.rsplit(":", 1)[-1], "destinataires": len(to)})
    except IntegrityError:
        return False  # already sent (or being sent by a concurrent run)
    return True


def _breach_reminders(now) -> int:
    sent = 0
    due = Breach.objects.filter(
        closed_at__isnull=True, archived_at__isnull=True, cnil_notified_at__isnull=True,
        detected_at__lte=now - BREACH_CLOCK + BREACH_WARNING).exclude(risk=Risk.NONE)
    for breach in due.select_related("collectivite"):
        step = "depasse" if breach.deadline <= now else "24h"
        deadline = timezone.localtime(breach.deadline)
        subject = (_("Violation de données : délai de 72 heures dépassé — %(c)s")
                   if step == "depasse" else
                   _("Violation de données : moins de 24 heures pour notifier la CNIL — %(c)s"))
        subject %= {"c": breach.collectivite}
        body = _("La violation « %(title)s » a été détectée le %(detected)s. La notification à la "
                 "CNIL est attendue avant le %(deadline)s.\n\nOuvrez la fiche dans Socle pour "
                 "évaluer le risque et enregistrer la décision.\n") % {
            "title": breach.title, "deadline": deadline.strftime("%d/%m/%Y à %H:%M"),
            "detected": timezone.localtime(breach.detected_at).strftime("%d/%m/%Y à %H:%M")}
        sent += _send_once(key=f"breach:{breach.pk}:{breach.detected_at:%Y%m%d%H%M}:{step}",
                           item=breach, subject=subject, body=body)
    return sent


def _request_reminders(today) -> int:
    sent = 0
    due = SubjectRequest.objects.filter(closed_at__isnull=True, archived_at__isnull=True,
                                        due_on__lte=today + REQUEST_WARNING)
    for demand in due.select_related("collectivite"):
        step = "depasse" if demand.due_on < today else "7j"
        subject = (_("Demande de droits en retard — %(c)s") if step == "depasse" else
                   _("Demande de droits : réponse due dans moins de 7 jours — %(c)s")) % {
            "c": demand.collectivite}
        body = _("La demande « %(kind)s » reçue le %(received)s appelle une réponse avant le "
                 "%(due)s.\n\nOuvrez la fiche dans Socle pour répondre ou prolonger le délai "
                 "avec un motif.\n") % {
            "kind": demand.get_kind_display(), "received": demand.received_on.strftime("%d/%m/%Y"),
            "due": demand.due_on.strftime("%d/%m/%Y")}
        sent += _send_once(key=f"request:{demand.pk}:{demand.due_on:%Y%m%d}:{step}",
                           item=demand, subject=subject, body=body)
    return sent


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders now due; return how many e-mails were enqueued."""
    now = now or timezone.now()
    return _breach_reminders(now) + _request_reminders(timezone.localdate(now))
