"""Small display helpers for the accounts templates."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


@register.filter
def retry_at(cooloff: timedelta | None) -> datetime | None:
    """When a sign-in lockout ends: each failure during a lockout restarts it, so it ends one
    cool-off period after now."""
    if not cooloff:
        return None
    return timezone.localtime(timezone.now() + cooloff)


@register.filter
def minutes(delta: timedelta | None) -> int:
    return max(1, round(delta.total_seconds() / 60)) if delta else 0


@register.filter
def grouped(code: str) -> str:
    """A recovery code in two halves, easier to copy by hand: ``abcd efgh``."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


@register.filter
def invitation_status(invitation) -> str:
    return selectors.invitation_status(invitation)


@register.filter
def invitation_status_label(invitation) -> str:
    key = selectors.invitation_status(invitation)
    labels = {
        "en-attente": "En attente",
        "acceptees": "Acceptée",
        "expirees": "Expirée",
        "revoquees": "Révoquée",
    }
    return labels[key]
