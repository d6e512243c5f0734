"""Who may do what on acts: short names over the "actes.*" actions of the one role matrix
(``socle.permissions.MATRIX``): référent, agent and DPO upload, review and publish; élus read;
operators everything."""

from __future__ import annotations

from socle import permissions

ACTIONS = {"read": "actes.view", "write": "actes.edit", "publish": "actes.publish"}


def can(user, what: str, collectivite) -> bool:
    return permissions.can(user, ACTIONS[what], collectivite)


def require(user, what: str, collectivite) -> None:
    permissions.require(user, ACTIONS[what], collectivite)
