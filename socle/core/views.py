from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from socle import permissions
from socle.territoires.models import Collectivite

from .health import platform_health


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person where their work is: the territory for operators, their collectivité
    for members, a choice when they belong to several."""
    user = request.user
    if permissions.is_operateur(user):
        return redirect("territoires:home")
    collectivites = list(Collectivite.objects.visible_to(user).order_by("name"))
    if len(collectivites) == 1:
        return redirect("territoires:collectivite", pk=collectivites[0].pk)
    return render(request, "core/choose_collectivite.html", {"collectivites": collectivites})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = platform_health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def collectivite_placeholder(request: HttpRequest, pk: int) -> HttpResponse:
    """Temporary target of modules being built (replaced before they land)."""
    return home(request)
