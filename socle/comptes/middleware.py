"""Second factor: a signed-in user who must use one (operators, or anyone who set one up) is
kept on the second-factor pages until the code is verified for this session.

Sets ``request.second_factor_pending`` (True while such a user has not verified a code) so the
layout can hide the navigation until then.
"""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from socle import permissions

# Paths reachable before the second factor is verified. The API applies the same rule to
# browser sessions itself (socle/api.py, VerifiedSession) and answers 401, never a redirect.
_OPEN_PREFIXES = ("/static/", "/healthz", "/api/")


def _has_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.second_factor_pending = False
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or user.is_verified()
            or request.path.startswith(_OPEN_PREFIXES)
        ):
            return self.get_response(request)
        has_device = _has_device(user)
        pending = has_device or permissions.second_factor_required(user)
        request.second_factor_pending = pending
        if not pending:
            return self.get_response(request)
        open_paths = {
            reverse("comptes:second-factor"),
            reverse("comptes:second-factor-setup"),
            reverse("comptes:logout"),
        }
        if request.path in open_paths:
            return self.get_response(request)
        if has_device:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('comptes:second-factor')}?{query}")
        return redirect("comptes:second-factor-setup")
