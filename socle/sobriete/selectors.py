"""Reads of the fleet: filtered lists, footprint totals (per type, service, collectivité,
territory), the renewal plan and the savings of a longer life. Totals are sums of the columns
stored on devices, so a 20,000-device territory is a few aggregate queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, FloatField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from . import lifetime
from .models import Device, DeviceKind, FleetSettings

EXTENSIONS = (1, 2, 3)
FILTERS = ("kind", "status", "site", "service", "q")


def devices_for(*, user, collectivite, filters: dict | None = None,
                archived: bool = False) -> QuerySet[Device]:
    devices = Device.objects.visible_to(user).filter(collectivite=collectivite)
    devices = devices.exclude(archived_at=None) if archived else devices.current()
    filters = filters or {}
    for name in ("kind", "status", "site", "service"):
        if filters.get(name):
            devices = devices.filter(**{name: filters[name]})
    if filters.get("q"):
        q = filters["q"]
        devices = devices.filter(Q(brand__icontains=q) | Q(model__icontains=q)
                                 | Q(serial_number__icontains=q))
    return devices.order_by("kind", "brand", "model", "pk")


def _annual_expr():
    """Manufacturing spread over the reference life plus one year of use (kgCO2e/year)."""
    life = NullIf(F("lifetime_years"), Value(0.0))
    return (Coalesce(F("manufacture_kgco2e"), Value(0.0)) / life
            + Coalesce(F("use_kgco2e_year"), Value(0.0)))


def _sums(devices: QuerySet) -> dict:
    annual = _annual_expr()
    return devices.aggregate(
        count=Count("pk"),
        assessed=Count("pk", filter=~Q(footprint_source="none")),
        manufacture=Coalesce(Sum("manufacture_kgco2e"), Value(0.0)),
        manufacture_min=Coalesce(Sum("manufacture_min_kgco2e"), Value(0.0)),
        manufacture_max=Coalesce(Sum("manufacture_max_kgco2e"), Value(0.0)),
        use=Coalesce(Sum("use_kgco2e_year"), Value(0.0)),
        use_min=Coalesce(Sum("use_min_kgco2e_year"), Value(0.0)),
        use_max=Coalesce(Sum("use_max_kgco2e_year"), Value(0.0)),
        energy=Coalesce(Sum("use_mj_year"), Value(0.0)),
        manufacture_mj=Coalesce(Sum("manufacture_mj"), Value(0.0)),
        adp=Coalesce(Sum("manufacture_kgsbeq"), Value(0.0)),
        annual=Coalesce(Sum(annual, output_field=FloatField()), Value(0.0)),
        manufacturer=Count("pk", filter=Q(footprint_source="manufacturer")),
    )


def _grouped(devices: QuerySet, key: str) -> list[dict]:
    annual = _annual_expr()
    rows = (devices.values(key).annotate(
        count=Count("pk"), manufacture=Coalesce(Sum("manufacture_kgco2e"), Value(0.0)),
        use=Coalesce(Sum("use_kgco2e_year"), Value(0.0)),
        annual=Coalesce(Sum(annual, output_field=FloatField()), Value(0.0)),
    ).order_by("-annual", key))
    labels = dict(DeviceKind.choices)
    return [{**row, "label": labels.get(row[key], row[key]) if key == "kind"
             else (row[key] or "(non renseigné)")} for row in rows]


@dataclass
class FleetSummary:
    totals: dict
    by_kind: list[dict]
    by_service: list[dict]
    agents: int | None
    per_agent: float | None


def fleet_summary(*, collectivite) -> FleetSummary:
    devices = Device.objects.current().filter(collectivite=collectivite)
    totals = _sums(devices)
    fleet = FleetSettings.objects.filter(collectivite=collectivite).first()
    agents = fleet.agents_count if fleet else None
    return FleetSummary(
        totals=totals, by_kind=_grouped(devices, "kind"), by_service=_grouped(devices, "service"),
        agents=agents, per_agent=totals["annual"] / agents if agents else None,
    )


def territory_totals(*, user) -> dict:
    devices = Device.objects.visible_to(user).current()
    by_collectivite = list(
        devices.values("collectivite", "collectivite__name").annotate(
            count=Count("pk"), annual=Coalesce(Sum(_annual_expr(), output_field=FloatField()),
                                               Value(0.0)),
        ).order_by("-annual", "collectivite__name")
    )
    return {"totals": _sums(devices), "by_kind": _grouped(devices, "kind"),
            "by_collectivite": by_collectivite}


def extension_savings(*, collectivite) -> list[dict]:
    """For +1, +2, +3 years: yearly kgCO2e and euros saved over the in-use fleet."""
    devices = list(Device.objects.current().filter(collectivite=collectivite)
                   .exclude(status="retired")
                   .values_list("manufacture_kgco2e", "lifetime_years", "price"))
    rows = []
    for extra in EXTENSIONS:
        kg = sum(lifetime.yearly_saving(m, life, extra) for m, life, _p in devices)
        eur = sum(lifetime.yearly_saving(float(p or 0), life, extra) for _m, life, p in devices)
        rows.append({"years": extra, "kgco2e": kg, "eur": eur})
    return rows


def renewal_plan(*, collectivite, today: dt.date | None = None) -> list:
    today = today or dt.date.today()
    devices = Device.objects.current().filter(collectivite=collectivite).exclude(status="retired")
    plan = [lifetime.renewal_due(d, today) for d in devices.order_by("purchase_date", "pk")]
    return [r for r in plan if r is not None]


def fleet_settings(*, collectivite) -> FleetSettings:
    return (FleetSettings.objects.filter(collectivite=collectivite).first()
            or FleetSettings(collectivite=collectivite))
