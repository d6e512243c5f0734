"""Writes of the donnees app (part A): the template library, the register of processing,
breaches and data-subject requests. Each service checks the rights (``rules``), validates with
``full_clean()``, writes in one transaction and records the audit journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.journal.services import record, register_actions

from . import rules
from .models import (
    CONTENT_FIELDS,
    Breach,
    Processing,
    ProcessingTemplate,
    RegisterSettings,
    Risk,
    SubjectRequest,
)

register_actions({
    "donnees.templates_synced": gettext_lazy("Mise à jour de la bibliothèque de modèles"),
    "donnees.processing_created": gettext_lazy("Création d'un traitement au registre"),
    "donnees.processing_adopted": gettext_lazy("Adoption d'un modèle de traitement"),
    "donnees.processing_updated": gettext_lazy("Modification d'un traitement"),
    "donnees.template_followed": gettext_lazy("Nouvelle version d'un modèle suivie"),
    "donnees.template_declined": gettext_lazy("Nouvelle version d'un modèle non suivie"),
    "donnees.processing_archived": gettext_lazy("Archivage d'un traitement"),
    "donnees.register_published": gettext_lazy("Publication du registre des traitements"),
    "donnees.register_unpublished": gettext_lazy("Retrait du registre public"),
    "donnees.breach_created": gettext_lazy("Déclaration d'une violation de données"),
    "donnees.breach_updated": gettext_lazy("Mise à jour d'une violation de données"),
    "donnees.breach_closed": gettext_lazy("Clôture d'une violation de données"),
    "donnees.breach_archived": gettext_lazy("Archivage d'une violation de données"),
    "donnees.request_created": gettext_lazy("Enregistrement d'une demande de droits"),
    "donnees.request_updated": gettext_lazy("Mise à jour d'une demande de droits"),
    "donnees.request_extended": gettext_lazy("Prolongation du délai d'une demande"),
    "donnees.request_answered": gettext_lazy("Réponse à une demande de droits"),
    "donnees.request_archived": gettext_lazy("Archivage d'une demande de droits"),
    "donnees.reminder_sent": gettext_lazy("Relance d'échéance envoyée"),
})

LIBRARY_PATH = Path(settings.BASE_DIR) / "socle" / "data" / "donnees" / "modeles_traitements.json"


def _changes(obj, before: dict[str, Any], fields) -> dict[str, dict]:
    return {f: {"avant": str(before[f]), "après": str(getattr(obj, f))}
            for f in fields if before[f] != getattr(obj, f)}


# --- Template library --------------------------------------------------------------------------


def _check_library(data: dict) -> list[dict]:
    templates = data.get("templates")
    if data.get("format") != "socle-modeles-traitements" or not isinstance(templates, list):
        raise ValidationError(_("Ce fichier n'est pas une bibliothèque de modèles de traitement."))
    for entry in templates:
        unknown = set(entry.get("content", {})) - set(CONTENT_FIELDS)
        if unknown or not entry.get("slug") or not entry["content"].get("name"):
            raise ValidationError(_("Modèle « %(slug)s » invalide (champs : %(fields)s).")
                                  % {"slug": entry.get("slug", "?"), "fields": sorted(unknown)})
    return templates


def templates_sync(*, actor=None, path: Path | None = None) -> dict[str, int]:
    """Load the versioned library file: create new templates, update those whose version grew,
    withdraw (never delete) those no longer in the file. Idempotent."""
    if actor is not None and not permissions.is_operateur(actor):
        raise PermissionDenied(_("Seuls les opérateurs maintiennent la bibliothèque de modèles."))
    templates = _check_library(json.loads((path or LIBRARY_PATH).read_text(encoding="utf-8")))
    counts = {"created": 0, "updated": 0, "unchanged": 0, "withdrawn": 0}
    with transaction.atomic():
        existing = {t.slug: t for t in ProcessingTemplate.objects.select_for_update()}
        for entry in templates:
            current = existing.pop(entry["slug"], None)
            if current is None:
                ProcessingTemplate.objects.create(
                    slug=entry["slug"], version=entry["version"], content=entry["content"],
                    changelog=entry.get("changelog", ""))
                counts["created"] += 1
            elif entry["version"] > current.version or not current.is_active:
                current.version = max(entry["version"], current.version)
                current.content, current.changelog = entry["content"], entry.get("changelog", "")
                current.is_active = True
                current.save()
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        withdrawn = [t.pk for t in existing.values() if t.is_active]
        counts["withdrawn"] = ProcessingTemplate.objects.filter(pk__in=withdrawn).update(
            is_active=False)
        if counts["created"] or counts["updated"] or counts["withdrawn"]:
            record(actor=actor, action="donnees.templates_synced", details=counts)
    return counts


# --- Register of processing --------------------------------------------------------------------


def _save_processing(processing: Processing) -> None:
    processing.completeness = processing.compute_completeness()
    processing.full_clean()
    processing.save()


def processing_create(*, actor, collectivite, data: dict[str, Any]) -> Processing:
    rules.require(actor, "donnees.edit", collectivite)
    processing = Processing(collectivite=collectivite, **data)
    with transaction.atomic():
        _save_processing(processing)
        record(actor=actor, action="donnees.processing_created", collectivite=collectivite,
               obj=processing)
    return processing


def processing_update(*, actor, processing: Processing, data: dict[str, Any]) -> bool:
    rules.require(actor, "donnees.edit", processing.collectivite)
    if processing.archived_at:
        raise ValidationError(_("Ce traitement est archivé : il ne peut plus être modifié."))
    before = {f: getattr(processing, f) for f in data}
    for field, value in data.items():
        setattr(processing, field, value)
    changed = _changes(processing, before, data)
    if not changed:
        return False
    with transaction.atomic():
        _save_processing(processing)
        record(actor=actor, action="donnees.processing_updated",
               collectivite=processing.collectivite, obj=processing, details=changed)
    return True


def processing_adopt(*, actor, template: ProcessingTemplate, collectivites) -> list[Processing]:
    """Copy the template into each collectivité's register (a DPO does several at once). The copy
    remembers the template's version and content, to show later what changed."""
    if not template.is_active:
        raise ValidationError(_("Ce modèle n'est plus proposé."))
    collectivites = list(collectivites)
    if not collectivites:
        raise ValidationError(_("Choisissez au moins une collectivité."))
    for collectivite in collectivites:
        rules.require(actor, "donnees.edit", collectivite)
    created = []
    with transaction.atomic():
        for collectivite in collectivites:
            processing = Processing(
                collectivite=collectivite, template=template, template_version=template.version,
                template_snapshot=dict(template.content), **template.content)
            _save_processing(processing)
            record(actor=actor, action="donnees.processing_adopted", collectivite=collectivite,
                   obj=processing, details={"modèle": template.slug, "version": template.version})
            created.append(processing)
    return created


def processing_follow_template(*, actor, processing: Processing) -> list[str]:
    """Apply the template's latest version: fields the template changed take the new value
    (the adopter's own adaptations of other fields stay). Returns the fields changed."""
    rules.require(actor, "donnees.edit", processing.collectivite)
    template = processing.template
    if template is None or template.version <= (processing.template_version or 0):
        raise ValidationError(_("Aucune nouvelle version du modèle à suivre."))
    snapshot = processing.template_snapshot or {}
    fields = [f for f in CONTENT_FIELDS if template.content.get(f) != snapshot.get(f)
              and f in template.content]
    before = {f: getattr(processing, f) for f in fields}
    for field in fields:
        setattr(processing, field, template.content[field])
    previous = processing.template_version
    processing.template_version = template.version
    processing.template_snapshot = dict(template.content)
    processing.declined_version = None
    with transaction.atomic():
        _save_processing(processing)
        record(actor=actor, action="donnees.template_followed",
               collectivite=processing.collectivite, obj=processing,
               details={"version": f"{previous} → {template.version}",
                        **_changes(processing, before, fields)})
    return fields


def processing_decline_template(*, actor, processing: Processing) -> None:
    """Keep the adopted version; the notice disappears until the template changes again."""
    rules.require(actor, "donnees.edit", processing.collectivite)
    if not processing.template_update_pending:
        raise ValidationError(_("Aucune nouvelle version du modèle à écarter."))
    processing.declined_version = processing.template.version
    with transaction.atomic():
        processing.save(update_fields=["declined_version", "updated_at"])
        record(actor=actor, action="donnees.template_declined",
               collectivite=processing.collectivite, obj=processing,
               details={"version écartée": processing.declined_version})


def register_set_public(*, actor, collectivite, is_public: bool) -> bool:
    rules.require(actor, "donnees.publish", collectivite)
    with transaction.atomic():
        settings_row, _created = RegisterSettings.objects.select_for_update().get_or_create(
            collectivite=collectivite)
        if settings_row.is_public == is_public:
            return False
        settings_row.is_public = is_public
        settings_row.save()
        action = "donnees.register_published" if is_public else "donnees.register_unpublished"
        record(actor=actor, action=action, collectivite=collectivite)
    return True


ARCHIVE_ACTIONS = {Processing: "donnees.processing_archived", Breach: "donnees.breach_archived",
                   SubjectRequest: "donnees.request_archived"}


def item_archive(*, actor, item: Processing | Breach | SubjectRequest, reason: str) -> None:
    """Archive (never delete) a processing, breach or request, with the reason why."""
    rules.require(actor, "donnees.archive", item.collectivite)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'archivage.")})
    if item.archived_at:
        raise ValidationError(_("Cette fiche est déjà archivée."))
    item.archived_at, item.archived_reason = timezone.now(), reason
    with transaction.atomic():
        item.save(update_fields=["archived_at", "archived_reason", "updated_at"])
        record(actor=actor, action=ARCHIVE_ACTIONS[type(item)], collectivite=item.collectivite,
               obj=item, details={"motif": reason})


# --- Breaches ----------------------------------------------------------------------------------

BREACH_FIELDS = ("title", "detected_at", "nature", "description", "person_categories",
                 "persons_count", "records_count", "consequences", "measures", "risk",
                 "cnil_notified_at", "cnil_reference", "delay_reason", "persons_informed_at",
                 "decision_note")


def _check_breach(breach: Breach) -> None:
    errors = {}
    if breach.detected_at and breach.detected_at > timezone.now():
        errors["detected_at"] = _("La détection ne peut pas être dans le futur.")
    if breach.notified_late and not breach.delay_reason.strip():
        errors["delay_reason"] = _(
            "La notification est intervenue après 72 heures : indiquez le motif du retard.")
    if breach.cnil_notified_at and breach.cnil_notified_at < breach.detected_at:
        errors["cnil_notified_at"] = _("La notification ne peut précéder la détection.")
    if errors:
        raise ValidationError(errors)
    breach.full_clean()


def breach_create(*, actor, collectivite, data: dict[str, Any]) -> Breach:
    rules.require(actor, "donnees.edit", collectivite)
    breach = Breach(collectivite=collectivite, created_by=actor, **data)
    _check_breach(breach)
    with transaction.atomic():
        breach.save()
        record(actor=actor, action="donnees.breach_created", collectivite=collectivite,
               obj=breach, details={"détectée le": breach.detected_at.isoformat()})
    return breach


def breach_update(*, actor, breach: Breach, data: dict[str, Any]) -> bool:
    rules.require(actor, "donnees.edit", breach.collectivite)
    if breach.closed_at or breach.archived_at:
        raise ValidationError(_("Cette violation est clôturée : elle ne peut plus être modifiée."))
    before = {f: getattr(breach, f) for f in data}
    for field, value in data.items():
        setattr(breach, field, value)
    changed = _changes(breach, before, data)
    if not changed:
        return False
    _check_breach(breach)
    with transaction.atomic():
        breach.save()
        record(actor=actor, action="donnees.breach_updated", collectivite=breach.collectivite,
               obj=breach, details=changed)
    return True


def breach_close(*, actor, breach: Breach) -> None:
    """Close once the risk is assessed and the decision about notifying is recorded: a breach
    with a risk not notified to the CNIL, or a high risk not told to the persons, needs the
    justification of that decision. The record stays in the register either way."""
    rules.require(actor, "donnees.edit", breach.collectivite)
    if breach.closed_at or breach.archived_at:
        raise ValidationError(_("Cette violation est déjà clôturée."))
    problems = []
    if not breach.risk:
        problems.append(_("évaluez le risque pour les personnes"))
    unjustified = not breach.decision_note.strip()
    if breach.risk in (Risk.RISK, Risk.HIGH) and not breach.cnil_notified_at and unjustified:
        problems.append(_("notifiez la CNIL ou justifiez la décision de ne pas la notifier"))
    if breach.risk == Risk.HIGH and not breach.persons_informed_at and unjustified:
        problems.append(_("informez les personnes ou justifiez la décision de ne pas le faire"))
    if problems:
        raise ValidationError(_("Avant de clôturer : %(todo)s.") % {"todo": " ; ".join(problems)})
    breach.closed_at = timezone.now()
    with transaction.atomic():
        breach.save(update_fields=["closed_at", "updated_at"])
        record(actor=actor, action="donnees.breach_closed", collectivite=breach.collectivite,
               obj=breach, details={"notifiée à la CNIL": bool(breach.cnil_notified_at),
                                    "délai respecté": not breach.notified_late})


# --- Data-subject requests ---------------------------------------------------------------------


def _open_request(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("Cette demande est clôturée : elle ne peut plus être modifiée."))


def request_create(*, actor, collectivite, data: dict[str, Any]) -> SubjectRequest:
    rules.require(actor, "donnees.edit", collectivite)
    request = SubjectRequest(collectivite=collectivite, **data)
    if request.received_on and request.received_on > timezone.localdate():
        raise ValidationError({"received_on": _("La date de réception est dans le futur.")})
    request.due_on = request.compute_due_on() if request.received_on else None
    request.full_clean()
    with transaction.atomic():
        request.save()
        record(actor=actor, action="donnees.request_created", collectivite=collectivite,
               obj=request, details={"échéance": request.due_on.isoformat()})
    return request


def request_update(*, actor, request: SubjectRequest, data: dict[str, Any]) -> bool:
    rules.require(actor, "donnees.edit", request.collectivite)
    _open_request(request)
    before = {f: getattr(request, f) for f in data}
    for field, value in data.items():
        setattr(request, field, value)
    changed = _changes(request, before, data)
    if not changed:
        return False
    request.due_on = request.compute_due_on()
    request.full_clean()
    with transaction.atomic():
        request.save()
        record(actor=actor, action="donnees.request_updated", collectivite=request.collectivite,
               obj=request, details=changed)
    return True


def request_extend(*, actor, request: SubjectRequest, reason: str) -> None:
    """Extend by two months (art. 12.3), with the reason the person must be told."""
    rules.require(actor, "donnees.edit", request.collectivite)
    _open_request(request)
    if request.extended:
        raise ValidationError(_("Le délai a déjà été prolongé : une seule prolongation possible."))
    if not reason.strip():
        raise ValidationError({"extension_reason": _("Indiquez le motif de la prolongation.")})
    request.extended, request.extension_reason = True, reason.strip()
    request.due_on = request.compute_due_on()
    with transaction.atomic():
        request.save()
        record(actor=actor, action="donnees.request_extended", collectivite=request.collectivite,
               obj=request, details={"échéance": request.due_on.isoformat(), "motif": reason})


def request_answer(*, actor, request: SubjectRequest, data: dict[str, Any]) -> None:
    """Record the answer and its trace, and close the request."""
    rules.require(actor, "donnees.edit", request.collectivite)
    _open_request(request)
    errors = {}
    if not request.identity_checked and request.kind != "opposition":
        errors["answer"] = _("Vérifiez d'abord l'identité du demandeur (modifiez la demande).")
    if data.get("answered_on") and data["answered_on"] < request.received_on:
        errors["answered_on"] = _("La réponse ne peut précéder la réception de la demande.")
    if errors:
        raise ValidationError(errors)
    for field, value in data.items():
        setattr(request, field, value)
    request.closed_at = timezone.now()
    request.full_clean()
    with transaction.atomic():
        request.save()
        record(actor=actor, action="donnees.request_answered", collectivite=request.collectivite,
               obj=request, details={"répondue le": request.answered_on.isoformat(),
                                     "dans le délai": request.answered_on <= request.due_on})
