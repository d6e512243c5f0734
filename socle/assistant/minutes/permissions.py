"""Who may do what with minutes (the role matrix decides). Reading and drafting:
``assistant.use`` (every role of the collectivité). Editing and validating the procès-verbal:
``assistant.minutes`` (every role but élus, who read it: the text is prepared by the services; an
élu who is secretary of the session reviews it through an agent)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from socle import permissions


def can_read(user, collectivite) -> bool:
    return permissions.can(user, "assistant.use", collectivite)


def can_edit(user, collectivite) -> bool:
    return permissions.can(user, "assistant.minutes", collectivite)


def require_edit(user, collectivite) -> None:
    if not can_edit(user, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
