from django.conf import settings

from socle import permissions


def navigation(request) -> dict:
    """What the shared layout needs: the user's role and global abilities."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"proconnect_enabled": settings.PROCONNECT_ENABLED}
    from socle.journal.selectors import can_read_journal

    return {
        "current_role": permissions.highest_role(user),
        "can": permissions.abilities(user),
        "can_read_journal": can_read_journal(user),
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
    }
