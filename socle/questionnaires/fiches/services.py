"""Writes of the sheets and of the feedback from the field: loading the sheet files, proposing,
publishing and rejecting feedback. Every write is journaled in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.journal.services import record, register_actions
from socle.territoires.models import search_key

from . import rights
from .content import SHEET_ONLY_THEMES, SheetFileError, parse_sheet, render_markdown
from .models import FieldFeedback, GoodPracticeSheet

register_actions(
    {
        "fiches.loaded": gettext_lazy("Chargement des fiches de bonnes pratiques"),
        "retour.proposed": gettext_lazy("Proposition d'un retour d'expérience"),
        "retour.published": gettext_lazy("Publication d'un retour d'expérience"),
        "retour.rejected": gettext_lazy("Refus d'un retour d'expérience"),
    }
)


@dataclass
class SheetLoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def sheets_load(*, folder: Path, themes: set[str], actor=None) -> SheetLoadReport:
    """Create or update one row per sheet file; hide rows whose file is gone. Idempotent: a
    sheet whose file did not change is not written. SheetFileError if any file is invalid
    (nothing is written then)."""
    files = [parse_sheet(p) for p in sorted(folder.glob("*.md"))]
    for sheet in files:
        if sheet.theme not in themes and sheet.theme not in SHEET_ONLY_THEMES:
            raise SheetFileError(_("%(slug)s.md : thème inconnu « %(theme)s ».")
                                 % {"slug": sheet.slug, "theme": sheet.theme})
    report = SheetLoadReport()
    existing = {s.slug: s for s in GoodPracticeSheet.objects.all()}
    with transaction.atomic():
        for sheet in files:
            _save_sheet(sheet, existing.get(sheet.slug), report)
        gone = [s for slug, s in existing.items()
                if s.is_active and slug not in {f.slug for f in files}]
        for row in gone:
            row.is_active = False
            row.save(update_fields=["is_active", "updated_at"])
            report.retired.append(row.slug)
        if report.changed:
            record(actor=actor, action="fiches.loaded", details={
                "créées": report.created, "mises à jour": report.updated,
                "retirées": report.retired,
            })
    return report


def _save_sheet(sheet, row: GoodPracticeSheet | None, report: SheetLoadReport) -> None:
    if row is not None and row.content_hash == sheet.content_hash and row.is_active:
        report.unchanged.append(sheet.slug)
        return
    target = row or GoodPracticeSheet(slug=sheet.slug)
    target.title, target.theme, target.summary = sheet.title, sheet.theme, sheet.summary
    target.body_markdown = sheet.body_markdown
    target.body_html = render_markdown(sheet.body_markdown)
    target.search_text = search_key(f"{sheet.title} {sheet.summary} {sheet.body_markdown}")
    target.version, target.source_updated = sheet.version, sheet.updated
    target.content_hash, target.is_active = sheet.content_hash, True
    target.full_clean()
    target.save()
    (report.updated if row is not None else report.created).append(sheet.slug)


def feedback_propose(*, actor, collectivite, sheet: GoodPracticeSheet, title: str,
                     body: str, request=None) -> FieldFeedback:
    """A member (référent, agent or DPO of the collectivité) proposes a retour d'expérience;
    it waits for an operator's moderation."""
    if not rights.can_propose(actor, collectivite):
        raise PermissionDenied(_("Vous ne pouvez pas proposer de retour pour cette collectivité."))
    feedback = FieldFeedback(sheet=sheet, collectivite=collectivite, author=actor,
                             title=title.strip(), body=body.strip())
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
        record(actor=actor, action="retour.proposed", collectivite=collectivite, obj=feedback,
               details={"fiche": sheet.slug}, request=request)
    return feedback


def feedback_publish(*, actor, feedback: FieldFeedback, request=None) -> FieldFeedback:
    return _moderate(actor=actor, feedback=feedback, status=FieldFeedback.Status.PUBLISHED,
                     reason="", request=request)


def feedback_reject(*, actor, feedback: FieldFeedback, reason: str,
                    request=None) -> FieldFeedback:
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Indiquez le motif du refus.")})
    return _moderate(actor=actor, feedback=feedback, status=FieldFeedback.Status.REJECTED,
                     reason=reason.strip(), request=request)


def _moderate(*, actor, feedback: FieldFeedback, status: str, reason: str,
              request) -> FieldFeedback:
    if not rights.can_moderate(actor):
        raise PermissionDenied(_("Seuls les opérateurs de la structure modèrent les retours."))
    with transaction.atomic():
        feedback = FieldFeedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.status != FieldFeedback.Status.PENDING:
            raise ValidationError(_("Ce retour a déjà été modéré."))
        feedback.status, feedback.rejection_reason = status, reason
        feedback.moderated_by, feedback.moderated_at = actor, timezone.now()
        feedback.full_clean()
        feedback.save()
        published = status == FieldFeedback.Status.PUBLISHED
        action = "retour.published" if published else "retour.rejected"
        record(actor=actor, action=action, collectivite=feedback.collectivite, obj=feedback,
               details={"motif": reason} if reason else {}, request=request)
    return feedback
