"""Pages of self-assessment: campaigns (operators), answering theme by theme, submission and
validation, results with the radar, the action plan and its exports, the territorial view.
Thin: parse, call a selector or a service, render. Tenant rows come through ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import ods_response, pdf_response
from socle.territoires.models import Collectivite

from . import engine, rights, selectors, services
from .forms import ActionForm, CampaignForm, EvidenceForm, ReturnForm, posted_answers
from .models import Action, Campaign, Evidence, Response
from .pages import answer_rows, theme_progress
from .radar import histogram_svg, radar_svg

NAV = "autodiagnostic"


def _operator(request: HttpRequest) -> None:
    if not rights.can(request.user, "launch", None):
        raise PermissionDenied(_("Cette page est réservée aux opérateurs de la structure."))


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    _operator(request)
    return get_object_or_404(Campaign, pk=pk)


def _response(request: HttpRequest, pk: int) -> Response:
    return get_object_or_404(
        Response.objects.visible_to(request.user).select_related("campaign", "collectivite"),
        pk=pk,
    )


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Operators: the campaigns. Members: their collectivité's page (or a choice of them)."""
    if rights.can(request.user, "launch", None):
        campaigns = selectors.campaigns_with_counts(user=request.user)
        return render(request, "questionnaires/home.html",
                      {"nav_active": NAV, "campaigns": campaigns})
    places = list(Collectivite.objects.visible_to(request.user).order_by("name"))
    if len(places) == 1:
        return redirect("questionnaires:collectivite", pk=places[0].pk)
    return render(request, "questionnaires/home_member.html",
                  {"nav_active": NAV, "places": places})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    _operator(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filters = {k: data[k] for k in ("departement", "epci", "population")}
        try:
            campaign = services.campaign_launch(
                actor=request.user, title=data["title"], referential_slug=data["referential"],
                targets=selectors.campaign_targets(**filters), opens_on=data["opens_on"],
                deadline=data["deadline"], filters=filters)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Campagne lancée : les membres sont invités."))
            return redirect("questionnaires:campaign", pk=campaign.pk)
    return render(request, "questionnaires/campaign_create.html",
                  {"nav_active": NAV, "form": form})


@login_required
@require_GET
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    rows = selectors.campaign_progress(campaign=campaign)
    return render(request, "questionnaires/campaign.html",
                  {"nav_active": NAV, "campaign": campaign, "rows": rows})


@login_required
@require_GET
def campaign_territory(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    view = selectors.territorial_view(campaign=campaign)
    histograms = {
        d.theme_id: histogram_svg(d.bands, title=_("Répartition des scores : %(t)s") %
                                  {"t": d.title}, element_id=f"histo-{i}")
        for i, d in enumerate([*view.themes, view.overall])
    }
    return render(request, "questionnaires/territory.html",
                  {"nav_active": NAV, "campaign": campaign, "view": view,
                   "histograms": histograms})


@login_required
@require_GET
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    headers, rows = selectors.territorial_table(selectors.territorial_view(campaign=campaign))
    basename = f"autodiagnostic-{campaign.pk}"
    if fmt == "ods":
        return ods_response([(_("Membres"), headers, rows)], basename=basename)
    return csv_response(csv_lines(headers, rows), basename=basename)


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    responses = selectors.collectivite_responses(user=request.user, collectivite=place)
    answered = [r for r in responses if r.status in selectors.ANSWERED_STATUSES]
    latest = selectors.response_results(user=request.user, response=answered[0]) if answered \
        else None
    validated = next((r for r in responses if r.status == Response.Status.VALIDATED), None)
    actions = list(selectors.plan(response=validated)) if validated else []
    return render(request, "questionnaires/collectivite.html", {
        "nav_active": NAV, "collectivite": place, "responses": responses, "latest": latest,
        "radar": _radar(latest) if latest else "", "validated": validated,
        "actions": actions[:10], "can": rights.abilities(request.user, place),
    })


def _radar(results) -> str:
    return radar_svg(results.axes, title=_("Maturité par thème de %(c)s") %
                     {"c": results.response.collectivite.name})


@login_required
@require_GET
def response(request: HttpRequest, pk: int) -> HttpResponse:
    resp = _response(request, pk)
    referential = engine.referential_for(resp.campaign)
    values = selectors.response_values(resp, referential)
    return render(request, "questionnaires/response.html", {
        "nav_active": NAV, "response": resp, "referential": referential,
        "themes": theme_progress(referential, values),
        "can": rights.abilities(request.user, resp.collectivite_id),
        "return_form": ReturnForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def response_theme(request: HttpRequest, pk: int, theme: str) -> HttpResponse:
    """One page per theme; POST saves (every valid answer is kept), then shows the page again
    with the sub-questions the answers opened (HTMX: only the questions block)."""
    resp = _response(request, pk)
    referential = engine.referential_for(resp.campaign)
    if theme not in {t.id for t in referential.themes}:
        raise Http404
    errors = {}
    if request.method == "POST":
        try:
            ids = [q.id for q in referential.theme(theme).questions]
            errors = services.answers_save(actor=request.user, response=resp,
                                           posted=posted_answers(request.POST, ids))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        if not errors and not request.htmx:
            messages.success(request, _("Réponses enregistrées."))
            return redirect(_next_theme(request, resp, referential, theme))
    context = _theme_context(request, resp, referential, theme, errors)
    template = "questionnaires/theme.html"
    if request.htmx:
        template += "#questions"
    return render(request, template, context, status=400 if errors else 200)


def _next_theme(request, resp, referential, theme: str) -> str:
    ids = [t.id for t in referential.themes]
    here = reverse("questionnaires:response-theme", kwargs={"pk": resp.pk, "theme": theme})
    if request.POST.get("go") == "next" and ids.index(theme) + 1 < len(ids):
        return reverse("questionnaires:response-theme",
                       kwargs={"pk": resp.pk, "theme": ids[ids.index(theme) + 1]})
    if request.POST.get("go") == "next":
        return reverse("questionnaires:response", kwargs={"pk": resp.pk})
    return here


def _theme_context(request, resp, referential, theme: str, errors: dict) -> dict:
    ids = [t.id for t in referential.themes]
    index = ids.index(theme)
    editable = resp.is_open and rights.can(request.user, "answer", resp.collectivite_id)
    return {
        "nav_active": NAV, "response": resp, "referential": referential,
        "theme": referential.theme(theme), "position": index + 1, "theme_count": len(ids),
        "previous": ids[index - 1] if index else None,
        "rows": answer_rows(referential, theme, selectors.stored_answers(resp), errors,
                            request.POST if errors else None),
        "editable": editable, "errors": errors, "evidence_form": EvidenceForm(),
    }


@login_required
@require_POST
def response_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    resp = _response(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    question_id = request.POST.get("question", "")
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, response=resp, question_id=question_id,
                                  upload=form.cleaned_data["file"])
            messages.success(request, _("Justificatif ajouté."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, _("Choisissez un fichier à joindre."))
    theme = question_id.split(".", 1)[0]
    try:
        engine.referential_for(resp.campaign).theme(theme)
    except StopIteration:
        return redirect("questionnaires:response", pk=resp.pk)
    return redirect(reverse("questionnaires:response-theme",
                            kwargs={"pk": resp.pk, "theme": theme}) + f"#q-{question_id}")


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=item.original_name,
                        content_type=item.content_type)


@login_required
@require_POST
def response_submit(request: HttpRequest, pk: int) -> HttpResponse:
    resp = _response(request, pk)
    try:
        services.response_submit(actor=request.user, response=resp,
                                 partial=request.POST.get("partial") == "1")
        messages.success(request, _("Autodiagnostic soumis : un référent ou le DPO va le valider."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("questionnaires:response", pk=resp.pk)


@login_required
@require_POST
def response_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """Validate (and draw the action plan), or send back with a comment."""
    resp = _response(request, pk)
    try:
        if request.POST.get("decision") == "return":
            services.response_return(actor=request.user, response=resp,
                                     comment=request.POST.get("comment", ""))
            messages.success(request, _("Autodiagnostic renvoyé pour compléments."))
        else:
            services.response_validate(actor=request.user, response=resp)
            messages.success(request, _("Autodiagnostic validé : le plan d'action est prêt."))
            return redirect("questionnaires:response-plan", pk=resp.pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("questionnaires:response", pk=resp.pk)


@login_required
@require_GET
def response_results(request: HttpRequest, pk: int) -> HttpResponse:
    resp = _response(request, pk)
    results = selectors.response_results(user=request.user, response=resp)
    return render(request, "questionnaires/results.html", {
        "nav_active": NAV, "response": resp, "results": results, "radar": _radar(results),
        "median_minimum": selectors.MEDIAN_MINIMUM,
    })


@login_required
@require_GET
def response_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF a mayor takes to the municipal council: scores, radar, priorities, plan."""
    resp = _response(request, pk)
    results = selectors.response_results(user=request.user, response=resp)
    actions = list(selectors.plan(response=resp))
    return pdf_response("questionnaires/report_pdf.html", {
        "response": resp, "results": results, "radar": _radar(results),
        "actions": actions, "priorities": actions[:6],
    }, basename=f"autodiagnostic-{resp.collectivite.code_insee or resp.collectivite.pk}")


@login_required
@require_GET
def response_plan(request: HttpRequest, pk: int) -> HttpResponse:
    resp = _response(request, pk)
    actions = list(selectors.plan(response=resp))
    selectors.action_sheets(actions)
    return render(request, "questionnaires/plan.html", {
        "nav_active": NAV, "response": resp, "actions": actions,
        "can": rights.abilities(request.user, resp.collectivite_id),
    })


@login_required
@require_GET
def response_plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    resp = _response(request, pk)
    headers, rows = selectors.plan_table(selectors.plan(response=resp))
    basename = f"plan-action-{resp.collectivite.code_insee or resp.collectivite.pk}"
    if fmt == "ods":
        return ods_response([(_("Plan d'action"), headers, rows)], basename=basename)
    return csv_response(csv_lines(headers, rows), basename=basename)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("response__campaign",
                                                               "collectivite"), pk=pk)
    if not rights.can(request.user, "plan", action.collectivite_id):
        raise PermissionDenied(_("Vous pouvez consulter le plan, pas le modifier."))
    people = selectors.people_of(action.collectivite)
    form = ActionForm(request.POST or None, instance=action, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(actor=request.user, action=Action.objects.get(pk=action.pk),
                                   owner=data["owner"], due_date=data["due_date"],
                                   status=data["status"], abandon_reason=data["abandon_reason"])
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Action mise à jour."))
            return redirect("questionnaires:response-plan", pk=action.response_id)
    return render(request, "questionnaires/action_edit.html",
                  {"nav_active": NAV, "action": action, "form": form,
                   "is_operateur": permissions.is_operateur(request.user)})
