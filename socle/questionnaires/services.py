"""Writes of self-assessment: launching a campaign, saving answers, evidence, submitting,
validating or sending back, the action plan, reminders. Each service checks rights again
(``rights.require``), validates, writes in one transaction and records the audit journal."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.core.tasks import enqueue_email
from socle.journal.services import record, register_actions
from socle.territoires.models import Membership

from . import engine, rights
from .models import Action, Answer, Campaign, Evidence, Reminder, Response

register_actions(
    {
        "questionnaires.campaign_launched": gettext_lazy(
            "Lancement d'une campagne d'autodiagnostic"
        ),
        "questionnaires.answers_saved": gettext_lazy("Réponses à l'autodiagnostic enregistrées"),
        "questionnaires.evidence_added": gettext_lazy("Justificatif ajouté à l'autodiagnostic"),
        "questionnaires.response_submitted": gettext_lazy("Autodiagnostic soumis"),
        "questionnaires.response_validated": gettext_lazy("Autodiagnostic validé"),
        "questionnaires.response_returned": gettext_lazy("Autodiagnostic renvoyé pour compléments"),
        "questionnaires.action_updated": gettext_lazy("Action du plan modifiée"),
        "questionnaires.reminder_sent": gettext_lazy("Relance d'autodiagnostic envoyée"),
    }
)

ANSWERER_ROLES = ("referent", "agent", "dpo")
VALIDATOR_ROLES = ("referent", "dpo")
MAX_EVIDENCE_BYTES = getattr(settings, "SOCLE_QUESTIONNAIRES_MAX_EVIDENCE_BYTES", 10 * 1024 * 1024)
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _emails(collectivite_id: int, roles) -> list[str]:
    return list(
        Membership.objects.filter(collectivite_id=collectivite_id, role__in=roles,
                                  user__is_active=True)
        .values_list("user__email", flat=True).order_by("user__email")
    )


def _site_url(path: str) -> str:
    return getattr(settings, "SOCLE_SITE_URL", "").rstrip("/") + path


# --- Campaigns --------------------------------------------------------------------------------


def campaign_launch(
    *, actor, title: str, referential_slug: str, targets, opens_on: datetime.date,
    deadline: datetime.date, filters: Mapping | None = None,
) -> Campaign:
    """Create the campaign (referential pinned at its latest version), one response per target
    member, and invite the answerers of each by e-mail."""
    rights.require(actor, "launch")
    try:
        referential = engine.referentiels.load(referential_slug)
    except LookupError:
        raise ValidationError({"referential": _("Ce référentiel n'existe pas.")}) from None
    filters = dict(filters or {})
    campaign = Campaign(
        title=title, referential_slug=referential.slug,
        referential_version=str(referential.version), opens_on=opens_on, deadline=deadline,
        target_departement=filters.get("departement") or "", target_epci=filters.get("epci"),
        target_population=filters.get("population") or "", created_by=actor,
    )
    campaign.full_clean()
    targets = list(targets.values_list("pk", flat=True))
    if not targets:
        raise ValidationError(_("Aucun membre ne correspond à ces critères."))
    total = len(engine.open_questions(referential, {}))
    with transaction.atomic():
        campaign.save()
        Response.objects.bulk_create(
            Response(campaign=campaign, collectivite_id=pk, question_count=total)
            for pk in targets
        )
        record(actor=actor, action="questionnaires.campaign_launched", obj=campaign,
               details={"référentiel": f"{referential.slug} v{referential.version}",
                        "membres": len(targets), "date limite": str(deadline)})
        for response in campaign.responses.all():
            _invite(campaign, response)
    return campaign


def _invite(campaign: Campaign, response: Response) -> None:
    recipients = _emails(response.collectivite_id, ANSWERER_ROLES)
    if not recipients:
        return
    enqueue_email(
        subject=_("Autodiagnostic : %(title)s") % {"title": campaign.title},
        body=_(
            "Bonjour,\n\nLa structure vous invite à répondre à l'autodiagnostic « %(title)s » "
            "avant le %(deadline)s. Vous pouvez répondre en plusieurs fois : chaque réponse est "
            "enregistrée.\n\n%(url)s\n"
        ) % {"title": campaign.title, "deadline": campaign.deadline.strftime("%d/%m/%Y"),
             "url": _site_url(f"/autodiagnostic/reponses/{response.pk}/")},
        to=recipients,
    )


# --- Answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostedAnswer:
    value: str | None  # None: not posted (an unticked radio group), the stored value stays
    comment: str = ""


def _require_open(actor, response: Response) -> None:
    rights.require(actor, "answer", response.collectivite_id)
    if not response.is_open:
        raise ValidationError(_("Cette réponse a été soumise : elle ne peut plus être modifiée."))


def answers_save(
    *, actor, response: Response, posted: Mapping[str, PostedAnswer]
) -> dict[str, str]:
    """Save the posted answers of one page. Valid answers are always kept; returns
    {question id: French error} for those refused (nothing half-written: one transaction)."""
    _require_open(actor, response)
    referential = engine.referential_for(response.campaign)
    errors: dict[str, str] = {}
    existing = {a.question_id: a for a in response.answers.all()}
    changed = 0
    with transaction.atomic():
        for question_id, item in posted.items():
            if not referential.has_question(question_id):
                continue
            current = existing.get(question_id)
            value = (item.value if item.value is not None
                     else (current.value if current else "")).strip()
            if value:
                try:
                    referential.question(question_id).parse(value)
                except ValueError as exc:
                    errors[question_id] = str(exc)
                    continue
            changed += _upsert(actor, response, current, question_id,
                               value, item.comment.strip()[:4000])
        _refresh_progress(response, referential)
        if changed:
            record(actor=actor, action="questionnaires.answers_saved",
                   collectivite=response.collectivite, obj=response,
                   details={"questions": changed})
    return errors


def _upsert(actor, response, answer: Answer | None, question_id: str, value: str,
            comment: str) -> int:
    if answer is None:
        if not value and not comment:
            return 0
        answer = Answer(response=response, collectivite_id=response.collectivite_id,
                        question_id=question_id)
    elif answer.value == value and answer.comment == comment:
        return 0
    answer.value, answer.comment, answer.updated_by = value, comment, actor
    answer.full_clean(validate_constraints=False)
    answer.save()
    return 1


def _refresh_progress(response: Response, referential) -> None:
    stored = engine.parse_stored(referential, response.answers.values_list("question_id", "value"))
    response.answered_count, response.question_count = engine.progress(referential, stored)
    response.save(update_fields=["answered_count", "question_count", "updated_at"])


def _sniff(head: bytes, upload, extension: str) -> bool:
    """The content matches the extension (PDF, PNG and JPEG signatures; ODT and DOCX are zip
    files with their own marker inside)."""
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension == ".odt":
                return archive.read("mimetype").strip() == EVIDENCE_TYPES[".odt"].encode()
            return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    finally:
        upload.seek(0)


def validate_evidence(upload) -> str:
    """The MIME type of an acceptable upload; ValidationError in French otherwise."""
    name = getattr(upload, "name", "") or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(_("Formats acceptés : PDF, ODT, DOCX, PNG ou JPEG."))
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Le fichier dépasse %(mb)d Mo.")
                              % {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024)})
    if not upload.size:
        raise ValidationError(_("Le fichier est vide."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _sniff(head, upload, extension):
        raise ValidationError(_("Le contenu du fichier ne correspond pas à son extension."))
    return EVIDENCE_TYPES[extension]


def evidence_add(*, actor, response: Response, question_id: str, upload) -> Evidence:
    """Attach a document to the answer of one question (the answer is created if needed)."""
    _require_open(actor, response)
    referential = engine.referential_for(response.campaign)
    if not referential.has_question(question_id):
        raise ValidationError(_("Question inconnue."))
    content_type = validate_evidence(upload)
    with transaction.atomic():
        answer, _created = Answer.objects.get_or_create(
            response=response, question_id=question_id,
            defaults={"collectivite_id": response.collectivite_id, "updated_by": actor},
        )
        evidence = Evidence(answer=answer, collectivite_id=response.collectivite_id,
                            original_name=upload.name[-200:], content_type=content_type,
                            size=upload.size, uploaded_by=actor)
        evidence.file.save(upload.name, upload, save=False)
        evidence.full_clean()
        evidence.save()
        record(actor=actor, action="questionnaires.evidence_added",
               collectivite=response.collectivite, obj=evidence,
               details={"question": question_id, "octets": upload.size})
    return evidence


# --- Submission and validation ----------------------------------------------------------------


def response_submit(*, actor, response: Response, partial: bool = False) -> Response:
    """Submit: complete, or explicitly marked partial. After the deadline it is accepted and
    flagged late. The référents and DPO are told it awaits validation."""
    _require_open(actor, response)
    referential = engine.referential_for(response.campaign)
    _refresh_progress(response, referential)
    complete = response.answered_count >= response.question_count
    if not complete and not partial:
        raise ValidationError(_(
            "Il reste %(n)d question(s) sans réponse : répondez-y (« Je ne sais pas » est "
            "possible) ou soumettez explicitement une réponse partielle."
        ) % {"n": response.question_count - response.answered_count})
    now = timezone.now()
    response.status = Response.Status.SUBMITTED
    response.is_partial = not complete
    response.is_late = timezone.localdate(now) > response.campaign.deadline
    response.submitted_at, response.submitted_by = now, actor
    with transaction.atomic():
        response.full_clean()
        response.save()
        record(actor=actor, action="questionnaires.response_submitted",
               collectivite=response.collectivite, obj=response,
               details={"partielle": response.is_partial, "en retard": response.is_late})
        recipients = _emails(response.collectivite_id, VALIDATOR_ROLES)
        if recipients:
            enqueue_email(
                subject=_("Autodiagnostic à valider : %(title)s") % {"title": response.campaign},
                body=_("L'autodiagnostic « %(title)s » a été soumis et attend votre validation."
                       "\n\n%(url)s\n")
                % {"title": response.campaign,
                   "url": _site_url(f"/autodiagnostic/reponses/{response.pk}/")},
                to=recipients,
            )
    return response


def response_validate(*, actor, response: Response) -> Response:
    """Validate a submitted response and draw its action plan from the gaps."""
    rights.require(actor, "validate", response.collectivite_id)
    if response.status != Response.Status.SUBMITTED:
        raise ValidationError(_("Seule une réponse soumise peut être validée."))
    response.status = Response.Status.VALIDATED
    response.validated_at, response.validated_by = timezone.now(), actor
    with transaction.atomic():
        response.full_clean()
        response.save()
        created = _plan_from_gaps(response)
        record(actor=actor, action="questionnaires.response_validated",
               collectivite=response.collectivite, obj=response, details={"actions": created})
    return response


def _plan_from_gaps(response: Response) -> int:
    referential = engine.referential_for(response.campaign)
    answers = engine.parse_stored(referential, response.answers.values_list("question_id", "value"))
    themes = {t.id: t.title for t in referential.themes}
    done = set(response.actions.values_list("question_id", flat=True))
    new = []
    for gap in engine.gaps(referential, answers):
        if gap.question.id in done:
            continue
        new.append(Action(
            response=response, collectivite_id=response.collectivite_id,
            question_id=gap.question.id, title=gap.title[:300],
            theme=themes.get(gap.question.theme, "")[:120], impact=gap.impact,
            effort=gap.effort, rank=gap.priority, sheets=list(gap.sheets),
        ))
    Action.objects.bulk_create(new)
    return len(new)


def response_return(*, actor, response: Response, comment: str) -> Response:
    """Send a submitted response back to the answerers with a comment."""
    rights.require(actor, "validate", response.collectivite_id)
    if response.status != Response.Status.SUBMITTED:
        raise ValidationError(_("Seule une réponse soumise peut être renvoyée."))
    if not comment.strip():
        raise ValidationError({"comment": _("Expliquez ce qui manque.")})
    response.status = Response.Status.RETURNED
    response.return_comment = comment.strip()
    with transaction.atomic():
        response.full_clean()
        response.save()
        record(actor=actor, action="questionnaires.response_returned",
               collectivite=response.collectivite, obj=response)
        recipients = _emails(response.collectivite_id, ANSWERER_ROLES)
        if recipients:
            enqueue_email(
                subject=_("Autodiagnostic renvoyé : %(title)s") % {"title": response.campaign},
                body=_("Votre autodiagnostic a été renvoyé pour compléments :\n\n%(comment)s\n")
                % {"comment": response.return_comment},
                to=recipients,
            )
    return response


# --- Action plan ------------------------------------------------------------------------------


def action_update(
    *, actor, action: Action, owner, due_date: datetime.date | None, status: str,
    abandon_reason: str = "",
) -> Action:
    rights.require(actor, "plan", action.collectivite_id)
    if owner is not None and not Membership.objects.filter(
        user=owner, collectivite_id=action.collectivite_id
    ).exists():
        raise ValidationError(
            {"owner": _("Le responsable doit être une personne de la collectivité.")}
        )
    action.owner, action.due_date, action.status = owner, due_date, status
    action.abandon_reason = abandon_reason.strip() if status == Action.Status.ABANDONED else ""
    with transaction.atomic():
        action.full_clean()
        action.save()
        record(actor=actor, action="questionnaires.action_updated",
               collectivite=action.collectivite, obj=action,
               details={"état": status, "échéance": str(due_date or "")})
    return action


# --- Reminders --------------------------------------------------------------------------------


def reminder_stage(deadline: datetime.date, today: datetime.date) -> str | None:
    """The reminder due today, if any: a week before, the day before, or once overdue."""
    days = (deadline - today).days
    if days < 0:
        return Reminder.Stage.OVERDUE
    if days <= 1:
        return Reminder.Stage.DAY if days == 1 else None
    if days <= 7:
        return Reminder.Stage.WEEK
    return None


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the answerers of every open response whose deadline is near or past, once per
    response and stage (the unique constraint holds even when two runs overlap)."""
    today = today or timezone.localdate()
    pending = (
        Response.objects.filter(status__in=(Response.Status.DRAFT, Response.Status.RETURNED),
                                campaign__opens_on__lte=today)
        .select_related("campaign", "collectivite")
        .order_by("pk")
    )
    sent = 0
    for response in pending.iterator():
        stage = reminder_stage(response.campaign.deadline, today)
        if stage is None:
            continue
        with transaction.atomic():
            _reminder, created = Reminder.objects.get_or_create(response=response, stage=stage)
            if not created:
                continue
            sent += _remind(response, stage)
    return sent


def _remind(response: Response, stage: str) -> int:
    recipients = _emails(response.collectivite_id, ANSWERER_ROLES)
    if not recipients:
        return 0
    label = Reminder.Stage(stage).label
    enqueue_email(
        subject=_("Relance — autodiagnostic : %(title)s") % {"title": response.campaign},
        body=_("Bonjour,\n\nRappel (%(stage)s) : l'autodiagnostic « %(title)s » est attendu "
               "pour le %(deadline)s ; il est rempli à %(percent)d %%. Une réponse en retard "
               "reste acceptée.\n\n%(url)s\n")
        % {"stage": label, "title": response.campaign, "percent": response.percent,
           "deadline": response.campaign.deadline.strftime("%d/%m/%Y"),
           "url": _site_url(f"/autodiagnostic/reponses/{response.pk}/")},
        to=recipients,
    )
    record(actor=None, action="questionnaires.reminder_sent", collectivite=response.collectivite,
           obj=response, details={"étape": stage})
    return 1
