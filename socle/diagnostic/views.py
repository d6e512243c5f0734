"""Pages of the external diagnostic: a member's report (run button, declared presence,
publication), the operator's map and table with their exports and the directory import, and
the public page of the members who opted in."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import ods_response
from socle.core.forms import apply_errors
from socle.journal.services import record
from socle.territoires.models import Collectivite

from . import presence as presence_services
from . import runs, selectors
from .forms import PresenceForm, PresenceImportForm, TerritoryFilterForm
from .models import Presence, Run
from .permissions import can_edit_presence, can_run, can_view, require_territory
from .services import scan_request

PER_PAGE = 50
HISTORY_PER_PAGE = 10
LEVEL_LEGEND = [
    (0, "level-0", _("0 — à risque")),
    (1, "level-1", _("1 — à renforcer")),
    (2, "level-2", _("2 — conforme")),
    (None, "level-none", _("jamais analysée")),
]
FAMILY_ORDER = ["rcpnt_web", "rcpnt_mail", "dns", "securite", "hebergement", "contenu"]


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not can_view(request.user, collectivite):
        raise Http404
    return collectivite


def _filtered(request: HttpRequest, *, public: bool = False):
    form = TerritoryFilterForm(request.GET, public=public)
    filters = form.filters()
    return form, filters


def _annotate(rows) -> None:
    for row in rows:
        row.level_label = selectors.level_label(row.level)
        row.level_badge = selectors.LEVEL_BADGES.get(row.level, "badge-muted")


# --- Operator --------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.can(request.user, "territoire.diagnostic"):
        first = Collectivite.objects.visible_to(request.user).order_by("name").first()
        if first is None:
            raise PermissionDenied(_("Vous n'êtes membre d'aucune collectivité."))
        return redirect("diagnostic:collectivite", pk=first.pk)
    form, filters = _filtered(request)
    rows = selectors.members_with_levels(filters=filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    _annotate(page.object_list)
    counts = Counter(
        selectors.members_with_levels(filters=filters, full=False).values_list("level", flat=True)
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav_active": "diagnostic",
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "legend": [(css, label, counts.get(level, 0)) for level, css, label in LEVEL_LEGEND],
        "departement": filters.get("departement", ""),
        "last_run": _last_run(),
        "trend": _trend(),
    }
    return render(request, "diagnostic/home.html", context)


def _trend() -> list[dict]:
    """The last ten rounds with their counts by level, newest first (the operator's trends)."""
    rows = runs.level_trend(days=90)[-10:]
    for row in rows:
        row["counts"] = [row["levels"][key] for key in runs.LEVELS]
    return rows[::-1]


def _last_run():
    run = Run.objects.first()
    if run is not None:
        run.scanned = run.scans.count()
    return run


def _export_rows(request: HttpRequest):
    require_territory(request.user)
    _form, filters = _filtered(request)
    rows = selectors.members_with_levels(filters=filters)
    record(actor=request.user, action="diagnostic.exported", request=request,
           details={"filtres": filters})
    headers = ["code_insee", "siren", "collectivite", "departement", "population",
               "niveau_rcpnt", "libelle_niveau", "score_global", "analyse_le"]

    def lines():
        for c in rows.iterator():
            yield [
                c.code_insee,
                c.siren,
                c.name,
                c.departement_code,
                "" if c.population is None else c.population,
                "" if c.level is None else c.level,
                selectors.level_label(c.level),
                "" if c.overall is None else c.overall,
                timezone.localtime(c.scanned_at).strftime("%Y-%m-%d %H:%M")
                if c.scanned_at else "",
            ]

    return headers, lines()


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    headers, rows = _export_rows(request)
    return csv_response(csv_lines(headers, rows), basename="diagnostic-externe")


@login_required
@require_GET
def export_ods(request: HttpRequest) -> HttpResponse:
    headers, rows = _export_rows(request)
    return ods_response([(_("Diagnostic externe"), headers, rows)],
                        basename="diagnostic-externe")


@login_required
@require_GET
@gzip_page
def map_points(request: HttpRequest) -> JsonResponse:
    """GeoJSON points of the filtered members, with their level."""
    require_territory(request.user)
    _form, filters = _filtered(request)
    rows = selectors.members_with_levels(filters=filters, full=False)
    return JsonResponse(selectors.map_points(rows))


@login_required
@require_GET
@gzip_page
def map_polygons(request: HttpRequest) -> JsonResponse:
    """GeoJSON outlines of the chosen département's communes, members coloured by level."""
    require_territory(request.user)
    _form, filters = _filtered(request)
    departement = filters.get("departement", "")
    if not departement:
        return JsonResponse({"erreur": _("Indiquez un code de département valide.")}, status=400)
    rows = selectors.members_with_levels(filters=filters, full=False)
    try:
        data = selectors.map_polygons(rows, departement)
    except LookupError:
        return JsonResponse({"erreur": _("Département inconnu.")}, status=404)
    return JsonResponse(data)


@login_required
@require_POST
def run_round(request: HttpRequest) -> HttpResponse:
    """Start a manual round over every member (the nightly round's service)."""
    require_territory(request.user)
    runs.run_start(actor=request.user, kind="manual", request=request)
    messages.success(request, _("La tournée est lancée : les niveaux se mettront à jour au fil "
                                "des analyses."))
    return redirect("diagnostic:home")


@login_required
@require_http_methods(["GET", "POST"])
def presence_import(request: HttpRequest) -> HttpResponse:
    require_territory(request.user)
    report = None
    form = PresenceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = presence_services.presence_import(
                actor=request.user, data=upload.read(), filename=upload.name,
                force=form.cleaned_data["force"], request=request,
            )
        except presence_services.PresenceImportError as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
    status = 400 if request.method == "POST" and report is None else 200
    context = {"nav_active": "diagnostic", "form": form, "report": report,
               "max_domains": presence_services.MAX_EXTRA_DOMAINS}
    return render(request, "diagnostic/import.html", context, status=status)


# --- Member ----------------------------------------------------------------------------------


def _report_context(request: HttpRequest, collectivite: Collectivite, **extra) -> dict:
    latest, previous = selectors.latest_scans(collectivite)
    presence = Presence.objects.filter(collectivite=collectivite).first()
    can_edit = can_edit_presence(request.user, collectivite)
    history = Paginator(selectors.history(collectivite), HISTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for scan in history.object_list:
        scan.level_label = selectors.level_label(scan.rcpnt_level)
    if can_edit and "presence_form" not in extra:
        extra["presence_form"] = PresenceForm(initial={
            "website": presence.website if presence else collectivite.website,
            "contact_email": presence.contact_email if presence else collectivite.contact_email,
            "extra_domains": "\n".join(presence.extra_domains) if presence else "",
        })
    level = latest.rcpnt_level if latest else None
    return {
        "nav_active": "diagnostic",
        "collectivite": collectivite,
        "presence": presence,
        "scan": latest,
        "previous": previous,
        "level_label": selectors.level_label(level) if latest else "",
        "level_badge": selectors.LEVEL_BADGES.get(level, "badge-muted"),
        "families": selectors.families(latest, sheets=selectors.published_sheets())
        if latest else [],
        "changes": selectors.changes(latest, previous) if latest else [],
        "history": history,
        "can_run": can_run(request.user, collectivite),
        "can_edit_presence": can_edit,
        "can_publish": permissions.can(request.user, "diagnostic.publish", collectivite),
        **extra,
    }


@login_required
@require_GET
def collectivite_report(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    return render(request, "diagnostic/report.html", _report_context(request, collectivite))


@login_required
@require_POST
def collectivite_run(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    scan_request(actor=request.user, collectivite=collectivite, request=request)
    messages.success(
        request, _("Le diagnostic est lancé : le rapport sera à jour dans quelques minutes.")
    )
    return redirect("diagnostic:collectivite", pk=collectivite.pk)


@login_required
@require_http_methods(["GET", "POST"])
def collectivite_presence(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    if not can_edit_presence(request.user, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour modifier la présence déclarée."))
    report_url = reverse("diagnostic:collectivite", args=[collectivite.pk])
    if request.method == "GET":
        return redirect(report_url + "#presence")
    form = PresenceForm(request.POST)
    if form.is_valid():
        try:
            presence_services.presence_update(
                actor=request.user, collectivite=collectivite, request=request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("La présence déclarée est enregistrée. Elle sera "
                                        "vérifiée au prochain diagnostic."))
            return redirect(report_url + "#presence")
    context = _report_context(request, collectivite, presence_form=form)
    return render(request, "diagnostic/report.html", context, status=400)


@login_required
@require_POST
def collectivite_publish(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    public = request.POST.get("public") == "1"
    presence_services.presence_set_public(
        actor=request.user, collectivite=collectivite, public=public, request=request
    )
    messages.success(request, _("Les résultats figurent désormais sur la page publique.")
                     if public else _("Les résultats sont retirés de la page publique."))
    return redirect(reverse("diagnostic:collectivite", args=[collectivite.pk]) + "#publication")


# --- Public (no sign-in) ---------------------------------------------------------------------


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """The levels of the members that opted in; no personal data."""
    form, filters = _filtered(request, public=True)
    rows = selectors.public_members(departement=filters.get("departement", ""),
                                    epci=filters.get("epci", ""))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    _annotate(page.object_list)
    scores = selectors.family_scores(row.scan_id for row in page.object_list)
    for row in page.object_list:
        row.family_scores = [scores.get(row.scan_id, {}).get(key) for key in FAMILY_ORDER]
    light = selectors.public_members(departement=filters.get("departement", ""),
                                     epci=filters.get("epci", ""), full=False)
    counts = Counter(light.values_list("level", flat=True))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "family_labels": [selectors.FAMILY_LABELS[key] for key in FAMILY_ORDER],
        "legend": [(css, label, counts.get(level, 0)) for level, css, label in LEVEL_LEGEND],
    }
    return render(request, "diagnostic/public.html", context)


@require_GET
@gzip_page
def public_map_points(request: HttpRequest) -> JsonResponse:
    _form, filters = _filtered(request, public=True)
    rows = selectors.public_members(departement=filters.get("departement", ""),
                                    epci=filters.get("epci", ""), full=False)
    return JsonResponse(selectors.map_points(rows, url_name=""))
