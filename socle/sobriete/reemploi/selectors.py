"""Reads of the reuse pool: the territory-wide list with its filters, one member's offers and
reservations, and the indicators (devices given a second life, kgCO2e avoided)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from socle.territoires.models import Collectivite

from . import rights
from .models import Offer, Reservation, Transfer

OPEN = [Offer.Status.AVAILABLE, Offer.Status.RESERVED]


def pool(*, user, filters: dict) -> list[Offer] | object:
    """Open offers the user may see, filtered by type, département and EPCI (of the offering
    member), newest first."""
    offers = (
        Offer.objects.in_pool_for(user).filter(status__in=OPEN)
        .select_related("collectivite", "collectivite__epci")
    )
    if filters.get("device_type"):
        offers = offers.filter(device_type=filters["device_type"])
    if filters.get("departement"):
        offers = offers.filter(collectivite__departement_code=filters["departement"])
    if filters.get("epci"):
        epci = filters["epci"]
        offers = offers.filter(Q(collectivite=epci) | Q(collectivite__epci=epci))
    if filters.get("recipient") == "school":
        offers = offers.filter(for_schools=True)
    elif filters.get("recipient") == "association":
        offers = offers.filter(for_associations=True)
    return offers.order_by("-created_at", "-pk")


def pool_filter_choices() -> dict[str, list]:
    """Départements and EPCI that have open offers (the filters never offer an empty choice)."""
    open_offers = Offer.objects.filter(status__in=OPEN)
    departements = sorted(set(open_offers.values_list("collectivite__departement_code",
                                                      flat=True)) - {""})
    epci_ids = set(open_offers.values_list("collectivite__epci_id", flat=True)) | set(
        open_offers.filter(collectivite__kind="epci").values_list("collectivite_id", flat=True))
    epcis = list(Collectivite.objects.filter(pk__in=epci_ids - {None}).order_by("search_name"))
    return {"departements": departements, "epcis": epcis}


def active_reservation(offer: Offer) -> Reservation | None:
    return offer.reservations.filter(status__in=Reservation.ACTIVE).select_related(
        "collectivite", "requested_by").first()


def member_offers(*, collectivite) -> object:
    return (Offer.objects.filter(collectivite=collectivite)
            .select_related("transfer").order_by("-created_at", "-pk"))


def reservations_received(*, collectivite) -> object:
    return (Reservation.objects.filter(offer__collectivite=collectivite,
                                       status__in=Reservation.ACTIVE)
            .select_related("offer", "collectivite", "requested_by").order_by("created_at"))


def reservations_made(*, collectivite) -> object:
    return (Reservation.objects.filter(collectivite=collectivite)
            .select_related("offer", "offer__collectivite").order_by("-created_at"))


def transfers_received(*, collectivite) -> object:
    return (Transfer.objects.filter(recipient=collectivite)
            .select_related("offer", "collectivite", "received_device")
            .order_by("-handed_over_on", "-pk"))


@dataclass(frozen=True)
class ReuseFigures:
    offered: int  # open offers now
    given: int  # devices handed over (second life)
    given_kgco2e: Decimal
    received: int
    received_kgco2e: Decimal

    @property
    def given_kgco2e_rounded(self) -> int:
        return int(self.given_kgco2e.quantize(Decimal("1")))

    @property
    def received_kgco2e_rounded(self) -> int:
        return int(self.received_kgco2e.quantize(Decimal("1")))


def reuse_figures(*, collectivite=None) -> ReuseFigures:
    """Indicators of one member (given/received), or of the whole territory when None."""
    offers = Offer.objects.filter(status__in=OPEN)
    given = Transfer.objects.all()
    received = Transfer.objects.filter(recipient__isnull=False)
    if collectivite is not None:
        offers = offers.filter(collectivite=collectivite)
        given = given.filter(collectivite=collectivite)
        received = received.filter(recipient=collectivite)
    g = given.aggregate(n=Count("pk"), kg=Sum("avoided_kgco2e"))
    r = received.aggregate(n=Count("pk"), kg=Sum("avoided_kgco2e"))
    return ReuseFigures(
        offered=offers.count(), given=g["n"], given_kgco2e=g["kg"] or Decimal(0),
        received=r["n"], received_kgco2e=r["kg"] or Decimal(0),
    )


def reservable_for(user) -> list[Collectivite]:
    """Collectivités on whose behalf the user may reserve (operators: none by default, they
    reserve for a member only through that member's people)."""
    return list(Collectivite.objects.filter(pk__in=rights.ids_where(user, "reemploi.reserve"))
                .order_by("search_name"))
