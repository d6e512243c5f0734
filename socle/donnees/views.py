"""Pages of the donnees app (part A): the home (operator indicators or the mutualised DPO view),
a collectivité's "Données et RGPD" page, the register of processing and its template library,
exports and the optional public register. Breaches and requests: ``views_incidents``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.documents import ods_response, pdf_response
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import exports, rules, selectors, services
from .forms import AdoptForm, ArchiveForm, ProcessingForm, PublishForm
from .models import Processing, ProcessingTemplate, RegisterSettings
from .opendata import selectors as opendata_selectors

OPENDATA_BLOCK = "donnees/opendata/_collectivite_block.html"




def collectivite_for(request: HttpRequest, pk: int, action: str = "donnees.view") -> Collectivite:
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    rules.require(request.user, action, collectivite)
    return collectivite


def item_for(request: HttpRequest, model, pk: int, action: str = "donnees.view"):
    item = get_object_or_404(model.objects.visible_to(request.user).select_related(
        "collectivite"), pk=pk)
    rules.require(request.user, action, item.collectivite)
    return item


def base_context(request: HttpRequest, collectivite: Collectivite, **extra) -> dict:
    return {"nav_active": "donnees", "collectivite": collectivite,
            "rights": rules.abilities(request.user, collectivite), **extra}


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Operators: territorial indicators. DPOs and people of several collectivités: the
    mutualised overview. A member of one collectivité: its page."""
    user = request.user
    if permissions.is_operateur(user):
        context = {"nav_active": "donnees", "indicators": selectors.territory_indicators(),
                   "late": selectors.collectivites_with_overdue()}
        return render(request, "donnees/home_operator.html", context)
    served = selectors.served_collectivites(user)
    ids = list(served.values_list("pk", flat=True))
    if len(ids) == 1 and not selectors.is_dpo(user):
        return redirect("donnees:collectivite", pk=ids[0])
    rows = selectors.overview(collectivites=served)
    context = {"nav_active": "donnees", "rows": rows, "is_dpo": selectors.is_dpo(user),
               "overdue": selectors.overdue_items(collectivite_ids=ids),
               "totals": {k: sum(r[k] for r in rows) for k in (
                   "processing_count", "open_breaches", "open_requests", "overdue")}}
    return render(request, "donnees/home_overview.html", context)


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    """The collectivité's "Données et RGPD" page: register, breaches, requests, open data."""
    obj = collectivite_for(request, pk)
    context = base_context(
        request, obj, summary=selectors.summary(collectivite=obj),
        processings=selectors.processings(collectivite=obj)[:10],
        breaches=selectors.breaches(collectivite=obj),
        requests=selectors.subject_requests(collectivite=obj),
        opendata_block=OPENDATA_BLOCK,
        opendata=opendata_selectors.collectivite_summary(user=request.user, collectivite=obj))
    return render(request, "donnees/collectivite.html", context)


@login_required
@require_GET
def register(request: HttpRequest, pk: int) -> HttpResponse:
    obj = collectivite_for(request, pk)
    settings_row = RegisterSettings.objects.filter(collectivite=obj).first()
    context = base_context(
        request, obj, processings=selectors.processings(collectivite=obj),
        archived=selectors.processings(collectivite=obj, archived=True),
        summary=selectors.summary(collectivite=obj),
        is_public=bool(settings_row and settings_row.is_public))
    return render(request, "donnees/register.html", context)


@login_required
@require_GET
def register_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    obj = collectivite_for(request, pk)
    rows = list(selectors.processings(collectivite=obj))
    basename = f"registre-{obj.code_insee or obj.pk}"
    if fmt == "pdf":
        context = exports.pdf_context(collectivite=obj, processings=rows)
        return pdf_response("donnees/register_pdf.html", context, basename=basename)
    return ods_response(exports.ods_sheets(processings=rows), basename=basename)


@login_required
@require_POST
def register_publish(request: HttpRequest, pk: int) -> HttpResponse:
    obj = collectivite_for(request, pk, "donnees.publish")
    form = PublishForm(request.POST)
    is_public = form.is_valid() and form.cleaned_data["is_public"]
    if services.register_set_public(actor=request.user, collectivite=obj, is_public=is_public):
        messages.success(request, _("Le registre est publié.") if is_public
                         else _("Le registre n'est plus public."))
    return redirect("donnees:register", pk=obj.pk)


def public_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The public register, without signing in, when the collectivité opted in."""
    obj = get_object_or_404(Collectivite.objects.members(), pk=pk)
    rows = selectors.public_register(collectivite=obj)
    if rows is None:
        raise Http404(_("Ce registre n'est pas public."))
    return render(request, "donnees/public_register.html", {"collectivite": obj, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def processing_create(request: HttpRequest, pk: int) -> HttpResponse:
    obj = collectivite_for(request, pk, "donnees.edit")
    form = ProcessingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.processing_create(actor=request.user, collectivite=obj,
                                              data=form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Le traitement a été ajouté au registre."))
            return redirect("donnees:processing", pk=item.pk)
    context = base_context(request, obj, form=form, title=_("Nouveau traitement"))
    return render(request, "donnees/processing_form.html", context)


@login_required
@require_GET
def processing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, Processing, pk)
    context = base_context(request, item.collectivite, processing=item,
                           archive_form=ArchiveForm())
    return render(request, "donnees/processing.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def processing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, Processing, pk, "donnees.edit")
    form = ProcessingForm(request.POST or None, instance=Processing.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.processing_update(actor=request.user, processing=item,
                                       data=form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Le traitement a été enregistré."))
            return redirect("donnees:processing", pk=item.pk)
    context = base_context(request, item.collectivite, form=form, processing=item,
                           title=_("Modifier « %(name)s »") % {"name": item.name})
    return render(request, "donnees/processing_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def processing_template(request: HttpRequest, pk: int) -> HttpResponse:
    """What the template's new version changes (GET); follow it or keep the current one (POST)."""
    item = item_for(request, Processing, pk)
    if request.method == "POST":
        rules.require(request.user, "donnees.edit", item.collectivite)
        try:
            if request.POST.get("decision") == "suivre":
                fields = services.processing_follow_template(actor=request.user, processing=item)
                messages.success(request, ngettext(
                    "Nouvelle version appliquée : %(n)d champ mis à jour.",
                    "Nouvelle version appliquée : %(n)d champs mis à jour.", len(fields))
                    % {"n": len(fields)})
            else:
                services.processing_decline_template(actor=request.user, processing=item)
                messages.success(request, _("Vous gardez votre version du traitement."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("donnees:processing", pk=item.pk)
    context = base_context(request, item.collectivite, processing=item,
                           diff=selectors.template_diff(processing=item))
    return render(request, "donnees/processing_template.html", context)


def archive_view(request: HttpRequest, pk: int, model, url_name: str) -> HttpResponse:
    """Archive a processing, a breach or a request, with a reason (shared by the three)."""
    item = item_for(request, model, pk, "donnees.archive")
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_archive(actor=request.user, item=item,
                                  reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("La fiche est archivée ; elle reste consultable."))
            return redirect(url_name, pk=item.pk)
    context = base_context(request, item.collectivite, item=item, form=form,
                           back=url_name)
    return render(request, "donnees/archive.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def processing_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_view(request, pk, Processing, "donnees:processing")


@login_required
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    context = {"nav_active": "donnees", "templates": selectors.template_library()}
    return render(request, "donnees/templates.html", context)


def _adoptable(user):
    qs = Collectivite.objects.visible_to(user)
    return qs if permissions.is_operateur(user) else qs.filter(pk__in=rules.writable_ids(user))


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A template of the library, and adoption by one or several collectivités at once."""
    template = get_object_or_404(ProcessingTemplate.objects.filter(is_active=True), pk=pk)
    choices = _adoptable(request.user).order_by("search_name")
    initial = {"collectivites": [request.GET["pour"]]} if request.GET.get(
        "pour", "").isdigit() else None
    form = AdoptForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.processing_adopt(actor=request.user, template=template,
                                                collectivites=form.cleaned_data["collectivites"])
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(
                str(exc)))
        else:
            messages.success(request, ngettext(
                "Modèle adopté par %(n)d collectivité.", "Modèle adopté par %(n)d collectivités.",
                len(created)) % {"n": len(created)})
            target = created[0]
            return redirect("donnees:processing", pk=target.pk) if len(created) == 1 else \
                redirect("donnees:home")
    preview = Processing(**template.content)
    context = {"nav_active": "donnees", "template": template, "form": form,
               "preview": preview, "can_adopt": choices.exists()}
    return render(request, "donnees/template.html", context)
