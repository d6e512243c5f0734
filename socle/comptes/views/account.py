"""« Mon compte »: who I am, my roles, my second factor, my password."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socle import permissions

from .. import second_factor as sf
from .. import selectors


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = sf.totp_device(user)
    return render(request, "comptes/account.html", {
        "memberships": selectors.memberships_of(user),
        "is_operateur": permissions.is_operateur(user),
        "device": device,
        "second_factor_on": sf.has_device(user),
        "second_factor_required": permissions.second_factor_required(user),
        "recovery_codes_left": sf.recovery_codes_left(user) if device else 0,
        "nav_active": "compte",
    })
