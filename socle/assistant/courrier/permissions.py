"""Who may do what with citizen mail. Writing (registering letters, drafting and validating
replies) is the matrix action ``assistant.mail`` (operator, référent, agent). Reading the register
is ``assistant.mail_read`` (the same roles and the DPO): the letters hold citizens' personal
data, so the broader ``assistant.use`` (which élus hold) is not enough; the DPO reads to answer
access requests and to check retention, and writes nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from socle import permissions

WRITE = "assistant.mail"


def can_write(user, collectivite) -> bool:
    return permissions.can(user, WRITE, collectivite)


def can_read(user, collectivite) -> bool:
    return permissions.can(user, "assistant.mail_read", collectivite)


def require_write(user, collectivite) -> None:
    if not can_write(user, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))


def require_read(user, collectivite) -> None:
    if not can_read(user, collectivite):
        raise PermissionDenied(_("Le registre du courrier est réservé aux agents, au référent "
                                 "et au DPO de la collectivité."))
