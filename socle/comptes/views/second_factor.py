"""Second factor pages: set up an authenticator app, verify a code for the session, recovery
codes, disable (where it is optional)."""

from __future__ import annotations

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from socle import permissions
from socle.core.forms import apply_errors

from .. import second_factor as sf
from .. import services
from ..forms import CodeForm, SetupCodeForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "core:home"


@never_cache
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    replacing = sf.has_device(user)
    if replacing and not user.is_verified():
        # Someone holding only the password must not register their own app.
        return redirect("comptes:second-factor")
    key = request.session.get(sf.SETUP_KEY_SESSION) or sf.new_key()
    request.session[sf.SETUP_KEY_SESSION] = key
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = services.second_factor_enable(
                actor=user, key=key, code=form.cleaned_data["otp_token"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            django_otp.login(request, device)
            request.session.cycle_key()
            del request.session[sf.SETUP_KEY_SESSION]
            request.session[sf.RECOVERY_CODES_SESSION] = codes
            messages.success(request, _("Le second facteur est activé pour votre compte."))
            return redirect("comptes:recovery-codes")
    return render(request, "comptes/second_factor_setup.html", {
        "form": form,
        "qr_svg": sf.qr_svg(sf.config_url(user, key)),
        "secret": sf.base32_secret(key),
        "replacing": replacing,
        "required": permissions.second_factor_required(user),
        "nav_active": "compte",
    })


@never_cache
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not sf.has_device(user):
        return redirect("comptes:second-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_check(
            actor=user, code=form.cleaned_data["otp_token"], request=request
        )
        if check.ok:
            django_otp.login(request, check.device)
            request.session.cycle_key()  # a session that gained rights gets a new key
            if check.recovery:
                messages.warning(request, _(
                    "Vous avez utilisé un code de secours (il ne servira plus). Il vous en "
                    "reste %(n)s : générez-en de nouveaux depuis « Mon compte » si besoin."
                ) % {"n": sf.recovery_codes_left(user)})
            return redirect(_next_url(request))
        form.add_error("otp_token", check.message)
    return render(request, "comptes/second_factor_verify.html", {
        "form": form, "next": request.GET.get("next", ""),
    })


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows the codes just issued, once: they are taken out of the session here."""
    codes = request.session.pop(sf.RECOVERY_CODES_SESSION, None)
    return render(request, "comptes/recovery_codes.html", {
        "codes": codes, "nav_active": "compte",
    })


@require_POST
@login_required
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_regenerate(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("comptes:account")
    request.session[sf.RECOVERY_CODES_SESSION] = codes
    messages.success(request, _("Vos anciens codes de secours ne fonctionnent plus."))
    return redirect("comptes:recovery-codes")


@never_cache
@login_required
def second_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if permissions.second_factor_required(user):
        messages.error(request, _("Le second facteur est obligatoire pour votre rôle."))
        return redirect("comptes:account")
    if not sf.has_device(user):
        return redirect("comptes:account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_disable(actor=user, code=form.cleaned_data["otp_token"])
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError)
                         else ValidationError(str(exc)))
        else:
            messages.success(request, _("Le second facteur est désactivé."))
            return redirect("comptes:account")
    return render(request, "comptes/second_factor_disable.html", {
        "form": form, "nav_active": "compte",
    })
