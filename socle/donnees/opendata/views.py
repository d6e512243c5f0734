"""Pages of the data catalogue, open-data publication and sharing agreements (signed-in members).
Thin: parse, call a selector or a service, render. Another collectivité's object gives 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import ods_response
from socle.core.forms import apply_errors
from socle.donnees import rules
from socle.territoires.models import Collectivite

from . import selectors, services
from .forms import DatasetFilterForm, DatasetForm, ReasonForm, SiretForm, UploadForm
from .models import Dataset, DatasetVersion, OpenDataProfile
from .production import public_file_path

PER_PAGE = 25
EXPORT_HEADERS = ["Titre", "Identifiant", "Propriétaire", "Référent", "Niveau de partage",
                  "Type d'accès", "Données personnelles", "Traitement", "Base légale",
                  "Conservation", "Fréquence", "Thème", "Mots-clés", "Licence", "Schéma",
                  "Versions publiées", "Archivé le"]


def _collectivite(request: HttpRequest, pk: int, action: str = "donnees.view") -> Collectivite:
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not rules.can(request.user, action, collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette page."))
    return collectivite


def _dataset(request: HttpRequest, dataset_pk: int, action: str = "donnees.view") -> Dataset:
    dataset = get_object_or_404(
        Dataset.objects.visible_to(request.user).select_related("collectivite", "processing"),
        pk=dataset_pk)
    if not rules.can(request.user, action, dataset.collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour cette action."))
    return dataset


def _base(collectivite: Collectivite, user, **extra) -> dict:
    return {"nav_active": "donnees", "collectivite": collectivite,
            "abilities": rules.abilities(user, collectivite), **extra}


@login_required
@require_GET
def dataset_list(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    form = DatasetFilterForm(request.GET or None)
    filters = form.to_filter()
    qs = selectors.datasets(user=request.user, collectivite=collectivite, filters=filters)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "donnees/opendata/dataset_list.html", _base(
        collectivite, request.user, form=form, page=page, is_filtered=filters != type(filters)()))


def _export_rows(qs):
    for d in qs:
        yield [d.title, d.slug, d.owner, d.steward, d.get_sharing_level_display(),
               d.get_access_type_display(), d.personal_data, str(d.processing or ""),
               d.get_legal_basis_display(), d.retention, d.get_frequency_display(),
               d.get_theme_display(), d.keywords, d.get_license_display(), d.schema,
               d.version_count, d.archived_at]


@login_required
@require_GET
def dataset_export(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    filters = DatasetFilterForm(request.GET or None).to_filter()
    qs = selectors.datasets(user=request.user, collectivite=collectivite, filters=filters)
    basename = f"catalogue-donnees-{collectivite.code_insee or collectivite.pk}"
    if request.GET.get("format") == "ods":
        return ods_response([("Catalogue", EXPORT_HEADERS, list(_export_rows(qs)))],
                            basename=basename)
    return csv_response(csv_lines(EXPORT_HEADERS, _export_rows(qs.iterator())),
                        basename=basename)


@login_required
@require_http_methods(["GET", "POST"])
def dataset_create(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "donnees.edit")
    form = DatasetForm(request.POST or None, collectivite=collectivite)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = services.dataset_create(actor=request.user, collectivite=collectivite,
                                              data=form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Jeu de données ajouté au catalogue."))
            return redirect("donnees:dataset-detail", dataset_pk=dataset.pk)
    return render(request, "donnees/opendata/dataset_form.html",
                  _base(collectivite, request.user, form=form, dataset=None))


@login_required
@require_http_methods(["GET", "POST"])
def dataset_edit(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk, "donnees.edit")
    form = DatasetForm(request.POST or None, instance=dataset, collectivite=dataset.collectivite)
    if request.method == "POST" and form.is_valid():
        fresh = Dataset.objects.get(pk=dataset.pk)
        try:
            services.dataset_update(actor=request.user, dataset=fresh,
                                    data=form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Jeu de données enregistré."))
            return redirect("donnees:dataset-detail", dataset_pk=dataset.pk)
    return render(request, "donnees/opendata/dataset_form.html",
                  _base(dataset.collectivite, request.user, form=form, dataset=dataset))




@login_required
@require_GET
def dataset_detail(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk)
    versions = dataset.versions.defer("content").select_related("published_by")
    shares = selectors.agreements(user=request.user).filter(dataset=dataset)
    return render(request, "donnees/opendata/dataset_detail.html", _base(
        dataset.collectivite, request.user, dataset=dataset, versions=versions, shares=shares,
        public_path=public_file_path(dataset) if dataset.is_public and versions else "",
        upload_form=UploadForm()))


@login_required
@require_http_methods(["GET", "POST"])
def dataset_archive(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk, "donnees.archive")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dataset_archive(actor=request.user, dataset=dataset,
                                     reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Jeu de données archivé."))
            return redirect("donnees:dataset-detail", dataset_pk=dataset.pk)
    return render(request, "donnees/opendata/dataset_archive.html",
                  _base(dataset.collectivite, request.user, dataset=dataset, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def dataset_upload(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk, "donnees.edit")
    form = UploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report, version = services.version_publish(
                actor=request.user, dataset=dataset, data=upload.read(), filename=upload.name)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if version is not None:
                messages.success(request, _("Fichier conforme : version %(n)s publiée.")
                                 % {"n": version.number})
                return redirect("donnees:dataset-detail", dataset_pk=dataset.pk)
    return render(request, "donnees/opendata/dataset_upload.html", _base(
        dataset.collectivite, request.user, dataset=dataset, form=form, report=report),
        status=422 if report is not None else 200)


@login_required
@require_GET
def version_download(request: HttpRequest, dataset_pk: int, version_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk)
    version = get_object_or_404(DatasetVersion.objects.visible_to(request.user),
                                dataset=dataset, pk=version_pk)
    response = HttpResponse(bytes(version.content), content_type="text/csv; charset=utf-8")
    name = f"{dataset.slug}-v{version.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_publish(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "donnees.edit")
    profile = OpenDataProfile.objects.filter(collectivite=collectivite).first()
    form = SiretForm(request.POST or None, initial={"siret": profile.siret if profile else ""})
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report, version = services.catalogue_publish(
                actor=request.user, collectivite=collectivite, siret=form.cleaned_data["siret"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if version is not None:
                messages.success(request, _("Catalogue SCDL publié (version %(n)s).")
                                 % {"n": version.number})
                return redirect("donnees:dataset-detail", dataset_pk=version.dataset_id)
    return render(request, "donnees/opendata/catalogue_publish.html",
                  _base(collectivite, request.user, form=form, report=report))
