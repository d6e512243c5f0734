"""Writes on minutes: draft from a transcript, edit, validate, export. Each checks rights and
writes the audit journal; the transcript is parsed before anything is written."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.journal.services import record, register_actions

from . import generation
from . import permissions as rights
from .models import Minutes
from .parsing import detect_format, parse

register_actions({
    "assistant_minutes.drafted": gettext_lazy("Projet de procès-verbal généré"),
    "assistant_minutes.edited": gettext_lazy("Procès-verbal modifié"),
    "assistant_minutes.validated": gettext_lazy("Procès-verbal validé"),
    "assistant_minutes.exported": gettext_lazy("Procès-verbal exporté"),
})


def minutes_draft(*, actor, collectivite, transcript: str, session_date: dt.date | None,
                  title: str = "", agenda: str = "", attendance: str = "",
                  source_name: str = "", use_model: bool = False, request=None) -> Minutes:
    """Parse (TranscriptError before anything is written), analyse, write the draft."""
    from socle import permissions

    permissions.require(actor, "assistant.use", collectivite)
    turns = parse(transcript)
    analysed = generation.analyse(turns, agenda=agenda, attendance=attendance)
    if session_date is None and analysed["spoken_date"]:
        session_date = dt.date.fromisoformat(analysed["spoken_date"])
    if session_date is None:
        raise ValidationError({"session_date": _(
            "Indiquez la date de la séance (elle n'a pas été trouvée dans la transcription).")})
    title = title.strip() or _("Séance du conseil du %(date)s") % {
        "date": session_date.strftime("%d/%m/%Y")}
    draft = generation.build(turns, agenda=agenda, attendance=attendance,
                             collectivite_name=collectivite.name, session_date=session_date,
                             title=title, use_model=use_model, actor=actor,
                             collectivite=collectivite, request=request)
    minutes = Minutes(collectivite=collectivite, title=title[:200], session_date=session_date,
                      source_name=source_name[-200:], source_format=detect_format(transcript),
                      transcript=transcript, agenda=agenda, attendance=attendance,
                      analysis=draft.data, draft=draft.text, text=draft.text, mode=draft.mode,
                      created_by=actor)
    with transaction.atomic():
        minutes.full_clean()
        minutes.save()
        record(actor=actor, action="assistant_minutes.drafted", collectivite=collectivite,
               obj=minutes, request=request,
               details={"mode": minutes.mode, "format": minutes.source_format,
                        "segments": draft.data["turn_count"],
                        "topics": len(draft.data["topics"]),
                        "decisions": len(draft.data["decisions"]),
                        "model_requested": use_model})
    return minutes


def minutes_edit(*, actor, minutes: Minutes, text: str, request=None) -> Minutes:
    rights.require_edit(actor, minutes.collectivite)
    if minutes.is_validated:
        raise ValidationError(_("Ce procès-verbal est validé : il n'est plus modifiable."))
    if not text.strip():
        raise ValidationError({"text": _("Le procès-verbal ne peut pas être vide.")})
    with transaction.atomic():
        minutes.text = text.replace("\r\n", "\n")
        minutes.full_clean()
        minutes.save()
        record(actor=actor, action="assistant_minutes.edited", collectivite=minutes.collectivite,
               obj=minutes, request=request, details={"characters": len(minutes.text)})
    return minutes


def minutes_validate(*, actor, minutes: Minutes, request=None) -> Minutes:
    """Validated minutes are read-only: the text adopted at the next session (CGCT L2121-15)."""
    rights.require_edit(actor, minutes.collectivite)
    if minutes.is_validated:
        raise ValidationError(_("Ce procès-verbal est déjà validé."))
    text = minutes.text.replace(generation.DRAFT_BANNER + "\n\n", "", 1)
    with transaction.atomic():
        minutes.text = text
        minutes.status, minutes.validated_by, minutes.validated_at = (
            Minutes.Status.VALIDATED, actor, timezone.now())
        minutes.full_clean()
        minutes.save()
        record(actor=actor, action="assistant_minutes.validated",
               collectivite=minutes.collectivite, obj=minutes, request=request, details={})
    return minutes


def minutes_exported(*, actor, minutes: Minutes, fmt: str, request=None) -> None:
    record(actor=actor, action="assistant_minutes.exported", collectivite=minutes.collectivite,
           obj=minutes, request=request, details={"format": fmt})
