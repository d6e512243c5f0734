"""Pages of the territory: the operator's home and map, the member list and its export, member
management, and each collectivité's home, profile and people. Thin: parse, call, render."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.csv_export import csv_response
from socle.core.modules import modules_for

from . import exports, selectors, services
from .forms import BulkMembershipForm, MemberFilterForm, MemberToggleForm, ProfileForm
from .models import Collectivite, Membership, Structure

PER_PAGE = 50
DEPARTEMENT_RE = re.compile(r"^(?:\d{2,3}|2[AB])$")


def _require_operator(request: HttpRequest) -> None:
    if not permissions.can(request.user, "territoire.view"):
        raise PermissionDenied(_("Cette page est réservée aux opérateurs de la structure."))


def _nav(user) -> str:
    """Which main navigation entry a collectivité's pages belong to."""
    return "membres" if permissions.is_operateur(user) else "accueil"


def _departement_param(request: HttpRequest) -> str:
    code = request.GET.get("departement", "").strip().upper()
    return code if DEPARTEMENT_RE.match(code) else ""


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The operator's territorial home: key counts, map of members, links."""
    _require_operator(request)
    departement = _departement_param(request)
    context = {
        "nav_active": "territoire",
        "structure": Structure.objects.first(),
        "counts": selectors.territory_counts(user=request.user),
        "departement": departement,
        "departements": selectors.departement_choices(),
    }
    return render(request, "territoires/home.html", context)


@login_required
@require_GET
@gzip_page
def map_points(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the members the user may see that have coordinates."""
    data = selectors.map_points(user=request.user, departement=_departement_param(request))
    return JsonResponse(data)


@login_required
@require_GET
@gzip_page
def map_polygons(request: HttpRequest) -> JsonResponse:
    """GeoJSON outlines of a département's communes, visible members flagged."""
    departement = _departement_param(request)
    if not departement:
        return JsonResponse({"erreur": _("Indiquez un code de département valide.")}, status=400)
    try:
        data = selectors.map_polygons(user=request.user, departement=departement)
    except LookupError:
        return JsonResponse({"erreur": _("Département inconnu.")}, status=404)
    return JsonResponse(data)


@login_required
@require_GET
def members(request: HttpRequest) -> HttpResponse:
    """The list of collectivités: search, filters, sorting, 50 a page."""
    _require_operator(request)
    form = MemberFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.collectivite_search(user=request.user, filters=filters),
                     PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav_active": "membres",
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_manage": permissions.can(request.user, "territoire.manage_members"),
    }
    template = "territoires/members.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def members_export(request: HttpRequest) -> HttpResponse:
    """CSV of the current filtered list (all pages), for LibreOffice and Excel."""
    _require_operator(request)
    filters = MemberFilterForm(request.GET).filters()
    rows = selectors.collectivite_search(user=request.user, filters=filters)
    return csv_response(exports.members_csv(rows), basename="collectivites")


@login_required
@require_http_methods(["GET", "POST"])
def members_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk membership: choose (GET), see how many rows will change, confirm (POST)."""
    if not permissions.can(request.user, "territoire.manage_members"):
        raise PermissionDenied(_("Cette page est réservée aux opérateurs de la structure."))
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BulkMembershipForm(data)
    preview = None
    if form.is_valid():
        if request.method == "POST":
            return _members_bulk_run(request, form.cleaned_data)
        preview = selectors.bulk_targets(
            epci=form.cleaned_data["epci"],
            departement=form.cleaned_data["departement"],
            is_member=form.cleaned_data["operation"] == "add",
        )
        preview = {"count": preview.count(), "sample": list(preview.order_by("name")[:20])}
    context = {"nav_active": "membres", "form": form, "preview": preview}
    return render(request, "territoires/members_bulk.html", context)


def _members_bulk_run(request: HttpRequest, data: dict) -> HttpResponse:
    scope = {"epci": data["epci"], "departement_code": data["departement"] or None}
    if data["operation"] == "add":
        count = services.members_add_bulk(
            actor=request.user, member_since=data["member_since"], **scope
        )
        text = ngettext("%(n)d collectivité déclarée membre.",
                        "%(n)d collectivités déclarées membres.", count)
    else:
        count = services.members_remove_bulk(actor=request.user, **scope)
        text = ngettext("%(n)d adhésion terminée.", "%(n)d adhésions terminées.", count)
    messages.success(request, text % {"n": count})
    target = f"?epci={data['epci'].pk}" if data["epci"] else f"?departement={data['departement']}"
    return redirect(reverse("territoires:members") + target + "&member=all")


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    """A collectivité's home: identity, profile, modules, people count; EPCI communes."""
    obj = get_object_or_404(
        Collectivite.objects.visible_to(request.user).select_related("epci"), pk=pk
    )
    communes = None
    if obj.kind == Collectivite.Kind.EPCI:
        communes = Paginator(selectors.epci_communes(epci=obj), PER_PAGE).get_page(
            request.GET.get("page")
        )
    context = {
        "nav_active": _nav(request.user),
        "collectivite": obj,
        "abilities": permissions.abilities(request.user, obj),
        "epci": selectors.visible_epci(user=request.user, collectivite=obj),
        "contacts": selectors.profile_contacts(collectivite=obj),
        "modules": modules_for(request.user, obj),
        "people_count": obj.memberships.count(),
        "communes": communes,
        "toggle_form": MemberToggleForm(),
    }
    return render(request, "territoires/collectivite.html", context)


@login_required
@require_POST
def collectivite_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one collectivité member or not (button on its page and in the list rows)."""
    obj = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not permissions.can(request.user, "territoire.manage_members"):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
    form = MemberToggleForm(request.POST)
    default = reverse("territoires:collectivite", kwargs={"pk": obj.pk})
    if not form.is_valid():
        messages.error(request, _("Demande incomplète : la modification n'a pas été faite."))
        return redirect(_safe_next(request, default))
    is_member = form.cleaned_data["is_member"]
    changed = services.collectivite_set_member(
        actor=request.user, collectivite=obj, is_member=is_member,
        member_since=form.cleaned_data["member_since"],
    )
    if changed:
        text = _("%(name)s est désormais membre.") if is_member else _(
            "%(name)s n'est plus membre. Ses données sont conservées.")
        messages.success(request, text % {"name": obj})
    return redirect(_safe_next(request, default))


@login_required
@require_http_methods(["GET", "POST"])
def collectivite_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Profile: website, contact e-mail, and adding a référent or a DPO by e-mail."""
    obj = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not permissions.can(request.user, "collectivite.edit_profile", obj):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
    initial = {"website": obj.website, "contact_email": obj.contact_email}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.collectivite_save_profile(
                actor=request.user, collectivite=obj, profile=form.profile(), roles=form.roles()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Le profil a été enregistré."))
            return redirect("territoires:collectivite", pk=obj.pk)
    context = {
        "nav_active": _nav(request.user),
        "collectivite": obj,
        "form": form,
        "contacts": selectors.profile_contacts(collectivite=obj),
    }
    return render(request, "territoires/collectivite_edit.html", context)


@login_required
@require_GET
def people(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has access to the collectivité, with which role."""
    obj = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not permissions.can(request.user, "membership.view", obj):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
    memberships = selectors.people(user=request.user, collectivite=obj)
    for membership in memberships:
        membership.removable = services.membership_can_remove(
            actor=request.user, membership=membership
        )
    context = {
        "nav_active": _nav(request.user),
        "collectivite": obj,
        "memberships": memberships,
        "abilities": permissions.abilities(request.user, obj),
    }
    return render(request, "territoires/people.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    """Confirm (GET), then remove (POST) one person from the collectivité."""
    obj = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("user", "collectivite"),
        pk=membership_pk, collectivite=obj,
    )
    if request.method == "POST":
        services.membership_remove(actor=request.user, membership=membership)
        messages.success(request, _("%(name)s n'a plus accès à %(collectivite)s.") % {
            "name": membership.user, "collectivite": obj})
        return redirect("territoires:people", pk=obj.pk)
    if not services.membership_can_remove(actor=request.user, membership=membership):
        raise PermissionDenied(_("Un référent ne peut retirer que des agents et des élus."))
    context = {"collectivite": obj, "membership": membership,
               "nav_active": _nav(request.user)}
    return render(request, "territoires/membership_remove.html", context)
