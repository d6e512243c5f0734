"""Pages of the sharing agreements: visible to both parties (and operators), nobody else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle.core.forms import apply_errors
from socle.donnees import rules

from . import selectors, services
from .forms import AgreementForm, ReasonForm
from .models import AgreementStatus, SharingAgreement
from .views import _base, _collectivite, _dataset


@login_required
@require_GET
def agreement_list(request: HttpRequest, pk: int) -> HttpResponse:
    collectivite = _collectivite(request, pk)
    shares = selectors.agreements(user=request.user, collectivite=collectivite)
    return render(request, "donnees/opendata/agreement_list.html", _base(
        collectivite, request.user,
        given=[a for a in shares if a.collectivite_id == collectivite.pk],
        received=[a for a in shares if a.recipient_id == collectivite.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    dataset = _dataset(request, dataset_pk, "donnees.edit")
    form = AgreementForm(request.POST or None, provider=dataset.collectivite)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=request.user, dataset=dataset,
                                                  data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Convention proposée à %(who)s.")
                             % {"who": agreement.recipient.name})
            return redirect("donnees:agreement-detail", agreement_pk=agreement.pk)
    return render(request, "donnees/opendata/agreement_form.html",
                  _base(dataset.collectivite, request.user, dataset=dataset, form=form))


def _agreement(request: HttpRequest, agreement_pk: int) -> SharingAgreement:
    return get_object_or_404(
        selectors.agreements(user=request.user), pk=agreement_pk)


@login_required
@require_GET
def agreement_detail(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    user = request.user
    can_accept = (agreement.status == AgreementStatus.PROPOSED
                  and rules.can(user, "donnees.edit", agreement.recipient))
    can_end = agreement.status != AgreementStatus.ENDED and (
        rules.can(user, "donnees.edit", agreement.collectivite)
        or rules.can(user, "donnees.edit", agreement.recipient))
    return render(request, "donnees/opendata/agreement_detail.html", {
        "nav_active": "donnees", "agreement": agreement, "can_accept": can_accept,
        "can_end": can_end, "end_form": ReasonForm()})


@login_required
@require_POST
def agreement_accept(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    try:
        services.agreement_accept(actor=request.user, agreement=agreement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Convention acceptée : elle est en vigueur."))
    return redirect("donnees:agreement-detail", agreement_pk=agreement.pk)


@login_required
@require_POST
def agreement_end(request: HttpRequest, agreement_pk: int) -> HttpResponse:
    agreement = _agreement(request, agreement_pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.agreement_end(actor=request.user, agreement=agreement, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Convention terminée."))
    return redirect("donnees:agreement-detail", agreement_pk=agreement.pk)
