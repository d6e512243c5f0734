"""CSV export of the audit journal: rights checked and the export itself journaled before the
first row is produced; rows are streamed so a large journal never sits in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from socle import permissions
from socle.core.csv_export import csv_lines
from socle.territoires.models import Collectivite

from .models import AuditEvent
from .selectors import JournalFilter, audit_events, collectivite_matches, journal_collectivite_ids
from .services import action_label, record

PARIS = ZoneInfo("Europe/Paris")
HEADERS = [
    "Date",
    "Auteur",
    "Collectivité",
    "Code INSEE",
    "Action",
    "Objet",
    "Détails (JSON)",
    "Adresse IP",
]


def _row(event: AuditEvent, user) -> list[str]:
    collectivite = event.collectivite
    return [
        event.created_at.astimezone(PARIS).isoformat(timespec="seconds"),
        event.actor_label,
        collectivite.name if collectivite else "",
        collectivite.code_insee if collectivite else "",
        action_label(event.action),
        event.object_repr,
        json.dumps(event.details, ensure_ascii=False, sort_keys=True),
        (event.ip_address or "") if permissions.can_see_ip(user, event.collectivite_id) else "",
    ]


def _exported_collectivites(actor, filters: JournalFilter, collectivite) -> list:
    """Collectivités whose journal the export covers: each gets its own journal entry, so a
    référent sees that a DPO exported their journal. [None] for an operator's global export."""
    if collectivite is not None:
        return [collectivite]
    ids = journal_collectivite_ids(actor, action="journal.export")
    if ids is None:
        return [None]
    covered = Collectivite.objects.filter(pk__in=ids)
    if filters.collectivite.strip():
        covered = covered.filter(collectivite_matches(filters.collectivite))
    return list(covered) or [None]


def journal_export(
    *,
    actor,
    filters: JournalFilter,
    collectivite: Collectivite | None = None,
    request=None,
) -> Iterator[str]:
    """Check the right to export, journal the export, and return the CSV lines to stream."""
    ids = journal_collectivite_ids(actor, action="journal.export")
    if collectivite is not None:
        permissions.require(actor, "journal.export", collectivite)
    elif ids is not None and not ids:
        raise PermissionDenied(_("Vous n'avez pas les droits pour exporter le journal."))
    events = audit_events(
        user=actor, filters=filters, collectivite=collectivite, action="journal.export"
    )
    details = {"filtre": filters.as_dict(), "lignes": events.count()}
    with transaction.atomic():
        recorded = [
            record(actor=actor, action="journal.exported", collectivite=covered,
                   details=details, request=request).pk
            for covered in _exported_collectivites(actor, filters, collectivite)
        ]
    # The file shows the journal as it was when asked for, without its own export entries.
    pending = events.exclude(pk__in=recorded).iterator(chunk_size=1000)
    rows = (_row(event, actor) for event in pending)
    return csv_lines(HEADERS, rows)
