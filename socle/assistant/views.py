"""Assistant pages (knowledge base and search). Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from socle import permissions
from socle.territoires.models import Collectivite

NAV = "assistant"


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "assistant.use", place)
    return place


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    places = list(Collectivite.objects.visible_to(request.user).order_by("search_name")[:2])
    if not permissions.is_operateur(request.user) and len(places) == 1:
        return redirect("assistant:collectivite", pk=places[0].pk)
    return render(request, "assistant/home.html", {"nav_active": NAV})


@login_required
@require_GET
def collectivite_home(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    return render(request, "assistant/home.html", {"nav_active": NAV, "collectivite": place})
