"""Pages of the REEN strategy builder: overview, strategy, objectives, work programme, yearly
snapshot, RGESN self-assessment and the generated document (ODT and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.documents import pdf_response
from socle.core.forms import apply_errors
from socle.journal.services import record
from socle.territoires.models import Collectivite

from ..reemploi import rights
from . import document, rgesn, selectors, services, themes
from .forms import (
    STATUS_CHOICES,
    ObjectiveForm,
    OnlineServiceForm,
    SnapshotForm,
    StrategyForm,
    WorkActionForm,
)
from .models import Objective, OnlineService, Strategy, WorkAction

NAV = "sobriete"


def _collectivite(request, pk: int, action: str = "reen.view") -> Collectivite:
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    rights.require(request.user, action, collectivite)
    return collectivite




@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    figures = selectors.strategy_figures(collectivite=collectivite)
    context = {
        "nav_active": NAV, "collectivite": collectivite, **figures,
        "key_figures": document.key_figures(figures),
        "obligation": document.obligation_text(figures["required"]),
        "progress": selectors.snapshot_table(figures["snapshots"]),
        "overdue": selectors.overdue_objectives(figures["objectives"]),
        "can_edit": rights.can(request.user, "reen.edit", collectivite),
        "threshold": themes.OBLIGATION_THRESHOLD,
    }
    return render(request, "sobriete/reen/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "reen.edit")
    instance = Strategy.objects.filter(collectivite=collectivite).first() or Strategy(
        collectivite=collectivite)
    form = StrategyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(actor=request.user, collectivite=collectivite,
                                   data=form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Stratégie enregistrée."))
            return redirect("sobriete:reen-collectivite", pk=collectivite.pk)
    return render(request, "sobriete/reen/strategy_form.html",
                  {"nav_active": NAV, "collectivite": collectivite, "form": form})


def _save_objective(actor, instance):
    return services.objective_save(actor=actor, objective=instance)


def _save_action(actor, instance):
    return services.action_save(actor=actor, action=instance)


def _item_form(request, collectivite, form_class, instance, save, template_title):
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Enregistré."))
            return redirect("sobriete:reen-collectivite", pk=collectivite.pk)
    return render(request, "sobriete/reen/item_form.html",
                  {"nav_active": NAV, "collectivite": collectivite, "form": form,
                   "title": template_title, "instance": instance})


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "reen.edit")
    return _item_form(request, collectivite, ObjectiveForm, Objective(collectivite=collectivite),
                      _save_objective, _("Nouvel objectif"))


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, objective_pk: int) -> HttpResponse:
    objective = get_object_or_404(Objective.objects.visible_to(request.user), pk=objective_pk)
    collectivite = _collectivite(request, objective.collectivite_id, "reen.edit")
    return _item_form(request, collectivite, ObjectiveForm, objective, _save_objective,
                      _("Modifier l'objectif"))


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "reen.edit")
    return _item_form(request, collectivite, WorkActionForm, WorkAction(collectivite=collectivite),
                      _save_action, _("Nouvelle action du programme"))


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = get_object_or_404(WorkAction.objects.visible_to(request.user), pk=action_pk)
    collectivite = _collectivite(request, action.collectivite_id, "reen.edit")
    return _item_form(request, collectivite, WorkActionForm, action, _save_action,
                      _("Modifier l'action"))


@login_required
@require_POST
def item_delete(request: HttpRequest, kind: str, item_pk: int) -> HttpResponse:
    model = {"objectif": Objective, "action": WorkAction}.get(kind)
    item = get_object_or_404(model.objects.visible_to(request.user) if model else
                             Objective.objects.none(), pk=item_pk)
    services.item_delete(actor=request.user, item=item)
    messages.success(request, _("Supprimé."))
    return redirect("sobriete:reen-collectivite", pk=item.collectivite_id)


@login_required
@require_http_methods(["GET", "POST"])
def snapshot(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk, "reen.edit")
    figures = selectors.strategy_figures(collectivite=collectivite)
    previous = figures["snapshots"][-1].values if figures["snapshots"] else {}
    form = SnapshotForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        services.snapshot_take(actor=request.user, collectivite=collectivite,
                               year=form.cleaned_data["year"], computed=figures["computed"],
                               entered=form.entered())
        messages.success(request, _("Bilan %(year)d enregistré.")
                         % {"year": form.cleaned_data["year"]})
        return redirect("sobriete:reen-collectivite", pk=collectivite.pk)
    return render(request, "sobriete/reen/snapshot_form.html",
                  {"nav_active": NAV, "collectivite": collectivite, "form": form,
                   "key_figures": document.key_figures(figures)})


@login_required
@require_http_methods(["GET", "POST"])
def rgesn_home(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    can_edit = rights.can(request.user, "reen.edit", collectivite)
    form = OnlineServiceForm(request.POST or None)
    if request.method == "POST":
        rights.require(request.user, "reen.edit", collectivite)
        if form.is_valid():
            try:
                service = services.online_service_create(actor=request.user,
                                                         collectivite=collectivite,
                                                         **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("sobriete:reen-rgesn-service", service_pk=service.pk)
    return render(request, "sobriete/reen/rgesn_home.html", {
        "nav_active": NAV, "collectivite": collectivite, "form": form, "can_edit": can_edit,
        "summary": selectors.rgesn_summary(collectivite=collectivite),
        "total": len(rgesn.criteria())})


def _theme_param(request) -> str:
    """The RGESN theme shown (one at a time keeps the page light): ``?theme=1`` … ``9``."""
    names = rgesn.themes()
    value = request.GET.get("theme", "1")
    index = int(value) - 1 if value.isdigit() else 0
    return names[index] if 0 <= index < len(names) else names[0]


@login_required
@require_http_methods(["GET", "POST"])
def rgesn_service(request: HttpRequest, service_pk: int) -> HttpResponse:
    service = get_object_or_404(OnlineService.objects.visible_to(request.user)
                                .select_related("collectivite"), pk=service_pk)
    collectivite = _collectivite(request, service.collectivite_id)
    can_edit = rights.can(request.user, "reen.edit", collectivite)
    theme = _theme_param(request)
    if request.method == "POST":
        rights.require(request.user, "reen.edit", collectivite)
        answers = {c.number: (request.POST.get(f"s-{c.number}", ""),
                              request.POST.get(f"n-{c.number}", ""))
                   for c in rgesn.criteria() if c.theme == theme}
        try:
            result = services.rgesn_assess(actor=request.user, service=service, answers=answers)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Autodiagnostic enregistré : score %(s)s.")
                             % {"s": "—" if result.percent is None else f"{result.percent} %"})
            url = reverse("sobriete:reen-rgesn-service", kwargs={"service_pk": service.pk})
            return redirect(f"{url}?theme={rgesn.theme_slug(theme)}")
    return render(request, "sobriete/reen/rgesn_service.html",
                  _rgesn_context(service, collectivite, can_edit, theme))


def _rgesn_context(service, collectivite, can_edit, theme) -> dict:
    answers = {a.criterion: a for a in service.answers.all()}
    statuses = {k: a.status for k, a in answers.items()}
    sections = [{"theme": name, "slug": rgesn.theme_slug(name), "score": score}
                for name, score in rgesn.scores_by_theme(statuses)]
    rows = [(c, answers.get(c.number)) for c in rgesn.criteria() if c.theme == theme]
    return {"nav_active": NAV, "collectivite": collectivite, "service": service,
            "sections": sections, "theme": theme, "rows": rows,
            "score": rgesn.score(statuses), "can_edit": can_edit,
            "status_choices": STATUS_CHOICES}


def _document(request, pk: int):
    collectivite = _collectivite(request, pk)
    figures = selectors.strategy_figures(collectivite=collectivite)
    sections = document.document_sections(collectivite=collectivite, figures=figures)
    return collectivite, sections


@login_required
@require_GET
def document_odt(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite, sections = _document(request, pk)
    response = HttpResponse(document.render_odt(sections), content_type=document.ODT_MIME)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="strategie-reen-{stamp}.odt"'
    record(actor=request.user, action="reen.document_generated", collectivite=collectivite,
           details={"format": "ODT"}, request=request)
    return response


@login_required
@require_GET
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite, sections = _document(request, pk)
    record(actor=request.user, action="reen.document_generated", collectivite=collectivite,
           details={"format": "PDF"}, request=request)
    return pdf_response("sobriete/reen/document_pdf.html", sections, basename="strategie-reen")
