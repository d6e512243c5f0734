"""Minutes pages: the list of a collectivité's procès-verbaux, a new draft from a transcript, the
draft with its analysis (edit, validate), exports. Thin: parse, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import exports, generation, services
from . import permissions as rights
from .analysis import format_seconds, vote_label
from .forms import MinutesEditForm, MinutesNewForm
from .models import Minutes
from .parsing import TranscriptError

NAV = "assistant"


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not rights.can_read(request.user, place):
        raise Http404
    return place


def _minutes(request: HttpRequest, minutes_pk: int) -> Minutes:
    minutes = get_object_or_404(
        Minutes.objects.visible_to(request.user).select_related("collectivite", "validated_by"),
        pk=minutes_pk)
    if not rights.can_read(request.user, minutes.collectivite):
        raise Http404
    return minutes


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    rows = Minutes.objects.filter(collectivite=place).only(
        "pk", "title", "session_date", "status", "mode", "collectivite_id")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "assistant_minutes/collectivite.html",
                  {"nav_active": NAV, "collectivite": place, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    available = generation.model_available()
    form = MinutesNewForm(request.POST or None, request.FILES or None,
                          model_available=available)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            minutes = services.minutes_draft(
                actor=request.user, collectivite=place, transcript=data["transcript"],
                session_date=data["session_date"], title=data["title"], agenda=data["agenda"],
                attendance=data["attendance"], source_name=data.get("source_name", ""),
                use_model=data.get("use_model", False), request=request)
        except TranscriptError as error:
            form.add_error("transcript_file" if data.get("source_name") else "transcript",
                           str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if data.get("use_model") and minutes.mode != Minutes.Mode.MODEL:
                messages.warning(request, _("Le modèle n'a pas répondu : le projet est "
                                            "extractif (phrases clés de la transcription)."))
            else:
                messages.success(request, _("Projet de procès-verbal prêt : relisez-le."))
            return redirect("assistant_minutes:detail", minutes_pk=minutes.pk)
    return render(request, "assistant_minutes/new.html", {
        "nav_active": NAV, "collectivite": place, "form": form, "model_available": available})


def _analysis_context(minutes: Minutes) -> dict:
    data = minutes.analysis or {}
    topics = [{**t, "start_label": format_seconds(t.get("start")),
               "end_label": format_seconds(t.get("end"))} for t in data.get("topics", [])]
    speakers = [{**s, "time_label": format_seconds(s.get("seconds"))}
                for s in data.get("speakers", [])]
    decisions = [{**d, "vote_label": vote_label(d.get("vote"))}
                 for d in data.get("decisions", [])]
    return {"data": data, "topics": topics, "speakers": speakers, "decisions": decisions,
            "actions": data.get("actions", []), "duration": format_seconds(data.get("duration"))}


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, minutes_pk: int) -> HttpResponse:
    minutes = _minutes(request, minutes_pk)
    can_edit = rights.can_edit(request.user, minutes.collectivite) and not minutes.is_validated
    form = MinutesEditForm(request.POST or None, initial={"text": minutes.text})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.minutes_edit(actor=request.user, minutes=minutes,
                                      text=form.cleaned_data["text"], request=request)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Procès-verbal enregistré."))
                return redirect("assistant_minutes:detail", minutes_pk=minutes.pk)
    return render(request, "assistant_minutes/detail.html", {
        "nav_active": NAV, "minutes": minutes, "collectivite": minutes.collectivite,
        "form": form, "can_edit": can_edit, "blocks": exports.blocks(minutes.text),
        **_analysis_context(minutes)})


@login_required
@require_POST
def validate(request: HttpRequest, minutes_pk: int) -> HttpResponse:
    minutes = _minutes(request, minutes_pk)
    try:
        services.minutes_validate(actor=request.user, minutes=minutes, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Procès-verbal validé : il n'est plus modifiable."))
    return redirect("assistant_minutes:detail", minutes_pk=minutes.pk)


EXPORTS = {"odt": (exports.odt, exports.ODT_MIME), "docx": (exports.docx, exports.DOCX_MIME),
           "pdf": (exports.pdf, "application/pdf")}


@login_required
@require_GET
def export(request: HttpRequest, minutes_pk: int, fmt: str) -> HttpResponse:
    minutes = _minutes(request, minutes_pk)
    if fmt not in EXPORTS:
        raise Http404
    render_document, mime = EXPORTS[fmt]
    response = HttpResponse(render_document(minutes), content_type=mime)
    name = slugify(f"proces-verbal-{minutes.collectivite.name}-{minutes.session_date}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    services.minutes_exported(actor=request.user, minutes=minutes, fmt=fmt, request=request)
    return response
