"""Who may do what in the reuse pool and the REEN strategy: the "reemploi.*" and "reen.*" actions
of ``socle.permissions.MATRIX``.

- ``reemploi.pool``: anyone who belongs to a collectivité (or an operator) sees the pool's offers
  (never the offering member's inventory);
- ``reemploi.offer``: référent, agent, DPO of the offering collectivité (and operators) declare
  offers, decide on reservations, record data wiping and handovers;
- ``reemploi.reserve``: référent, agent, DPO of the receiving collectivité (and operators);
- ``reen.view``: every member of the collectivité (élus read);
- ``reen.edit``: référent, agent, DPO (and operators) write the strategy and the RGESN assessment.
"""

from __future__ import annotations

from django.db import models

from socle import permissions

ACTIONS = {
    name: rule for name, rule in permissions.MATRIX.items()
    if name.startswith(("reemploi.", "reen."))
}


def can(user, action: str, collectivite) -> bool:
    return permissions.can(user, action, collectivite)


def require(user, action: str, collectivite) -> None:
    permissions.require(user, action, collectivite)


def sees_pool(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return permissions.is_operateur(user) or bool(permissions._member_roles(user))


def member_ids(user) -> list[int]:
    return list(permissions._member_roles(user))


def ids_where(user, action: str) -> list[int]:
    """Collectivités where the user may do ``action`` (operators: meaningless, they may all)."""
    allowed = ACTIONS[action][1]
    return [cid for cid, role in permissions._member_roles(user).items() if role in allowed]


class TenantQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of the collectivités the user belongs to (all of them for an operator)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        return self.filter(collectivite_id__in=member_ids(user))
