"""Reading the audit journal: who may read which part of it, and the filters of its pages, its
CSV export and its API. Every read starts from ``AuditEvent.objects.visible_to(user)``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.module_loading import autodiscover_modules

from socle import permissions
from socle.territoires.models import Collectivite

from .models import AuditEvent
from .services import ACTION_LABELS


@dataclass(frozen=True)
class JournalFilter:
    """What a reader asked for. Empty values mean "no filter"."""

    collectivite: str = ""  # INSEE code, SIREN or part of the name
    action: str = ""
    actor: str = ""  # all or part of the author's e-mail address
    date_from: date | None = None
    date_to: date | None = None

    def as_dict(self) -> dict[str, str]:
        """The non-empty filters, JSON-ready (journaled with each export)."""
        values = {
            "collectivite": self.collectivite,
            "action": self.action,
            "auteur": self.actor,
            "du": self.date_from.isoformat() if self.date_from else "",
            "au": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


@functools.cache
def _load_action_labels() -> None:
    # Each app registers its labels when its services module is imported; import them all once
    # so the list of actions is complete even before any of them ran.
    autodiscover_modules("services")


def action_choices() -> list[tuple[str, str]]:
    """(action, French label) of every registered action, sorted by label."""
    _load_action_labels()
    return sorted(((key, str(label)) for key, label in ACTION_LABELS.items()),
                  key=lambda item: item[1].lower())


def journal_collectivite_ids(user, *, action: str = "journal.view") -> list[int] | None:
    """Ids of the collectivités whose journal ``user`` may ``action``; None means all of them
    (operators, who also read the events tied to no collectivité)."""
    if permissions.is_operateur(user):
        return None
    visible = Collectivite.objects.visible_to(user).values_list("pk", flat=True)
    return [pk for pk in visible if permissions.can(user, action, pk)]


def can_read_journal(user, *, action: str = "journal.view") -> bool:
    ids = journal_collectivite_ids(user, action=action)
    return ids is None or bool(ids)


def collectivite_matches(text: str) -> Q:
    """Collectivités matching a free text: exact INSEE code or SIREN, or part of the name."""
    text = text.strip()
    return Q(code_insee=text) | Q(siren=text) | Q(name__icontains=text)


def apply_filter(events: QuerySet[AuditEvent], filters: JournalFilter) -> QuerySet[AuditEvent]:
    if filters.collectivite.strip():
        matching = Collectivite.objects.filter(collectivite_matches(filters.collectivite))
        events = events.filter(collectivite__in=matching.values("pk"))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.actor.strip():
        # The label keeps "Name <e-mail>" even if the account is gone later.
        events = events.filter(actor_label__icontains=filters.actor.strip())
    if filters.date_from:
        events = events.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(created_at__date__lte=filters.date_to)
    return events


def audit_events(
    *,
    user,
    filters: JournalFilter | None = None,
    collectivite: Collectivite | None = None,
    action: str = "journal.view",
) -> QuerySet[AuditEvent]:
    """The events ``user`` may ``action`` (journal.view or journal.export), newest first."""
    events = AuditEvent.objects.visible_to(user)
    ids = journal_collectivite_ids(user, action=action)
    if ids is not None:
        events = events.filter(collectivite_id__in=ids)
    if collectivite is not None:
        events = events.filter(collectivite=collectivite)
    if filters is not None:
        events = apply_filter(events, filters)
    return events.select_related("collectivite").order_by("-created_at", "-id")


def hide_ips(user, events) -> list[AuditEvent]:
    """The events with ``shown_ip`` set: the IP address where the user may see it, else None.
    IP addresses are personal data: operators and DPOs only (``permissions.can_see_ip``)."""
    events = list(events)
    for event in events:
        visible = permissions.can_see_ip(user, event.collectivite_id)
        event.shown_ip = event.ip_address if visible else None
    return events
