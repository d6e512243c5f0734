"""Pages of the good-practice sheets and of the feedback from the field. Thin: parse, call a
selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import rights, selectors, services
from .forms import FeedbackForm, ModerationForm, SheetFilterForm
from .models import FieldFeedback, GoodPracticeSheet

PER_PAGE = 30
NAV = "autodiagnostic"


@login_required
@require_GET
def sheet_list(request: HttpRequest) -> HttpResponse:
    form = SheetFilterForm(request.GET)
    filters = form.filters()
    sheets = selectors.sheet_search(user=request.user, query=filters["q"], theme=filters["theme"])
    page = Paginator(sheets, PER_PAGE).get_page(request.GET.get("page"))
    themes = dict(selectors.theme_choices())
    for sheet in page.object_list:
        sheet.theme_label = themes.get(sheet.theme, sheet.theme)
    return render(request, "questionnaires/fiches/list.html", {
        "nav_active": NAV, "form": form, "filters": filters, "page": page,
        "can_moderate": rights.can_moderate(request.user),
    })


@login_required
@require_GET
def sheet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    sheet = get_object_or_404(GoodPracticeSheet.objects.visible_to(request.user), slug=slug)
    return render(request, "questionnaires/fiches/detail.html", {
        "nav_active": NAV, "sheet": sheet, "theme_label": selectors.theme_label(sheet.theme),
        "questions": selectors.questions_for_sheet(sheet.slug),
        "feedback": selectors.sheet_feedback(user=request.user, sheet=sheet),
        "can_propose": rights.can_propose_somewhere(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback_create(request: HttpRequest, slug: str) -> HttpResponse:
    sheet = get_object_or_404(GoodPracticeSheet.objects.visible_to(request.user), slug=slug)
    if not rights.can_propose_somewhere(request.user):
        raise PermissionDenied(_("Seuls les référents, agents et DPO des collectivités membres "
                                 "proposent des retours d'expérience."))
    form = FeedbackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_propose(
                actor=request.user, collectivite=form.cleaned_data["collectivite"], sheet=sheet,
                title=form.cleaned_data["title"], body=form.cleaned_data["body"], request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Merci ! Votre retour sera publié après relecture par "
                                        "la structure."))
            return redirect("questionnaires:sheet-detail", slug=sheet.slug)
    return render(request, "questionnaires/fiches/feedback_form.html",
                  {"nav_active": NAV, "sheet": sheet, "form": form})


@login_required
@require_GET
def feedback_moderation(request: HttpRequest) -> HttpResponse:
    if not rights.can_moderate(request.user):
        raise PermissionDenied(_("Cette page est réservée aux opérateurs de la structure."))
    return render(request, "questionnaires/fiches/moderation.html", {
        "nav_active": NAV, "pending": selectors.pending_feedback(user=request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    if not rights.can_moderate(request.user):
        raise PermissionDenied(_("Cette page est réservée aux opérateurs de la structure."))
    feedback = get_object_or_404(
        FieldFeedback.objects.visible_to(request.user).select_related("sheet", "collectivite"),
        pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "publish":
                services.feedback_publish(actor=request.user, feedback=feedback, request=request)
                messages.success(request, _("Le retour est publié sous la fiche."))
            else:
                services.feedback_reject(actor=request.user, feedback=feedback,
                                         reason=form.cleaned_data["reason"], request=request)
                messages.success(request,
                                 _("Le retour est refusé ; la collectivité voit le motif."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("questionnaires:feedback-moderation")
    return render(request, "questionnaires/fiches/moderate.html",
                  {"nav_active": NAV, "feedback": feedback, "form": form})
