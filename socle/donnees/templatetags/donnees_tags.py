"""Template helpers of the donnees app."""

from __future__ import annotations

import datetime

from django import template

from socle.donnees.models import DPIA_CRITERIA

register = template.Library()
DPIA_LABELS = dict(DPIA_CRITERIA)


@register.filter
def hours_minutes(delta: datetime.timedelta) -> str:
    """A duration as "41 h 05 min" (sign ignored)."""
    minutes = int(abs(delta.total_seconds()) // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


@register.filter
def dpia_labels(keys) -> list[str]:
    return [str(DPIA_LABELS.get(k, k)) for k in keys or []]


@register.filter
def field_value(processing, field: str):
    getter = getattr(processing, f"get_{field}_display", None)
    return getter() if getter else getattr(processing, field)
