"""Who may read and run the external diagnostic of a collectivité: the role matrix
(``socle.permissions.MATRIX``, actions ``diagnostic.*`` and ``territoire.diagnostic``) decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from socle import permissions


def can_view(user, collectivite) -> bool:
    return permissions.can(user, "diagnostic.view", collectivite)


def can_run(user, collectivite) -> bool:
    return permissions.can(user, "diagnostic.run", collectivite)


def can_edit_presence(user, collectivite) -> bool:
    return permissions.can(user, "diagnostic.edit_presence", collectivite)


def require_run(user, collectivite) -> None:
    if not can_run(user, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour lancer un diagnostic."))


def require_edit_presence(user, collectivite) -> None:
    if not can_edit_presence(user, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour modifier la présence déclarée."))


def require_territory(user) -> None:
    if not permissions.can(user, "territoire.diagnostic"):
        raise PermissionDenied(_("Réservé aux opérateurs de la structure."))
