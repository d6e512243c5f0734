"""Second factor: a signed-in user who must use one (operators, or anyone who set one up) is
kept on the second-factor pages until the code is verified for this session."""

from django.shortcuts import redirect
from django.urls import reverse

from socle import permissions

# Paths reachable before the second factor is verified.
_OPEN_PREFIXES = ("/static/", "/healthz", "/api/")


def _has_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            open_paths = {
                reverse("comptes:second-factor"),
                reverse("comptes:second-factor-setup"),
                reverse("comptes:logout"),
            }
            if request.path not in open_paths:
                if _has_device(user):
                    return redirect(f"{reverse('comptes:second-factor')}?next={request.path}")
                if permissions.second_factor_required(user):
                    return redirect("comptes:second-factor-setup")
        return self.get_response(request)
