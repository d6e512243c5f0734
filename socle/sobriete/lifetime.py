"""Lifetime decisions, from the footprint stored on devices: what keeping a device longer
saves, which devices are due for renewal, and what a purchase rule changes next year.

Keeping a device ``n`` years longer spreads its manufacturing impact over ``L + n`` years
instead of ``L``: the yearly saving is ``M/L - M/(L+n)`` (kgCO2e, and the same with the
purchase price in euros). Use-phase impact does not change (the same device keeps running).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A reconditioned device carries a small share of a new one's manufacturing impact (repair,
# parts, transport) and costs less. Orders of magnitude of ADEME's 2022 study of reconditioned
# products; documented in docs/sobriete.md as assumptions, not measurements.
RECONDITIONED_IMPACT_SHARE = 0.2
RECONDITIONED_PRICE_SHARE = 0.6
SUPPORT_WARNING_DAYS = 365


def yearly_saving(total: float | None, lifetime: float | None, extra_years: int) -> float:
    if not total or not lifetime or lifetime <= 0:
        return 0.0
    return total / lifetime - total / (lifetime + extra_years)


def age_years(purchase_date: dt.date | None, today: dt.date) -> float | None:
    if purchase_date is None:
        return None
    return (today - purchase_date).days / 365.25


@dataclass
class Renewal:
    device: object
    age: float | None
    reasons: list[str]
    due_year: int


def renewal_due(device, today: dt.date) -> Renewal | None:
    """Due in the coming year when its age reaches its reference life or its vendor support
    ends within a year."""
    reasons = []
    age = age_years(device.purchase_date, today)
    if age is not None and device.lifetime_years and age + 1 >= device.lifetime_years:
        reasons.append(f"âge {age:.1f} ans pour une durée de référence de "
                       f"{device.lifetime_years:g} ans")
    horizon = today + dt.timedelta(days=SUPPORT_WARNING_DAYS)
    if device.support_end and device.support_end <= horizon:
        verb = "terminé" if device.support_end <= today else "se termine"
        reasons.append(f"support constructeur {verb} le {device.support_end:%d/%m/%Y}")
    if not reasons:
        return None
    return Renewal(device=device, age=age, reasons=reasons, due_year=today.year + 1)


def purchase_rule_effect(*, renewals: list, share_percent: int) -> dict:
    """Next year's renewals bought new vs with ``share_percent`` % reconditioned."""
    made = sum(r.device.manufacture_kgco2e or 0 for r in renewals)
    price = sum(float(r.device.price or 0) for r in renewals)
    count = len(renewals)
    reconditioned = round(count * share_percent / 100)
    ratio = reconditioned / count if count else 0
    saved_kg = made * ratio * (1 - RECONDITIONED_IMPACT_SHARE)
    saved_eur = price * ratio * (1 - RECONDITIONED_PRICE_SHARE)
    return {"count": count, "reconditioned": reconditioned, "new_kgco2e": made,
            "rule_kgco2e": made - saved_kg, "saved_kgco2e": saved_kg,
            "new_eur": price, "saved_eur": saved_eur}
