"""Accounts, the reads: invitations a person may see, their own tokens, their roles."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle import permissions
from socle.territoires.models import Collectivite, Membership

from .models import ApiToken, Invitation

INVITATION_STATUSES = {
    "en-attente": _("En attente"),
    "acceptees": _("Acceptées"),
    "expirees": _("Expirées"),
    "revoquees": _("Révoquées"),
}


def collectivites_where_can_invite(user) -> QuerySet[Collectivite]:
    """Collectivités in which the user may invite people (all of them for an operator)."""
    visible = Collectivite.objects.visible_to(user)
    if permissions.is_operateur(user):
        return visible
    ids = [c.pk for c in visible if permissions.can(user, "membership.invite", c)]
    return Collectivite.objects.filter(pk__in=ids)


def invitations_visible_to(user) -> QuerySet[Invitation]:
    """Operators see every invitation; référents those of the collectivités they manage."""
    qs = Invitation.objects.select_related("collectivite", "invited_by")
    if permissions.is_operateur(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(collectivite__in=collectivites_where_can_invite(user))


def filter_invitations(
    qs: QuerySet[Invitation], *, status: str = "", search: str = ""
) -> QuerySet[Invitation]:
    now = timezone.now()
    if status == "en-attente":
        qs = qs.pending()
    elif status == "acceptees":
        qs = qs.filter(accepted_at__isnull=False)
    elif status == "expirees":
        qs = qs.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
    elif status == "revoquees":
        qs = qs.filter(revoked_at__isnull=False, accepted_at__isnull=True)
    search = search.strip()
    if search:
        qs = qs.filter(
            Q(email__icontains=search) | Q(full_name__icontains=search)
            | Q(collectivite__name__icontains=search)
        )
    return qs


def invitation_status(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return "acceptees"
    if invitation.revoked_at is not None:
        return "revoquees"
    if invitation.expires_at <= timezone.now():
        return "expirees"
    return "en-attente"


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at"
    )


def memberships_of(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("collectivite")
        .order_by("collectivite__name")
    )
