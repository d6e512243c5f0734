"""Writes on the fleet: imports (all or nothing), edits, bulk edits, archiving, the fleet
settings. Every write checks rights, validates with ``full_clean`` and writes the journal in
the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.journal.services import record, register_actions

from . import permissions as rights
from .footprint import device_footprint
from .importers.rows import clean_row
from .models import Device, DeviceImport, DeviceStatus, FleetSettings

register_actions({
    "sobriete.imported": gettext_lazy("Import d'inventaire du parc informatique"),
    "sobriete.device_created": gettext_lazy("Ajout d'un équipement au parc"),
    "sobriete.device_updated": gettext_lazy("Modification d'un équipement du parc"),
    "sobriete.device_archived": gettext_lazy("Archivage d'un équipement du parc"),
    "sobriete.bulk_updated": gettext_lazy("Modification groupée d'équipements du parc"),
    "sobriete.settings_updated": gettext_lazy("Paramètres du parc modifiés"),
})

EDITABLE = ("kind", "brand", "model", "serial_number", "purchase_date", "price", "site",
            "service", "user_role", "status", "support_end", "reconditioned")


def apply_footprint(device: Device) -> None:
    footprint = device_footprint(device.kind, device.brand, device.model)
    for name, value in footprint.as_fields().items():
        setattr(device, name, value)


@dataclass
class ImportOutcome:
    created: int = 0
    updated: int = 0
    rejected: list[dict] = field(default_factory=list)


def _validated(collectivite, raw_rows, source) -> tuple[list[tuple[int, Device, bool]], list]:
    """(row, device, is_new) for valid rows, and the rejected rows with their reasons."""
    existing = {d.serial_number: d for d in Device.objects.filter(collectivite=collectivite)
                .exclude(serial_number="")}
    seen: dict[str, int] = {}
    valid, rejected = [], []
    for number, raw in raw_rows:
        fields, errors = clean_row(raw)
        serial = fields.get("serial_number", "")
        if serial and serial in seen:
            errors.append(_("numéro de série déjà présent ligne %(row)s") % {"row": seen[serial]})
        if errors:
            rejected.append({"row": number, "reason": " ; ".join(errors)})
            continue
        if serial:
            seen[serial] = number
        device = existing.get(serial) if serial else None
        is_new = device is None
        device = device or Device(collectivite=collectivite, source=source)
        for name, value in fields.items():
            setattr(device, name, value)
        if not is_new:
            device.archived_at = None
        valid.append((number, device, is_new))
    return valid, rejected


def devices_import(*, actor, collectivite, raw_rows: list, source: str,
                   filename: str = "", request=None) -> DeviceImport:
    """Create or update (same serial number) every valid row, in one transaction; rows with an
    error are listed in the report, never half-written."""
    rights.require(actor, "write", collectivite)
    valid, rejected = _validated(collectivite, raw_rows, source)
    outcome = ImportOutcome(rejected=rejected)
    with transaction.atomic():
        for number, device, is_new in valid:
            apply_footprint(device)
            try:
                device.full_clean(validate_constraints=False)
            except ValidationError as exc:
                outcome.rejected.append({"row": number, "reason": " ; ".join(exc.messages)})
                continue
            device.save()
            outcome.created += is_new
            outcome.updated += not is_new
        outcome.rejected.sort(key=lambda r: r["row"])
        report = DeviceImport(collectivite=collectivite, actor=actor, source=source,
                              filename=filename[:255], created=outcome.created,
                              updated=outcome.updated, rejected=outcome.rejected)
        report.full_clean()
        report.save()
        record(actor=actor, action="sobriete.imported", collectivite=collectivite, obj=report,
               request=request, details={"créés": outcome.created, "mis à jour": outcome.updated,
                                         "rejetés": len(outcome.rejected), "fichier": filename})
    return report


def device_save(*, actor, collectivite, data: dict, device: Device | None = None,
                request=None) -> Device:
    rights.require(actor, "write", collectivite)
    is_new = device is None
    device = device or Device(collectivite=collectivite)
    if device.collectivite_id != collectivite.pk:
        raise ValidationError(_("Cet équipement n'appartient pas à cette collectivité."))
    for name in EDITABLE:
        if name in data:
            setattr(device, name, data[name])
    apply_footprint(device)
    device.full_clean()
    with transaction.atomic():
        device.save()
        record(actor=actor, collectivite=collectivite, obj=device, request=request,
               action="sobriete.device_created" if is_new else "sobriete.device_updated")
    return device


def device_archive(*, actor, device: Device, request=None) -> Device:
    """Archive (never delete): the device leaves lists and totals, its history stays."""
    rights.require(actor, "write", device.collectivite)
    with transaction.atomic():
        device.archived_at = timezone.now()
        device.status = DeviceStatus.RETIRED
        device.save(update_fields=["archived_at", "status", "updated_at"])
        record(actor=actor, action="sobriete.device_archived", collectivite=device.collectivite,
               obj=device, request=request)
    return device


def devices_bulk_update(*, actor, collectivite, ids: list[int], status: str = "",
                        site: str | None = None, request=None) -> int:
    rights.require(actor, "write", collectivite)
    changes = {}
    if status:
        if status not in DeviceStatus.values:
            raise ValidationError(_("État inconnu."))
        changes["status"] = status
    if site is not None and site.strip():
        changes["site"] = site.strip()[:150]
    if not ids or not changes:
        raise ValidationError(_("Choisissez des équipements et une modification."))
    with transaction.atomic():
        devices = Device.objects.current().filter(collectivite=collectivite, pk__in=ids)
        count = devices.update(**changes, updated_at=timezone.now())
        record(actor=actor, action="sobriete.bulk_updated", collectivite=collectivite,
               request=request, details={"équipements": count, **changes})
    return count


def fleet_settings_update(*, actor, collectivite, agents_count: int | None,
                          reconditioned_first: bool, reconditioned_share: int,
                          request=None) -> FleetSettings:
    rights.require(actor, "write", collectivite)
    fleet, _created = FleetSettings.objects.get_or_create(collectivite=collectivite)
    fleet.agents_count = agents_count
    fleet.reconditioned_first = reconditioned_first
    fleet.reconditioned_share = reconditioned_share
    fleet.full_clean()
    with transaction.atomic():
        fleet.save()
        record(actor=actor, action="sobriete.settings_updated", collectivite=collectivite,
               obj=fleet, request=request,
               details={"agents": agents_count, "part reconditionnée": reconditioned_share})
    return fleet


def devices_recompute(*, collectivite=None) -> int:
    """Refresh stored footprints (after a change of method or data); no journal: no human
    decision changed."""
    devices = Device.objects.current()
    if collectivite is not None:
        devices = devices.filter(collectivite=collectivite)
    count = 0
    with transaction.atomic():
        for device in devices.iterator():
            apply_footprint(device)
            device.save()
            count += 1
    return count
