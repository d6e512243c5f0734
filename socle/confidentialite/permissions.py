"""Who may run the engine: anyone who prepares or checks publications — operators, and the
DPOs, référents and agents of at least one collectivité (élus read acts, they do not redact).
The rule is "confidentialite.analyse" in the one role matrix (``socle.permissions.MATRIX``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from socle import permissions

ACTIONS = {"analyse": "confidentialite.analyse"}


def can(user, what: str = "analyse") -> bool:
    """True when the action is allowed in at least one of the user's collectivités."""
    if permissions.is_operateur(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(
        permissions.can(user, ACTIONS[what], cid) for cid in permissions._member_roles(user)
    )


def require(user, what: str = "analyse") -> None:
    if not can(user, what):
        raise PermissionDenied(_("Vous n'avez pas les droits pour analyser un texte."))
