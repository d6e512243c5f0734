"""API: the audit journal, scoped and filtered like its pages."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from socle import permissions
from socle.api_common import ErrorOut, Pagination

from .models import AuditEvent
from .selectors import JournalFilter, audit_events, can_read_journal
from .services import action_label

router = Router(tags=["Journal d'audit"])


class AuditEventOut(Schema):
    id: int = Field(..., description="Identifiant de l'événement.")
    created_at: datetime = Field(..., description="Date et heure (ISO 8601, avec fuseau).")
    actor_label: str = Field(..., description="Auteur : « Nom <e-mail> », ou « Système ».")
    collectivite_id: int | None = Field(
        None, description="Collectivité concernée ; vide pour un événement de la plateforme."
    )
    collectivite_name: str = Field(..., description="Nom de la collectivité concernée.")
    code_insee: str = Field(..., description="Code INSEE de la collectivité concernée.")
    action: str = Field(..., description="Code de l'action, par exemple journal.exported.")
    action_label: str = Field(..., description="Libellé de l'action, en français.")
    object_type: str = Field(..., description="Type de l'objet concerné (app.modèle).")
    object_id: str = Field(..., description="Identifiant de l'objet concerné.")
    object_repr: str = Field(..., description="Objet concerné, tel qu'il s'affichait.")
    details: Any = Field(..., description="Détails propres à l'action (objet JSON).")
    ip_address: str | None = Field(
        None, description="Adresse IP de l'auteur (opérateurs et DPO seulement ; sinon vide)."
    )

    @staticmethod
    def resolve_collectivite_name(obj: AuditEvent) -> str:
        return obj.collectivite.name if obj.collectivite else ""

    @staticmethod
    def resolve_code_insee(obj: AuditEvent) -> str:
        return obj.collectivite.code_insee if obj.collectivite else ""

    @staticmethod
    def resolve_action_label(obj: AuditEvent) -> str:
        return action_label(obj.action)

    @staticmethod
    def resolve_ip_address(obj: AuditEvent, context) -> str | None:
        """Personal data: only for operators, and DPOs on their collectivités' events."""
        user = context["request"].user
        return obj.ip_address if permissions.can_see_ip(user, obj.collectivite_id) else None


class JournalFilters(Schema):
    collectivite_id: int | None = Field(None, description="Une seule collectivité (identifiant).")
    collectivite: str | None = Field(
        None, description="Collectivité : code INSEE, SIREN ou partie du nom."
    )
    action: str | None = Field(None, description="Code de l'action.")
    actor: str | None = Field(None, description="Adresse e-mail de l'auteur, en tout ou partie.")
    date_from: date | None = Field(None, description="À partir de ce jour (inclus, AAAA-MM-JJ).")
    date_to: date | None = Field(None, description="Jusqu'à ce jour (inclus, AAAA-MM-JJ).")


@router.get(
    "/journal",
    response={200: list[AuditEventOut], 401: ErrorOut, 403: ErrorOut},
    summary="Lire le journal d'audit",
    url_name="journal_event_list",
)
@paginate(Pagination)
def journal_event_list(request: HttpRequest, filters: Query[JournalFilters]):
    """Du plus récent au plus ancien. Opérateurs : tout le journal ; les autres : celui de leurs
    collectivités (adresses IP : opérateurs et DPO seulement). 403 sans aucune collectivité."""
    user = request.auth
    if not can_read_journal(user):
        raise HttpError(403, "Le journal d'audit n'est pas accessible avec votre rôle.")
    wanted = JournalFilter(
        collectivite=filters.collectivite or "",
        action=filters.action or "",
        actor=filters.actor or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    events = audit_events(user=user, filters=wanted)
    if filters.collectivite_id is not None:
        events = events.filter(collectivite_id=filters.collectivite_id)
    return events
