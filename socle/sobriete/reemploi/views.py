"""Pages of the reuse pool: the territory-wide pool, an offer, a member's offers and
reservations, and the forms that offer, reserve, decide, record wiping and hand over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import inventory, rights, selectors, services
from .forms import (
    DecisionForm,
    DescribedDeviceForm,
    HandoverForm,
    OfferTermsForm,
    PoolFilterForm,
    ReserveForm,
    WipeForm,
)
from .models import Offer, Reservation

PER_PAGE = 30


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]




@login_required
@require_GET
def pool(request: HttpRequest) -> HttpResponse:
    """The territory's pool: open offers of every member, with filters."""
    if not rights.sees_pool(request.user):
        raise PermissionDenied(_("La bourse est réservée aux membres du territoire."))
    form = PoolFilterForm(request.GET, choices=selectors.pool_filter_choices())
    offers = selectors.pool(user=request.user, filters=form.filters())
    page = Paginator(offers, PER_PAGE).get_page(request.GET.get("page"))
    context = {"nav_active": "sobriete", "form": form, "page": page,
               "figures": selectors.reuse_figures(),
               "members": Collectivite.objects.filter(
                   pk__in=rights.ids_where(request.user, "reemploi.offer")).order_by("search_name")}
    return render(request, "sobriete/reemploi/pool.html", context)


@login_required
@require_GET
def offer_detail(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.in_pool_for(request.user)
                              .select_related("collectivite"), pk=offer_pk)
    manages = rights.can(request.user, "reemploi.offer", offer.collectivite)
    reservation = selectors.active_reservation(offer)
    members = [c for c in _reservable(request.user) if c.pk != offer.collectivite_id]
    mine = reservation is not None and (manages or rights.can(
        request.user, "reemploi.reserve", reservation.collectivite))
    context = {
        "nav_active": "sobriete", "offer": offer, "manages": manages,
        "reservation": reservation if mine else None,
        "history": offer.reservations.select_related("collectivite") if manages else [],
        "reserve_form": ReserveForm(members=members) if members else None,
        "transfer": getattr(offer, "transfer", None) if manages else None,
    }
    return render(request, "sobriete/reemploi/offer.html", context)


def _reservable(user) -> list[Collectivite]:
    if permissions.is_operateur(user):
        return list(Collectivite.objects.members().order_by("search_name"))
    return selectors.reservable_for(user)


@login_required
@require_POST
def reserve(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.in_pool_for(request.user), pk=offer_pk)
    members = [c for c in _reservable(request.user) if c.pk != offer.collectivite_id]
    form = ReserveForm(request.POST, members=members)
    if not members:
        raise PermissionDenied(_("Vous ne pouvez réserver pour aucune collectivité."))
    if form.is_valid():
        try:
            services.reservation_create(actor=request.user, offer=offer,
                                        collectivite=form.chosen(),
                                        message=form.cleaned_data["message"])
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Réservation envoyée : %(giver)s va l'accepter ou la "
                                        "refuser.") % {"giver": offer.collectivite.name})
    else:
        messages.error(request, _("Choisissez la collectivité pour laquelle vous réservez."))
    return redirect("sobriete:reemploi-offer", offer_pk=offer.pk)


@login_required
@require_POST
def decide(request: HttpRequest, reservation_pk: int) -> HttpResponse:
    reservation = get_object_or_404(
        Reservation.objects.visible_to(request.user).select_related("offer__collectivite"),
        pk=reservation_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.reservation_decide(
                actor=request.user, reservation=reservation,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Réponse enregistrée et envoyée à %(who)s.")
                             % {"who": reservation.collectivite.name})
    return redirect("sobriete:reemploi-offer", offer_pk=reservation.offer_id)


@login_required
@require_POST
def cancel(request: HttpRequest, reservation_pk: int) -> HttpResponse:
    reservation = get_object_or_404(Reservation.objects.visible_to(request.user),
                                    pk=reservation_pk)
    try:
        services.reservation_cancel(actor=request.user, reservation=reservation)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Réservation annulée."))
    return redirect("sobriete:reemploi-offer", offer_pk=reservation.offer_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_pk)
    try:
        services.offer_withdraw(actor=request.user, offer=offer)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("Offre retirée de la bourse."))
    return redirect("sobriete:reemploi-collectivite", pk=offer.collectivite_id)


@login_required
@require_http_methods(["GET", "POST"])
def wipe(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_pk)
    rights.require(request.user, "reemploi.offer", offer.collectivite)
    initial = {"wipe_method": offer.wipe_method, "wipe_date": offer.wipe_date,
               "wipe_operator": offer.wipe_operator, "wipe_proof": offer.wipe_proof}
    form = WipeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wipe_record(actor=request.user, offer=offer, method=data["wipe_method"],
                                 date=data["wipe_date"], operator=data["wipe_operator"],
                                 proof=data["wipe_proof"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Effacement des données enregistré."))
            return redirect("sobriete:reemploi-offer", offer_pk=offer.pk)
    return render(request, "sobriete/reemploi/wipe.html",
                  {"nav_active": "sobriete", "offer": offer, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_pk)
    rights.require(request.user, "reemploi.offer", offer.collectivite)
    reservation = offer.reservations.filter(status=Reservation.Status.ACCEPTED).first()
    form = HandoverForm(request.POST or None, to_member=reservation is not None,
                        initial={"condition_at_handover": offer.condition})
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_record(actor=request.user, offer=offer, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Remise enregistrée : l'appareil commence une seconde "
                                        "vie."))
            return redirect("sobriete:reemploi-offer", offer_pk=offer.pk)
    return render(request, "sobriete/reemploi/handover.html",
                  {"nav_active": "sobriete", "offer": offer, "form": form,
                   "reservation": reservation})


@login_required
@require_GET
def collectivite_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's reuse: its offers, reservations to answer, reservations made, devices
    received, and its indicators."""
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    context = {
        "nav_active": "sobriete", "collectivite": collectivite,
        "can_offer": rights.can(request.user, "reemploi.offer", collectivite),
        "offers": selectors.member_offers(collectivite=collectivite),
        "to_answer": selectors.reservations_received(collectivite=collectivite),
        "made": selectors.reservations_made(collectivite=collectivite),
        "received": selectors.transfers_received(collectivite=collectivite),
        "figures": selectors.reuse_figures(collectivite=collectivite),
    }
    return render(request, "sobriete/reemploi/collectivite.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer devices: several from the inventory at once, or one entered by hand."""
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    rights.require(request.user, "reemploi.offer", collectivite)
    by_hand = request.GET.get("saisie") == "manuelle"
    data = request.POST or None
    terms = OfferTermsForm(data, prefix="terms")
    described = DescribedDeviceForm(data, prefix="device") if by_hand else None
    devices = list(inventory.offerable_devices(collectivite=collectivite)) if not by_hand else []
    if request.method == "POST":
        created = _create_offers(request, collectivite, terms, described, devices)
        if created:
            messages.success(request, ngettext("%(n)d appareil proposé au réemploi.",
                                               "%(n)d appareils proposés au réemploi.",
                                               created) % {"n": created})
            return redirect("sobriete:reemploi-collectivite", pk=collectivite.pk)
    context = {"nav_active": "sobriete", "collectivite": collectivite, "terms": terms,
               "described": described, "devices": devices, "by_hand": by_hand,
               "checked": set(request.POST.getlist("devices"))}
    return render(request, "sobriete/reemploi/offer_form.html", context)


def _create_offers(request, collectivite, terms, described, devices) -> int:
    valid = terms.is_valid() and (described is None or described.is_valid())
    chosen = [d for d in devices if str(d.pk) in set(request.POST.getlist("devices"))]
    if not valid:
        return 0
    try:
        if described is not None:
            services.offer_create(actor=request.user, collectivite=collectivite,
                                  terms=terms.cleaned_data, described=described.cleaned_data)
            return 1
        return len(services.offers_create_from_devices(
            actor=request.user, collectivite=collectivite, devices=chosen,
            terms=terms.cleaned_data))
    except ValidationError as exc:
        apply_errors(terms, exc)
        return 0
