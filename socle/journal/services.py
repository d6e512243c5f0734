"""Writing to the audit journal. Every service that writes calls ``record`` in the same
transaction as its write, so the journal never says something happened that did not, nor misses
something that did."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

# action -> French label shown in the journal. Each app registers its own actions at import time
# with ``register_actions`` (see the apps' services modules).
ACTION_LABELS: dict[str, str] = {}


def register_actions(labels: dict[str, Any]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


register_actions(
    {
        "journal.exported": _("Export du journal d'audit"),
    }
)


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    actor,
    action: str,
    collectivite=None,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
    request=None,
) -> AuditEvent:
    """Append one event. ``actor`` may be None for the system (imports, scheduled tasks)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        actor=actor if authenticated else None,
        actor_label=(f"{actor} <{actor.email}>" if authenticated else "Système"),
        collectivite=collectivite,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details or {},
        ip_address=_client_ip(request),
    )
    event.save()
    return event
