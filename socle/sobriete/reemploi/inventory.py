"""The reuse pool's bridge to part A's inventory: a device handed over leaves the giver's fleet
(``device_archive``: status "réformé", archived, journaled) and enters the receiving member's
fleet with its footprint.

The receiving side is written here directly: part A's ``device_save`` requires write rights on
the receiver, which the giver's agent does not hold. The row is created inside the handover's
transaction and journaled in the receiver's journal (``reemploi.received``); its footprint is the
giver's device's, or part A's ``apply_footprint`` for a device entered by hand."""

from __future__ import annotations

import datetime as dt

from ..models import Device, DeviceKind, DeviceStatus
from .models import Offer, Transfer

FOOTPRINT_FIELDS = (
    "manufacture_kgco2e", "manufacture_min_kgco2e", "manufacture_max_kgco2e", "manufacture_mj",
    "manufacture_kgsbeq", "use_kgco2e_year", "use_min_kgco2e_year", "use_max_kgco2e_year",
    "use_mj_year", "use_kgsbeq_year", "lifetime_years", "footprint_source", "footprint_detail",
    "footprint_quality",
)


def kind_choices() -> list[tuple[str, str]]:
    return list(DeviceKind.choices)


def kind_label(kind: str) -> str:
    return str(DeviceKind(kind).label) if kind in DeviceKind.values else kind


def offerable_devices(*, collectivite):
    """Devices of the member's current inventory that are not already in the pool."""
    offered = Offer.objects.exclude(status=Offer.Status.WITHDRAWN).filter(
        device__isnull=False).values("device_id")
    return (Device.objects.filter(collectivite=collectivite, archived_at__isnull=True)
            .exclude(pk__in=offered).order_by("kind", "brand", "model", "pk"))


def retire(*, actor, offer: Offer) -> None:
    """The given device leaves the giver's fleet (archived, never deleted)."""
    if offer.device is None or offer.device.archived_at is not None:
        return
    from ..services import device_archive

    device_archive(actor=actor, device=offer.device)


def _with_footprint(device: Device, offer: Offer) -> None:
    if offer.device is not None and offer.device.manufacture_kgco2e is not None:
        for name in FOOTPRINT_FIELDS:
            setattr(device, name, getattr(offer.device, name))
        return
    from ..services import apply_footprint

    apply_footprint(device)


def receive(*, offer: Offer, transfer: Transfer) -> Device:
    """The device as it enters the receiver's inventory (in stock, marked as reused)."""
    purchase = None
    if offer.device is not None and offer.device.purchase_date:
        purchase = offer.device.purchase_date
    elif offer.purchase_year:
        purchase = dt.date(offer.purchase_year, 1, 1)
    serial = offer.serial_number
    if serial and Device.objects.filter(collectivite=transfer.recipient,
                                        serial_number=serial).exists():
        serial = ""  # already known there (a device coming back): keep the row, not the clash
    device = Device(
        collectivite=transfer.recipient, kind=offer.device_type, brand=offer.brand,
        model=offer.model, serial_number=serial, purchase_date=purchase,
        status=DeviceStatus.STOCK, reconditioned=True,
        support_end=offer.device.support_end if offer.device is not None else None,
    )
    _with_footprint(device, offer)
    device.full_clean()
    device.save()
    return device
