"""The fleet's overview pages: the territory (operators), a collectivité's summary with its
footprint, renewal plan and lifetime savings, and its settings. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socle import permissions
from socle.territoires.models import Collectivite

from . import lifetime, selectors, services
from . import permissions as rights
from .footprint import PROFILES
from .forms import SettingsForm
from .models import DeviceKind

NAV = "sobriete"
PROFILE_ROWS = {DeviceKind(k).label: p for k, p in PROFILES.items()}
PART_B_BLOCKS = ("sobriete/reemploi/_collectivite_block.html",
                 "sobriete/reen/_collectivite_block.html")


def collectivite_for(request: HttpRequest, pk: int) -> Collectivite:
    return get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)


def _blocks() -> list[str]:
    found = []
    for name in PART_B_BLOCKS:
        try:
            select_template([name])
            found.append(name)
        except TemplateDoesNotExist:
            continue
    return found


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.is_operateur(request.user):
        places = list(Collectivite.objects.visible_to(request.user).order_by("name")[:2])
        if len(places) == 1:
            return redirect("sobriete:collectivite", pk=places[0].pk)
        places = Collectivite.objects.visible_to(request.user).order_by("name")
        return render(request, "sobriete/home_member.html", {"nav_active": NAV, "places": places})
    context = selectors.territory_totals(user=request.user)
    return render(request, "sobriete/home.html", {"nav_active": NAV, **context})


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    renewals = selectors.renewal_plan(collectivite=place)
    fleet = selectors.fleet_settings(collectivite=place)
    rule = lifetime.purchase_rule_effect(renewals=renewals, share_percent=fleet.reconditioned_share)
    return render(request, "sobriete/collectivite.html", {
        "nav_active": NAV, "collectivite": place, "fleet": fleet,
        "summary": selectors.fleet_summary(collectivite=place), "renewals": renewals[:50],
        "renewal_count": len(renewals), "rule": rule, "profiles": PROFILE_ROWS,
        "savings": selectors.extension_savings(collectivite=place),
        "can_write": rights.can(request.user, "write", place), "part_b_blocks": _blocks(),
        "imports": place.device_imports.all()[:5],
    })


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    if not rights.can(request.user, "write", place):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
    fleet = selectors.fleet_settings(collectivite=place)
    form = SettingsForm(request.POST or None, initial={
        "agents_count": fleet.agents_count, "reconditioned_first": fleet.reconditioned_first,
        "reconditioned_share": fleet.reconditioned_share})
    if request.method == "POST" and form.is_valid():
        services.fleet_settings_update(actor=request.user, collectivite=place, request=request,
                                       **form.cleaned_data)
        messages.success(request, _("Paramètres du parc enregistrés."))
        return redirect("sobriete:collectivite", pk=place.pk)
    return render(request, "sobriete/settings.html",
                  {"nav_active": NAV, "collectivite": place, "form": form})
