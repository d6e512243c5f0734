"""Who may do what on the fleet: short names over the "sobriete.*" actions of the one role matrix
(``socle.permissions.MATRIX``): référent, agent and DPO write their collectivité's inventory;
élus read it; operators do everything everywhere."""

from __future__ import annotations

from socle import permissions

ACTIONS = {"read": "sobriete.view", "write": "sobriete.edit"}


def can(user, what: str, collectivite) -> bool:
    return permissions.can(user, ACTIONS[what], collectivite)


def require(user, what: str, collectivite) -> None:
    permissions.require(user, ACTIONS[what], collectivite)
