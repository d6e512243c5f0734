from django.conf import settings

from socle import permissions


def navigation(request) -> dict:
    """What the shared layout needs: the user's role and global abilities."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"proconnect_enabled": settings.PROCONNECT_ENABLED}
    return {
        "current_role": permissions.highest_role(user),
        "can": permissions.abilities(user),
        "proconnect_enabled": settings.PROCONNECT_ENABLED,
    }
