"""Reads of the REEN strategy. ``strategy_figures`` is the one place the figures come from: the
overview page, the yearly snapshot and the generated document all call it, so the council reads
the numbers the screens show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from socle.journal.models import AuditEvent

from ..models import Device
from ..reemploi.selectors import reuse_figures
from . import rgesn, themes
from .models import IndicatorSnapshot, Objective, OnlineService, Strategy, WorkAction

AI_PREFIX = "assistant."


@dataclass(frozen=True)
class AiUsage:
    calls: int
    calls_with_energy: int
    energy_wh: float

    @property
    def empty(self) -> bool:
        return self.calls == 0


def ai_usage(*, collectivite) -> AiUsage:
    """Energy of model calls, read from the audit journal (actions ``assistant.*``, details key
    ``energie_wh``): the assistant module journals each call it makes."""
    events = AuditEvent.objects.filter(collectivite=collectivite, action__startswith=AI_PREFIX)
    calls, with_energy, total = 0, 0, 0.0
    for details in events.values_list("details", flat=True).iterator():
        calls += 1
        value = details.get("energie_wh") if isinstance(details, dict) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            with_energy += 1
            total += float(value)
    return AiUsage(calls=calls, calls_with_energy=with_energy, energy_wh=round(total, 2))


@dataclass(frozen=True)
class FleetFigures:
    devices: int
    average_age_years: float | None
    manufacture_kgco2e: int
    use_kgco2e_year: int
    by_kind: list[tuple[str, int]] = field(default_factory=list)


def fleet_figures(*, collectivite) -> FleetFigures:
    """Counts and footprint totals of the member's current inventory (part A's Device rows)."""
    devices = Device.objects.filter(collectivite=collectivite, archived_at__isnull=True)
    totals = devices.aggregate(n=Count("pk"), made=Sum("manufacture_kgco2e"),
                               use=Sum("use_kgco2e_year"))
    today = timezone.localdate()
    ages = [(today - d).days / 365.25 for d in devices.exclude(purchase_date__isnull=True)
            .values_list("purchase_date", flat=True)]
    by_kind = list(devices.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
                   .values_list("kind", "n"))
    return FleetFigures(
        devices=totals["n"],
        average_age_years=round(sum(ages) / len(ages), 1) if ages else None,
        manufacture_kgco2e=round(totals["made"] or 0),
        use_kgco2e_year=round(totals["use"] or 0),
        by_kind=by_kind,
    )


@dataclass(frozen=True)
class RgesnSummary:
    services: list[tuple[OnlineService, rgesn.Score]]
    average_percent: int | None


def rgesn_summary(*, collectivite) -> RgesnSummary:
    services = list(OnlineService.objects.filter(collectivite=collectivite)
                    .prefetch_related("answers"))
    rows = []
    for service in services:
        statuses = {a.criterion: a.status for a in service.answers.all()}
        rows.append((service, rgesn.score(statuses)))
    percents = [s.percent for _svc, s in rows if s.percent is not None]
    average = round(sum(percents) / len(percents)) if percents else None
    return RgesnSummary(services=rows, average_percent=average)


def computed_indicators(*, fleet: FleetFigures, reuse, rgesn_avg, ai: AiUsage) -> dict:
    return {
        "parc_appareils": fleet.devices,
        "parc_age_moyen": fleet.average_age_years,
        "empreinte_fabrication": fleet.manufacture_kgco2e,
        "dons_reemploi": reuse.given,
        "appareils_recus": reuse.received,
        "co2_evite": reuse.given_kgco2e_rounded,
        "rgesn_score": rgesn_avg,
        "ia_energie_wh": ai.energy_wh,
    }


def strategy_figures(*, collectivite) -> dict:
    """Everything the overview and the document show, computed once."""
    fleet = fleet_figures(collectivite=collectivite)
    reuse = reuse_figures(collectivite=collectivite)
    summary = rgesn_summary(collectivite=collectivite)
    ai = ai_usage(collectivite=collectivite)
    objectives = list(Objective.objects.filter(collectivite=collectivite))
    actions = list(WorkAction.objects.filter(collectivite=collectivite))
    strategy = Strategy.objects.filter(collectivite=collectivite).first()
    orientations = strategy.orientations if strategy else {}
    by_theme = [
        {"theme": t, "orientation": orientations.get(str(t.code), ""),
         "objectives": [o for o in objectives if o.theme == t.code],
         "actions": [a for a in actions if a.theme == t.code]}
        for t in themes.THEMES
    ]
    return {
        "strategy": strategy,
        "required": themes.strategy_required(collectivite),
        "fleet": fleet, "reuse": reuse, "rgesn": summary, "ai": ai,
        "by_theme": by_theme, "objectives": objectives, "actions": actions,
        "action_counts": _action_counts(actions),
        "computed": computed_indicators(fleet=fleet, reuse=reuse,
                                        rgesn_avg=summary.average_percent, ai=ai),
        "snapshots": list(IndicatorSnapshot.objects.filter(collectivite=collectivite)),
    }


def _action_counts(actions: list[WorkAction]) -> dict[str, int]:
    counts = {s: 0 for s, _label in WorkAction.Status.choices}
    for action in actions:
        counts[action.status] += 1
    return counts


def snapshot_table(snapshots: list[IndicatorSnapshot]) -> list[dict]:
    """One row per indicator with its value for each snapshot year (progress over years)."""
    rows = []
    for indicator in themes.INDICATORS:
        values = [s.values.get(indicator.key) for s in snapshots]
        if any(v is not None for v in values):
            rows.append({"indicator": indicator, "values": values})
    return rows


def overdue_objectives(objectives: list[Objective]) -> int:
    today = timezone.localdate()
    return sum(1 for o in objectives if o.target_date < today)


def territory_strategies() -> dict[str, int]:
    """For the operator: how many members have a strategy, and how many adopted it."""
    return Strategy.objects.aggregate(
        total=Count("pk"), adopted=Count("pk", filter=Q(status=Strategy.Status.ADOPTED)))
