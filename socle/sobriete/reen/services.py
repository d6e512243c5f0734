"""Writes of the REEN strategy: the strategy, objectives, work programme, yearly snapshots and
the RGESN self-assessment. Each checks rights, validates and journals in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from socle.journal.services import record, register_actions

from ..reemploi import rights
from . import rgesn, themes
from .models import IndicatorSnapshot, Objective, OnlineService, RgesnAnswer, Strategy, WorkAction

register_actions(
    {
        "reen.strategy_saved": _("Stratégie numérique responsable enregistrée"),
        "reen.objective_saved": _("Objectif de la stratégie REEN enregistré"),
        "reen.objective_deleted": _("Objectif de la stratégie REEN supprimé"),
        "reen.action_saved": _("Action du programme de travail enregistrée"),
        "reen.action_deleted": _("Action du programme de travail supprimée"),
        "reen.snapshot_taken": _("Bilan annuel des indicateurs REEN enregistré"),
        "reen.service_created": _("Service en ligne ajouté à l'autodiagnostic RGESN"),
        "reen.rgesn_assessed": _("Autodiagnostic RGESN mis à jour"),
        "reen.document_generated": _("Document de stratégie REEN généré"),
    }
)

STRATEGY_FIELDS = ("title", "start_year", "end_year", "ambition", "status", "adopted_on")


def strategy_save(*, actor, collectivite, data: dict[str, Any]) -> Strategy:
    """Create or update the collectivité's strategy; ``data`` holds STRATEGY_FIELDS and
    ``orientations`` ({theme code: text})."""
    rights.require(actor, "reen.edit", collectivite)
    with transaction.atomic():
        strategy = Strategy.objects.filter(collectivite=collectivite).first() or Strategy(
            collectivite=collectivite)
        for name in STRATEGY_FIELDS:
            setattr(strategy, name, data.get(name, getattr(strategy, name)))
        orientations = data.get("orientations") or {}
        strategy.orientations = {
            str(t.code): str(orientations.get(str(t.code), "")).strip() for t in themes.THEMES
        }
        strategy.full_clean()
        strategy.save()
        record(actor=actor, action="reen.strategy_saved", collectivite=collectivite,
               obj=strategy, details={"statut": strategy.get_status_display()})
    return strategy


def _save_owned(*, actor, instance, action: str):
    rights.require(actor, "reen.edit", instance.collectivite)
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        record(actor=actor, action=action, collectivite=instance.collectivite, obj=instance,
               details={"thème": instance.theme})
    return instance


def objective_save(*, actor, objective: Objective) -> Objective:
    return _save_owned(actor=actor, instance=objective, action="reen.objective_saved")


def action_save(*, actor, action: WorkAction) -> WorkAction:
    return _save_owned(actor=actor, instance=action, action="reen.action_saved")


def item_delete(*, actor, item: Objective | WorkAction) -> None:
    rights.require(actor, "reen.edit", item.collectivite)
    name = "reen.objective_deleted" if isinstance(item, Objective) else "reen.action_deleted"
    with transaction.atomic():
        record(actor=actor, action=name, collectivite=item.collectivite, obj=item,
               details={"intitulé": item.title})
        item.delete()


def snapshot_take(*, actor, collectivite, year: int, computed: dict[str, Any],
                  entered: dict[str, Decimal | None]) -> IndicatorSnapshot:
    """Freeze one year's indicators: ``computed`` from Socle's data, ``entered`` by the member
    (only manual indicators are kept from it)."""
    rights.require(actor, "reen.edit", collectivite)
    values = {k: v for k, v in computed.items() if k in themes.INDICATOR_BY_KEY}
    for indicator in themes.MANUAL_INDICATORS:
        value = entered.get(indicator.key)
        if value is not None:
            values[indicator.key] = float(value)
    with transaction.atomic():
        snapshot, _created = IndicatorSnapshot.objects.get_or_create(
            collectivite=collectivite, year=year, defaults={"values": {}})
        snapshot.values = values
        snapshot.taken_by = actor
        snapshot.full_clean()
        snapshot.save()
        record(actor=actor, action="reen.snapshot_taken", collectivite=collectivite,
               obj=snapshot, details={"année": year, "indicateurs": len(values)})
    return snapshot


def online_service_create(*, actor, collectivite, name: str, url: str = "") -> OnlineService:
    rights.require(actor, "reen.edit", collectivite)
    service = OnlineService(collectivite=collectivite, name=name.strip(), url=url.strip())
    if OnlineService.objects.filter(collectivite=collectivite, name__iexact=service.name).exists():
        raise ValidationError({"name": _("Un service en ligne porte déjà ce nom.")})
    with transaction.atomic():
        service.full_clean()
        service.save()
        record(actor=actor, action="reen.service_created", collectivite=collectivite,
               obj=service)
    return service


def rgesn_assess(*, actor, service: OnlineService,
                 answers: dict[str, tuple[str, str]]) -> rgesn.Score:
    """Save {criterion: (status, note)}; an empty status clears the answer. Returns the score."""
    rights.require(actor, "reen.edit", service.collectivite)
    known = rgesn.criterion_numbers()
    valid = {c for c, _label in RgesnAnswer.Status.choices}
    with transaction.atomic():
        for number, (status, note) in answers.items():
            if number not in known or (status and status not in valid):
                raise ValidationError(_("Réponse RGESN invalide pour le critère %(c)s.")
                                      % {"c": number})
            if not status:
                RgesnAnswer.objects.filter(service=service, criterion=number).delete()
                continue
            RgesnAnswer.objects.update_or_create(
                service=service, criterion=number,
                defaults={"status": status, "note": note[:500]})
        statuses = dict(service.answers.values_list("criterion", "status"))
        result = rgesn.score(statuses)
        record(actor=actor, action="reen.rgesn_assessed", collectivite=service.collectivite,
               obj=service, details={"critères modifiés": len(answers),
                                     "score": result.percent})
    return result
