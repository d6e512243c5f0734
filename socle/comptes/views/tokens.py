"""Personal API tokens: list, create (secret shown once), revoke."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from socle.core.forms import apply_errors

from .. import selectors, services
from ..forms import ApiTokenForm

NEW_SECRET_SESSION = "comptes_new_api_token"  # noqa: S105 (a session key, not a secret)


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[NEW_SECRET_SESSION] = {"name": token.name, "secret": secret}
            return redirect("comptes:api-tokens")
    return render(request, "comptes/api_tokens.html", {
        "form": form,
        "tokens": selectors.api_tokens_of(request.user),
        "new_token": request.session.pop(NEW_SECRET_SESSION, None),
        "api_url": settings.SITE_URL.rstrip("/") + "/api/",
        "nav_active": "api",
    })


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué : il ne fonctionne plus.")
                     % {"name": token.name})
    return redirect("comptes:api-tokens")
