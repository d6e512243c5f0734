"""Writes of the territory: membership of the structure (one by one or in bulk), the profile of a
collectivité, and who holds which role there. Each service checks the role matrix and writes the
audit journal in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.journal.services import record, register_actions

from . import selectors
from .models import Collectivite, Membership

register_actions(
    {
        "territoires.member_added": gettext_lazy("Adhésion d'une collectivité"),
        "territoires.member_removed": gettext_lazy("Fin d'adhésion d'une collectivité"),
        "territoires.members_bulk_added": gettext_lazy("Adhésion groupée de collectivités"),
        "territoires.members_bulk_removed": gettext_lazy("Fin d'adhésion groupée"),
        "territoires.profile_updated": gettext_lazy("Modification du profil de la collectivité"),
        "territoires.role_set": gettext_lazy("Attribution d'un rôle"),
        "territoires.membership_removed": gettext_lazy("Retrait d'une personne"),
    }
)

Role = permissions.Role
# Roles a référent may not change nor remove: only an operator can.
PROTECTED_ROLES = frozenset({Role.REFERENT.value, Role.DPO.value})


def _on_commit_choices_changed() -> None:
    transaction.on_commit(selectors.choices_changed)


def collectivite_set_member(
    *,
    actor,
    collectivite: Collectivite,
    is_member: bool,
    member_since: datetime.date | None = None,
) -> bool:
    """Mark one collectivité member (since ``member_since``, today by default) or not.

    Returns whether anything changed. Ending a membership keeps every piece of data: only the
    flag and its date are cleared (the previous date stays in the journal).
    """
    permissions.require(actor, "territoire.manage_members")
    if collectivite.is_member == is_member:
        return False
    previous_since = collectivite.member_since
    collectivite.is_member = is_member
    collectivite.member_since = (member_since or timezone.localdate()) if is_member else None
    collectivite.full_clean()
    with transaction.atomic():
        collectivite.save(update_fields=["is_member", "member_since", "updated_at"])
        record(
            actor=actor,
            action="territoires.member_added" if is_member else "territoires.member_removed",
            collectivite=collectivite,
            obj=collectivite,
            details={
                "member_since": str(collectivite.member_since or previous_since or ""),
            },
        )
        _on_commit_choices_changed()
    return True


def _bulk_scope(epci: Collectivite | None, departement_code: str | None) -> dict:
    if (epci is None) == (not departement_code):
        raise ValidationError(_("Choisissez soit un EPCI, soit un département."))
    if epci is not None and epci.kind != Collectivite.Kind.EPCI:
        raise ValidationError(_("La collectivité choisie n'est pas un EPCI."))
    if epci is not None:
        return {"epci": epci.pk, "epci_name": epci.name}
    return {"departement": departement_code}


def _members_bulk_set(
    *, actor, epci, departement_code, is_member: bool, member_since
) -> int:
    permissions.require(actor, "territoire.manage_members")
    scope = _bulk_scope(epci, departement_code)
    targets = selectors.bulk_targets(
        epci=epci, departement=departement_code or "", is_member=is_member
    )
    since = member_since if is_member else None
    action = "territoires.member_added" if is_member else "territoires.member_removed"
    with transaction.atomic():
        rows = list(
            targets.select_for_update().only("id", "name", "kind", "code_insee", "member_since")
        )
        # One UPDATE for up to a département's worth of rows; the database's check constraint
        # (member => member_since) guards what full_clean() would, row by row.
        Collectivite.objects.filter(pk__in=[c.pk for c in rows]).update(
            is_member=is_member, member_since=since, updated_at=timezone.now()
        )
        for row in rows:
            details = {"member_since": str(since or row.member_since or ""), "bulk": True}
            record(actor=actor, action=action, collectivite=row, obj=row, details=details)
        record(
            actor=actor,
            action=f"territoires.members_bulk_{'added' if is_member else 'removed'}",
            collectivite=epci,
            details={**scope, "count": len(rows), "member_since": str(since or "")},
        )
        _on_commit_choices_changed()
    return len(rows)


def members_add_bulk(
    *,
    actor,
    epci: Collectivite | None = None,
    departement_code: str | None = None,
    member_since: datetime.date,
) -> int:
    """Make members all current communes of an EPCI (and the EPCI itself), or all current
    communes of a département. Returns how many collectivités changed."""
    return _members_bulk_set(
        actor=actor, epci=epci, departement_code=departement_code, is_member=True,
        member_since=member_since,
    )


def members_remove_bulk(
    *, actor, epci: Collectivite | None = None, departement_code: str | None = None
) -> int:
    """End the membership of an EPCI's communes (and the EPCI), or of a département's communes."""
    return _members_bulk_set(
        actor=actor, epci=epci, departement_code=departement_code, is_member=False,
        member_since=None,
    )


# --- Profile and roles -------------------------------------------------------------------------


def collectivite_update_profile(
    *, actor, collectivite: Collectivite, website: str, contact_email: str
) -> bool:
    """Change the website and contact e-mail. Returns whether anything changed."""
    permissions.require(actor, "collectivite.edit_profile", collectivite)
    before = {"website": collectivite.website, "contact_email": collectivite.contact_email}
    after = {"website": website.strip(), "contact_email": contact_email.strip().lower()}
    if before == after:
        return False
    collectivite.website = after["website"]
    collectivite.contact_email = after["contact_email"]
    collectivite.full_clean()
    with transaction.atomic():
        collectivite.save(update_fields=["website", "contact_email", "updated_at"])
        changed = {k: {"avant": before[k], "après": after[k]} for k in after
                   if before[k] != after[k]}
        record(
            actor=actor,
            action="territoires.profile_updated",
            collectivite=collectivite,
            obj=collectivite,
            details=changed,
        )
    return True


def _check_role_change(*, actor, collectivite, user, role: str, current: str | None) -> None:
    if role not in {value for value, _label in Role.member_choices()}:
        raise ValidationError(_("Ce rôle n'existe pas pour une collectivité."))
    if permissions.is_operateur(user):
        raise ValidationError(
            _("Cette personne est opérateur de la structure : elle voit déjà toutes les "
              "collectivités.")
        )
    if not user.is_active:
        raise ValidationError(_("Ce compte est désactivé."))
    if permissions.is_operateur(actor):
        return
    if current in PROTECTED_ROLES and current != role:
        raise ValidationError(
            _("Seul un opérateur de la structure peut changer le rôle d'un référent ou d'un DPO.")
        )


def membership_set_role(*, actor, collectivite: Collectivite, user, role: str) -> Membership:
    """Give ``user`` the ``role`` in the collectivité, creating their membership if needed."""
    permissions.require(actor, "collectivite.edit_profile", collectivite)
    membership = Membership.objects.filter(collectivite=collectivite, user=user).first()
    current = membership.role if membership is not None else None
    _check_role_change(actor=actor, collectivite=collectivite, user=user, role=role,
                       current=current)
    if current == role:
        return membership
    with transaction.atomic():
        if membership is None:
            membership = Membership(collectivite=collectivite, user=user, role=role)
        membership.role = role
        membership.full_clean()
        membership.save()
        record(
            actor=actor,
            action="territoires.role_set",
            collectivite=collectivite,
            obj=membership,
            details={"personne": user.email, "avant": current or "", "après": role},
        )
    return membership


def collectivite_save_profile(
    *, actor, collectivite: Collectivite, profile: dict[str, str], roles: list[tuple]
) -> None:
    """The profile form in one transaction: website and e-mail, then each (user, role) pair.

    Raises ValidationError keyed by the form's field names (``<role>_email`` for a role)."""
    with transaction.atomic():
        try:
            collectivite_update_profile(actor=actor, collectivite=collectivite, **profile)
        except ValidationError as exc:
            errors: dict[str, list] = {}
            for key, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                errors.setdefault(key if key in profile else "__all__", []).extend(messages)
            raise ValidationError(errors) from exc
        for user, role in roles:
            try:
                membership_set_role(actor=actor, collectivite=collectivite, user=user, role=role)
            except ValidationError as exc:
                raise ValidationError({f"{role}_email": exc.messages}) from exc


def membership_can_remove(*, actor, membership: Membership) -> bool:
    """Operators may remove anyone; référents only agents and élus."""
    if not permissions.can(actor, "membership.remove", membership.collectivite_id):
        return False
    return permissions.is_operateur(actor) or membership.role not in PROTECTED_ROLES


def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a person from a collectivité (see ``membership_can_remove``)."""
    collectivite = membership.collectivite
    permissions.require(actor, "membership.remove", collectivite)
    if not membership_can_remove(actor=actor, membership=membership):
        raise PermissionDenied(_("Un référent ne peut retirer que des agents et des élus."))
    with transaction.atomic():
        record(
            actor=actor,
            action="territoires.membership_removed",
            collectivite=collectivite,
            obj=membership,
            details={"personne": membership.user.email, "rôle": membership.role},
        )
        membership.delete()
