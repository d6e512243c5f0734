"""Pages of the breaches register and of data-subject requests. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.forms import apply_errors

from . import services
from .forms import AnswerForm, BreachForm, ExtendForm, RequestForm
from .models import Breach, SubjectRequest
from .views import archive_view, base_context, collectivite_for, item_for


def _then(item, _changed: bool):
    """The item an update service changed in place (it returns whether anything changed)."""
    return item


def _edit(request, *, form, save, collectivite, template, success, **extra) -> HttpResponse:
    """The common create/edit loop: valid form → service → redirect; else the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            item = save(form.data_for_service())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(extra.pop("next_url", None) or item.get_absolute_url())
    return render(request, template, base_context(request, collectivite, form=form, **extra))


@login_required
@require_http_methods(["GET", "POST"])
def breach_create(request: HttpRequest, pk: int) -> HttpResponse:
    obj = collectivite_for(request, pk, "donnees.edit")
    form = BreachForm(request.POST or None,
                      initial={"detected_at": timezone.localtime().replace(second=0,
                                                                            microsecond=0)})
    return _edit(request, form=form, collectivite=obj, template="donnees/breach_form.html",
                 save=lambda data: services.breach_create(actor=request.user, collectivite=obj,
                                                          data=data),
                 success=_("La violation est enregistrée : le délai de 72 heures est affiché."),
                 title=_("Déclarer une violation de données"))


@login_required
@require_GET
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, Breach, pk)
    return render(request, "donnees/breach.html", base_context(request, item.collectivite,
                                                               breach=item))


@login_required
@require_http_methods(["GET", "POST"])
def breach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, Breach, pk, "donnees.edit")
    form = BreachForm(request.POST or None, instance=Breach.objects.get(pk=item.pk))
    return _edit(request, form=form, collectivite=item.collectivite,
                 template="donnees/breach_form.html",
                 save=lambda data: _then(item, services.breach_update(
                     actor=request.user, breach=item, data=data)),
                 success=_("La violation a été mise à jour."), breach=item,
                 title=_("Mettre à jour « %(title)s »") % {"title": item.title})


@login_required
@require_POST
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, Breach, pk, "donnees.edit")
    try:
        services.breach_close(actor=request.user, breach=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("La violation est clôturée ; elle reste au registre."))
    return redirect("donnees:breach", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def breach_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_view(request, pk, Breach, "donnees:breach")


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    obj = collectivite_for(request, pk, "donnees.edit")
    form = RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    return _edit(request, form=form, collectivite=obj, template="donnees/request_form.html",
                 save=lambda data: services.request_create(actor=request.user, collectivite=obj,
                                                           data=data),
                 success=_("La demande est enregistrée."),
                 title=_("Enregistrer une demande d'exercice de droits"))


def _request_page(request, item, *, extend_form=None, answer_form=None, status=200):
    context = base_context(request, item.collectivite, demand=item,
                           extend_form=extend_form or ExtendForm(),
                           answer_form=answer_form or AnswerForm(
                               initial={"answered_on": timezone.localdate()}))
    return render(request, "donnees/request.html", context, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, item_for(request, SubjectRequest, pk))


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, SubjectRequest, pk, "donnees.edit")
    form = RequestForm(request.POST or None, instance=SubjectRequest.objects.get(pk=item.pk))
    return _edit(request, form=form, collectivite=item.collectivite,
                 template="donnees/request_form.html",
                 save=lambda data: _then(item, services.request_update(
                     actor=request.user, request=item, data=data)),
                 success=_("La demande a été mise à jour."), demand=item,
                 title=_("Modifier la demande"))


@login_required
@require_POST
def request_extend(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, SubjectRequest, pk, "donnees.edit")
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.request_extend(actor=request.user, request=item,
                                    reason=form.cleaned_data["extension_reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Délai prolongé jusqu'au %(date)s.")
                             % {"date": item.due_on.strftime("%d/%m/%Y")})
            return redirect("donnees:request", pk=item.pk)
    return _request_page(request, item, extend_form=form, status=400)


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for(request, SubjectRequest, pk, "donnees.edit")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.request_answer(actor=request.user, request=item, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("La réponse est enregistrée et la demande clôturée."))
            return redirect("donnees:request", pk=item.pk)
    return _request_page(request, SubjectRequest.objects.get(pk=item.pk), answer_form=form,
                         status=400)


@login_required
@require_http_methods(["GET", "POST"])
def request_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_view(request, pk, SubjectRequest, "donnees:request")

