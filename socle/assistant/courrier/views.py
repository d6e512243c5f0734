"""Citizen mail pages: the register, registering a letter, a letter with its classification,
similar replies and the reply to validate, exports. Thin: parse, call a selector or a service,
render. No view sends anything: the agent sends the validated reply and records the date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import ods_response
from socle.core.forms import apply_errors
from socle.journal.services import record
from socle.territoires.models import Collectivite

from . import drafting, selectors, services
from . import permissions as rights
from .forms import FilterForm, LetterForm, LetterUpdateForm, ReplyForm, SentForm
from .models import Letter, Reply
from .parsing import ParseError
from .similar import similar_replies

NAV = "assistant"


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    rights.require_read(request.user, place)
    return place


def _letter(request: HttpRequest, letter_pk: int, *, write: bool = False) -> Letter:
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user).select_related("collectivite", "category",
                                                               "predicted_category"),
        pk=letter_pk)
    if write and not rights.can_write(request.user, letter.collectivite):
        raise PermissionDenied
    return letter


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    filters = FilterForm(request.GET or None, collectivite=place)
    letters = selectors.register(collectivite=place, **filters.filters())
    page = Paginator(letters.defer("body"), 25).get_page(request.GET.get("page"))
    return render(request, "assistant_courrier/register.html", {
        "nav_active": NAV, "collectivite": place, "page": page, "filters": filters,
        "can_write": rights.can_write(request.user, place),
        "overdue_count": selectors.register(collectivite=place, overdue=True).count()})


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    rights.require_write(request.user, place)
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            letter = services.letter_register(
                actor=request.user, collectivite=place, data=form.letter_data(),
                upload=(upload.read(), upload.name) if upload else None, request=request)
        except ParseError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Courrier enregistré : vérifiez la catégorie proposée."))
            return redirect("assistant_courrier:letter", letter_pk=letter.pk)
    return render(request, "assistant_courrier/new.html",
                  {"nav_active": NAV, "collectivite": place, "form": form})


@login_required
@require_GET
def letter_detail(request: HttpRequest, letter_pk: int) -> HttpResponse:
    letter = _letter(request, letter_pk)
    reply = Reply.objects.filter(letter=letter).select_related("validated_by").first()
    can_write = rights.can_write(request.user, letter.collectivite)
    return render(request, "assistant_courrier/letter.html", {
        "nav_active": NAV, "letter": letter, "collectivite": letter.collectivite,
        "reply": reply, "can_write": can_write, "similar": similar_replies(letter=letter),
        "update_form": LetterUpdateForm(letter=letter),
        "reply_form": ReplyForm(initial={"text": reply.text if reply else ""}),
        "sent_form": SentForm(), "model_available": drafting.model_available()})


@login_required
@require_POST
def letter_update(request: HttpRequest, letter_pk: int) -> HttpResponse:
    letter = _letter(request, letter_pk, write=True)
    form = LetterUpdateForm(request.POST, letter=letter)
    if not form.is_valid():
        messages.error(request, _("Mise à jour refusée : vérifiez les valeurs choisies."))
    else:
        try:
            services.letter_update(actor=request.user, letter=letter, request=request,
                                   **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Courrier mis à jour."))
    return redirect("assistant_courrier:letter", letter_pk=letter.pk)


@login_required
@require_POST
def draft(request: HttpRequest, letter_pk: int) -> HttpResponse:
    letter = _letter(request, letter_pk, write=True)
    try:
        _reply, warning = services.reply_draft(
            actor=request.user, letter=letter, request=request,
            use_model=request.POST.get("source") != "similar")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if warning:
            messages.warning(request, warning)
        messages.success(request, _("Brouillon prêt : relisez-le et modifiez-le avant de le "
                                    "valider."))
    return redirect(f"{letter_url(letter)}#reponse")


def letter_url(letter: Letter) -> str:
    from django.urls import reverse

    return reverse("assistant_courrier:letter", kwargs={"letter_pk": letter.pk})


@login_required
@require_POST
def reply_save(request: HttpRequest, letter_pk: int) -> HttpResponse:
    letter = _letter(request, letter_pk, write=True)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La réponse est vide ou trop longue."))
        return redirect(f"{letter_url(letter)}#reponse")
    validate = request.POST.get("action") == "validate"
    service = services.reply_validate if validate else services.reply_save
    try:
        service(actor=request.user, letter=letter, text=form.cleaned_data["text"],
                request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Réponse validée : envoyez-la vous-même, puis indiquez la "
                                    "date d'envoi.") if validate else _("Réponse enregistrée."))
    return redirect(f"{letter_url(letter)}#reponse")


@login_required
@require_POST
def reply_sent(request: HttpRequest, letter_pk: int) -> HttpResponse:
    letter = _letter(request, letter_pk, write=True)
    form = SentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez une date d'envoi valide."))
    else:
        try:
            services.reply_mark_sent(actor=request.user, letter=letter, request=request,
                                     sent_on=form.cleaned_data["sent_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Envoi enregistré : le courrier est marqué répondu."))
    return redirect(f"{letter_url(letter)}#reponse")


@login_required
@require_GET
def attachment(request: HttpRequest, letter_pk: int) -> FileResponse:
    letter = _letter(request, letter_pk)
    if not letter.attachment:
        raise Http404
    return FileResponse(letter.attachment.open("rb"), as_attachment=True,
                        filename=letter.attachment_name or "courrier")


@login_required
@require_GET
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    place = _collectivite(request, pk)
    filters = FilterForm(request.GET or None, collectivite=place)
    letters = selectors.register(collectivite=place, **filters.filters()).order_by("received_on",
                                                                                   "pk")
    record(actor=request.user, action="courrier.exported", collectivite=place,
           details={"format": fmt, "filtres": filters.filters() if filters.is_bound else {}},
           request=request)
    basename = f"courrier-{place.code_insee or place.pk}"
    rows = selectors.export_rows(letters.iterator())
    if fmt == "ods":
        return ods_response([(_("Courrier"), selectors.EXPORT_HEADERS, list(rows))],
                            basename=basename)
    return csv_response(csv_lines(selectors.EXPORT_HEADERS, rows), basename=basename)
