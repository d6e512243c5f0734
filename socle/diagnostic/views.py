"""Pages of the external diagnostic: a member's report (and its "run now" button), and the
operator's table of members with their latest RCPNT level and its CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from socle import permissions
from socle.core.csv_export import csv_lines, csv_response
from socle.journal.services import record
from socle.territoires.models import Collectivite

from . import selectors
from .models import Presence
from .permissions import can_run, can_view
from .services import scan_request

PER_PAGE = 50
LEVEL_CHOICES = [
    ("", _("Tous les niveaux")),
    ("0", "0 — à risque"),
    ("1", "1 — à renforcer"),
    ("2", "2 — conforme"),
    ("aucun", _("Jamais analysée")),
]


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not can_view(request.user, collectivite):
        raise Http404
    return collectivite


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.is_operateur(request.user):
        first = Collectivite.objects.visible_to(request.user).order_by("name").first()
        if first is None:
            raise PermissionDenied(_("Vous n'êtes membre d'aucune collectivité."))
        return redirect("diagnostic:collectivite", pk=first.pk)
    level = request.GET.get("niveau", "")
    rows = selectors.members_with_levels(level)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.level_label = selectors.level_label(row.level)
    context = {
        "nav_active": "diagnostic",
        "page": page,
        "level": level,
        "level_choices": LEVEL_CHOICES,
    }
    return render(request, "diagnostic/home.html", context)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    if not permissions.is_operateur(request.user):
        raise PermissionDenied(_("L'export est réservé aux opérateurs."))
    rows = selectors.members_with_levels(request.GET.get("niveau", ""))
    record(
        actor=request.user,
        action="diagnostic.exported",
        request=request,
        details={"niveau": request.GET.get("niveau", "")},
    )
    headers = [
        "code_insee",
        "collectivite",
        "niveau_rcpnt",
        "libelle_niveau",
        "score_global",
        "analyse_le",
    ]
    lines = csv_lines(
        headers,
        (
            [
                c.code_insee,
                c.name,
                "" if c.level is None else c.level,
                selectors.level_label(c.level),
                "" if c.overall is None else c.overall,
                timezone.localtime(c.scanned_at).strftime("%Y-%m-%d %H:%M") if c.scanned_at else "",
            ]
            for c in rows.iterator()
        ),
    )
    return csv_response(lines, basename="diagnostic-externe")


@login_required
@require_GET
def collectivite_report(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    latest, previous = selectors.latest_scans(collectivite)
    context = {
        "nav_active": "diagnostic",
        "collectivite": collectivite,
        "presence": Presence.objects.filter(collectivite=collectivite).first(),
        "scan": latest,
        "previous": previous,
        "level_label": selectors.level_label(latest.rcpnt_level) if latest else "",
        "families": selectors.families(latest) if latest else [],
        "changes": selectors.changes(latest, previous) if latest else [],
        "can_run": can_run(request.user, collectivite),
    }
    return render(request, "diagnostic/report.html", context)


@login_required
@require_POST
def collectivite_run(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    scan_request(actor=request.user, collectivite=collectivite, request=request)
    messages.success(
        request, _("Le diagnostic est lancé : le rapport sera à jour dans quelques minutes.")
    )
    return redirect("diagnostic:collectivite", pk=collectivite.pk)
