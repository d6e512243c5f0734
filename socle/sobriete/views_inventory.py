"""The inventory: list with filters, pagination, exports and bulk edit; one device's form and
archiving; imports (file or GLPI API) and their reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import ods_response

from . import permissions as rights
from . import selectors, services
from .forms import BulkForm, DeviceForm, FilterForm, GlpiApiForm, ImportForm
from .importers import READERS, ImportFileError
from .importers.glpi_api import GlpiError, fetch
from .models import Device, DeviceImport, DeviceSource
from .views import NAV, collectivite_for

PER_PAGE = 50
EXPORT_HEADERS = ["type", "marque", "modèle", "numéro de série", "date d'achat", "prix", "site",
                  "service", "fonction", "état", "fin du support", "reconditionné",
                  "fabrication (kgCO2e)", "usage (kgCO2e/an)", "durée de référence (ans)",
                  "source de l'empreinte", "qualité de la donnée"]


def _writable(request: HttpRequest, place) -> None:
    if not rights.can(request.user, "write", place):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))


def _filtered(request: HttpRequest, place):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.devices_for(user=request.user, collectivite=place, filters=filters,
                                       archived=request.GET.get("archives") == "1")


@login_required
@require_GET
def inventory(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    form, devices = _filtered(request, place)
    page = Paginator(devices, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sobriete/inventory.html", {
        "nav_active": NAV, "collectivite": place, "filter_form": form, "page": page,
        "bulk_form": BulkForm(), "can_write": rights.can(request.user, "write", place),
        "archives": request.GET.get("archives") == "1",
    })


def _export_row(d: Device) -> list:
    return [d.get_kind_display(), d.brand, d.model, d.serial_number, d.purchase_date,
            d.price, d.site, d.service, d.user_role, d.get_status_display(), d.support_end,
            d.reconditioned, d.manufacture_kgco2e, d.use_kgco2e_year, d.lifetime_years,
            d.footprint_detail or d.get_footprint_source_display(),
            d.get_footprint_quality_display()]


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    _form, devices = _filtered(request, place)
    rows = (_export_row(d) for d in devices.iterator())
    basename = f"parc-{place.pk}"
    if request.GET.get("format") == "ods":
        return ods_response([("Parc", EXPORT_HEADERS, list(rows))], basename=basename)
    return csv_response(csv_lines(EXPORT_HEADERS, rows), basename=basename)


@login_required
@require_POST
def bulk(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    _writable(request, place)
    form = BulkForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("device") if i.isdigit()]
    try:
        if not form.is_valid():
            raise ValidationError(_("Modification invalide."))
        count = services.devices_bulk_update(actor=request.user, collectivite=place, ids=ids,
                                             request=request, **form.cleaned_data)
        messages.success(request, _("%(n)s équipement(s) modifié(s).") % {"n": count})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("sobriete:inventory", pk=place.pk)


def _device_form(request, place, device=None) -> HttpResponse:
    form = DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_save(actor=request.user, collectivite=place, device=device,
                                 data=form.cleaned_data, request=request)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Équipement enregistré."))
            return redirect("sobriete:inventory", pk=place.pk)
    return render(request, "sobriete/device_form.html",
                  {"nav_active": NAV, "collectivite": place, "form": form, "device": device})


@login_required
@require_http_methods(["GET", "POST"])
def device_create(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    _writable(request, place)
    return _device_form(request, place)


@login_required
@require_http_methods(["GET", "POST"])
def device_edit(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(Device.objects.visible_to(request.user).current(), pk=pk)
    _writable(request, device.collectivite)
    return _device_form(request, device.collectivite, device)


@login_required
@require_POST
def device_archive(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(Device.objects.visible_to(request.user).current(), pk=pk)
    services.device_archive(actor=request.user, device=device, request=request)
    messages.success(request, _("Équipement archivé : il reste consultable dans les archives."))
    return redirect("sobriete:inventory", pk=device.collectivite_id)


def _import_page(request, place, form, glpi_form) -> HttpResponse:
    return render(request, "sobriete/import.html", {
        "nav_active": NAV, "collectivite": place, "form": form, "glpi_form": glpi_form})


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    _writable(request, place)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, source = form.cleaned_data["file"], form.cleaned_data["source"]
        try:
            if upload.size > 5 * 1024 * 1024:
                raise ImportFileError(_("Fichier trop volumineux (5 Mo au plus)."))
            rows = import_string(READERS[source])(upload.read())
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            report = services.devices_import(actor=request.user, collectivite=place,
                                             raw_rows=rows, source=source,
                                             filename=upload.name, request=request)
            return redirect("sobriete:import-report", pk=report.pk)
    return _import_page(request, place, form, GlpiApiForm())


@login_required
@require_POST
def import_glpi(request: HttpRequest, pk: int) -> HttpResponse:
    place = collectivite_for(request, pk)
    _writable(request, place)
    form = GlpiApiForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rows = fetch(base_url=data["url"], app_token=data["app_token"],
                         user_token=data["user_token"])
        except GlpiError as exc:
            form.add_error("url", str(exc))
        else:
            report = services.devices_import(actor=request.user, collectivite=place,
                                             raw_rows=rows, source=DeviceSource.GLPI_API,
                                             filename=data["url"], request=request)
            return redirect("sobriete:import-report", pk=report.pk)
    return _import_page(request, place, ImportForm(), form)


@login_required
@require_GET
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(DeviceImport.objects.visible_to(request.user)
                               .select_related("collectivite"), pk=pk)
    return render(request, "sobriete/import_report.html",
                  {"nav_active": NAV, "collectivite": report.collectivite, "report": report})
