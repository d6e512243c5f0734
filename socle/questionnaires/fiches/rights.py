"""Who may do what with sheets and feedback (``retour.propose`` and
``territoire.moderate_feedback`` in ``socle.permissions.MATRIX``).

- Sheets: every signed-in person reads them (shared content of the structure).
- Proposing a retour d'expérience: the collectivité's référents, agents and DPO (not élus, who
  mostly read, and not operators, who moderate).
- Moderating: operators only.
"""

from __future__ import annotations

from socle import permissions

PROPOSERS = permissions.MATRIX["retour.propose"][1]


def _proposer_ids(user) -> list[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if permissions.is_operateur(user):
        return []
    return [cid for cid, role in permissions._member_roles(user).items() if role in PROPOSERS]


def can_propose(user, collectivite) -> bool:
    cid = collectivite if isinstance(collectivite, int) else getattr(collectivite, "pk", None)
    return cid is not None and cid in _proposer_ids(user)


def can_propose_somewhere(user) -> bool:
    return bool(_proposer_ids(user))


def proposable_collectivites(user):
    from socle.territoires.models import Collectivite

    return Collectivite.objects.filter(pk__in=_proposer_ids(user)).order_by("name")


def can_moderate(user) -> bool:
    return permissions.can(user, "territoire.moderate_feedback")
