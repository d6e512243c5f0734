"""Who may do what in the donnees app: the "donnees.*" actions of ``socle.permissions.MATRIX``.

Read: every role of the collectivité (élus read only, without requesters' names). Write the
register, breaches, requests and catalogue: DPO, référent, agent. Archive and publish: DPO and
référent. Operators: everything, and they maintain the template library.
"""

from __future__ import annotations

from socle import permissions

# The rights live in the one role matrix (socle.permissions.MATRIX, "donnees.*").
ACTIONS = {name: rule for name, rule in permissions.MATRIX.items() if name.startswith("donnees.")}


def can(user, action: str, collectivite) -> bool:
    return permissions.can(user, action, collectivite)


def require(user, action: str, collectivite) -> None:
    permissions.require(user, action, collectivite)


def abilities(user, collectivite) -> dict[str, bool]:
    return {action.split(".")[1]: can(user, action, collectivite) for action in ACTIONS}


def writable_ids(user) -> list[int]:
    """Collectivités where the user may write (not meaningful for operators: all)."""
    allowed = ACTIONS["donnees.edit"][1]
    return [cid for cid, role in permissions._member_roles(user).items() if role in allowed]
