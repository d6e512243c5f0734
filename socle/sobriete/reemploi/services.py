"""Writes of the reuse pool: offer, reserve, decide, wipe, hand over. Each checks rights,
validates, journals in the same transaction, and e-mails through the task queue on commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.core.tasks import enqueue_email
from socle.journal.services import record, register_actions

from . import inventory, rights
from .impact import avoided_emissions
from .models import Offer, Reservation, Transfer

register_actions(
    {
        "reemploi.offer_created": gettext_lazy("Appareil proposé au réemploi"),
        "reemploi.offer_withdrawn": gettext_lazy("Offre de réemploi retirée"),
        "reemploi.reserved": gettext_lazy("Appareil du réemploi réservé"),
        "reemploi.reservation_accepted": gettext_lazy("Réservation acceptée"),
        "reemploi.reservation_refused": gettext_lazy("Réservation refusée"),
        "reemploi.reservation_cancelled": gettext_lazy("Réservation annulée"),
        "reemploi.wipe_recorded": gettext_lazy("Effacement des données enregistré"),
        "reemploi.handed_over": gettext_lazy("Appareil remis (seconde vie)"),
        "reemploi.received": gettext_lazy("Appareil reçu du réemploi"),
    }
)

OFFER_FIELDS = ("condition", "description", "location", "available_from", "price_kind",
                "price", "for_members", "for_schools", "for_associations")
DEVICE_FIELDS = ("device_type", "brand", "model", "serial_number", "purchase_year")


def _new_offer(*, actor, collectivite, terms: dict[str, Any], device=None,
               described: dict[str, Any] | None = None) -> Offer:
    offer = Offer(collectivite=collectivite, device=device, created_by=actor,
                  **{k: terms.get(k) for k in OFFER_FIELDS if k in terms})
    if device is not None:
        offer.device_type, offer.brand, offer.model = device.kind, device.brand, device.model
        offer.serial_number = device.serial_number
        offer.purchase_year = device.purchase_date.year if device.purchase_date else None
    else:
        for name in DEVICE_FIELDS:
            setattr(offer, name, (described or {}).get(name) or getattr(offer, name))
    offer.avoided_kgco2e, offer.avoided_source = avoided_emissions(
        kind=offer.device_type, brand=offer.brand, model=offer.model, device=device)
    offer.full_clean()
    offer.save()
    record(actor=actor, action="reemploi.offer_created", collectivite=collectivite, obj=offer,
           details={"type": offer.device_type, "état": offer.get_condition_display()})
    return offer


def offer_create(*, actor, collectivite, terms: dict[str, Any],
                 described: dict[str, Any]) -> Offer:
    """One device entered by hand (not from the inventory)."""
    rights.require(actor, "reemploi.offer", collectivite)
    with transaction.atomic():
        return _new_offer(actor=actor, collectivite=collectivite, terms=terms,
                          described=described)


def offers_create_from_devices(*, actor, collectivite, devices: list,
                               terms: dict[str, Any]) -> list[Offer]:
    """One offer per device of the collectivité's inventory, all or none."""
    rights.require(actor, "reemploi.offer", collectivite)
    if not devices:
        raise ValidationError(_("Choisissez au moins un appareil de l'inventaire."))
    if any(d.collectivite_id != collectivite.pk for d in devices):
        raise PermissionDenied(_("Cet appareil n'appartient pas à la collectivité."))
    already = Offer.objects.filter(device__in=devices).exclude(status=Offer.Status.WITHDRAWN)
    if already.exists():
        raise ValidationError(_("%(device)s est déjà proposé au réemploi.")
                              % {"device": already.first()})
    with transaction.atomic():
        return [_new_offer(actor=actor, collectivite=collectivite, terms=terms, device=d)
                for d in devices]


def offer_withdraw(*, actor, offer: Offer) -> Offer:
    rights.require(actor, "reemploi.offer", offer.collectivite)
    if offer.status not in (Offer.Status.AVAILABLE, Offer.Status.RESERVED):
        raise ValidationError(_("Cette offre n'est plus ouverte."))
    with transaction.atomic():
        offer.reservations.filter(status__in=Reservation.ACTIVE).update(
            status=Reservation.Status.CANCELLED, decided_by=actor, decided_at=timezone.now())
        offer.status = Offer.Status.WITHDRAWN
        offer.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="reemploi.offer_withdrawn", collectivite=offer.collectivite,
               obj=offer)
    return offer


def _emails_of(collectivite, *users) -> list[str]:
    emails = [u.email for u in users if u is not None and u.email]
    if collectivite.contact_email:
        emails.append(collectivite.contact_email)
    return sorted(set(emails))


def reservation_create(*, actor, offer: Offer, collectivite, message: str = "") -> Reservation:
    """The member ``collectivite`` reserves ``offer``; the offering member is told by e-mail."""
    rights.require(actor, "reemploi.reserve", collectivite)
    if collectivite.pk == offer.collectivite_id:
        raise ValidationError(_("Une collectivité ne réserve pas ses propres appareils."))
    if not offer.for_members:
        raise ValidationError(_("Cette offre est réservée aux écoles et associations."))
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if locked.status != Offer.Status.AVAILABLE:
            raise ValidationError(_("Cet appareil est déjà réservé ou n'est plus disponible."))
        reservation = Reservation(offer=locked, collectivite=collectivite, requested_by=actor,
                                  message=message.strip())
        reservation.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                reservation.save()
        except IntegrityError as exc:
            raise ValidationError(_("Cet appareil est déjà réservé.")) from exc
        locked.status = Offer.Status.RESERVED
        locked.save(update_fields=["status", "updated_at"])
        record(actor=actor, action="reemploi.reserved", collectivite=locked.collectivite,
               obj=locked, details={"réservé par": collectivite.name})
        record(actor=actor, action="reemploi.reserved", collectivite=collectivite, obj=locked,
               details={"proposé par": locked.collectivite.name})
        _mail_reservation(reservation)
    offer.refresh_from_db()
    return reservation


def _mail_reservation(reservation: Reservation) -> None:
    offer = reservation.offer
    recipients = _emails_of(offer.collectivite, offer.created_by)
    if not recipients:
        return
    url = reverse("sobriete:reemploi-offer", kwargs={"offer_pk": offer.pk})
    body = _(
        "Bonjour,\n\n%(who)s (%(member)s) souhaite recevoir « %(offer)s » que votre collectivité "
        "propose au réemploi.\n%(message)s\nAcceptez ou refusez la réservation dans Socle : "
        "%(url)s\n\nSocle — numérique responsable"
    ) % {"who": reservation.requested_by, "member": reservation.collectivite.name,
         "offer": offer, "url": url,
         "message": (_("Son message : %s\n") % reservation.message) if reservation.message
         else ""}
    enqueue_email(subject=_("Réservation d'un appareil proposé au réemploi"), body=body,
                  to=recipients)


def reservation_decide(*, actor, reservation: Reservation, accept: bool,
                       reason: str = "") -> Reservation:
    offer = reservation.offer
    rights.require(actor, "reemploi.offer", offer.collectivite)
    if reservation.status != Reservation.Status.PENDING:
        raise ValidationError(_("Cette réservation a déjà reçu une réponse."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du refus.")})
    with transaction.atomic():
        reservation.status = (Reservation.Status.ACCEPTED if accept
                              else Reservation.Status.REFUSED)
        reservation.refusal_reason = "" if accept else reason.strip()[:300]
        reservation.decided_by, reservation.decided_at = actor, timezone.now()
        reservation.save()
        if not accept:
            offer.status = Offer.Status.AVAILABLE
            offer.save(update_fields=["status", "updated_at"])
        action = "reemploi.reservation_accepted" if accept else "reemploi.reservation_refused"
        for side in (offer.collectivite, reservation.collectivite):
            record(actor=actor, action=action, collectivite=side, obj=offer,
                   details={"bénéficiaire": reservation.collectivite.name})
        _mail_decision(reservation)
    return reservation


def _mail_decision(reservation: Reservation) -> None:
    recipients = _emails_of(reservation.collectivite, reservation.requested_by)
    if not recipients:
        return
    if reservation.status == Reservation.Status.ACCEPTED:
        text = _("%(giver)s accepte votre réservation de « %(offer)s ». Convenez du retrait : "
                 "%(location)s.")
    else:
        text = _("%(giver)s ne peut pas donner suite à votre réservation de « %(offer)s » : "
                 "%(reason)s")
    body = text % {"giver": reservation.offer.collectivite.name, "offer": reservation.offer,
                   "location": reservation.offer.location, "reason": reservation.refusal_reason}
    enqueue_email(subject=_("Réponse à votre réservation (réemploi)"), body=body, to=recipients)


def reservation_cancel(*, actor, reservation: Reservation) -> Reservation:
    rights.require(actor, "reemploi.reserve", reservation.collectivite)
    if reservation.status not in Reservation.ACTIVE:
        raise ValidationError(_("Cette réservation n'est plus active."))
    with transaction.atomic():
        reservation.status = Reservation.Status.CANCELLED
        reservation.decided_by, reservation.decided_at = actor, timezone.now()
        reservation.save()
        offer = reservation.offer
        offer.status = Offer.Status.AVAILABLE
        offer.save(update_fields=["status", "updated_at"])
        for side in (offer.collectivite, reservation.collectivite):
            record(actor=actor, action="reemploi.reservation_cancelled", collectivite=side,
                   obj=offer)
    return reservation


def wipe_record(*, actor, offer: Offer, method: str, date: dt.date, operator: str,
                proof: str) -> Offer:
    """Record how the device's data was erased: mandatory before the handover."""
    rights.require(actor, "reemploi.offer", offer.collectivite)
    if offer.status in (Offer.Status.GIVEN, Offer.Status.WITHDRAWN):
        raise ValidationError(_("Cette offre est close."))
    if date and date > timezone.localdate():
        raise ValidationError({"wipe_date": _("L'effacement ne peut pas être daté du futur.")})
    with transaction.atomic():
        offer.wipe_method, offer.wipe_date = method, date
        offer.wipe_operator, offer.wipe_proof = operator.strip(), proof.strip()
        offer.wipe_recorded_by = actor
        offer.full_clean()
        if not offer.wiped:
            raise ValidationError(_("Méthode, date et auteur de l'effacement sont obligatoires."))
        offer.save()
        record(actor=actor, action="reemploi.wipe_recorded", collectivite=offer.collectivite,
               obj=offer, details={"méthode": offer.get_wipe_method_display(),
                                   "date": date.isoformat(), "par": offer.wipe_operator})
    return offer


def transfer_record(*, actor, offer: Offer, data: dict[str, Any]) -> Transfer:
    """Hand the device over: to the member whose reservation was accepted, or to a school or
    an association recorded by name (and SIREN/RNA). The member receives it in its inventory."""
    rights.require(actor, "reemploi.offer", offer.collectivite)
    if offer.status in (Offer.Status.GIVEN, Offer.Status.WITHDRAWN):
        raise ValidationError(_("Cette offre est close."))
    if not offer.wiped:
        raise ValidationError(_("Enregistrez d'abord l'effacement des données : il est "
                                "obligatoire avant toute remise."))
    reservation = offer.reservations.filter(status=Reservation.Status.ACCEPTED).first()
    if offer.status == Offer.Status.RESERVED and reservation is None:
        raise ValidationError(_("Acceptez ou refusez d'abord la réservation en attente."))
    with transaction.atomic():
        transfer = _transfer_row(actor=actor, offer=offer, reservation=reservation, data=data)
        _close_offer(actor=actor, offer=offer, reservation=reservation, transfer=transfer)
    return transfer


def _transfer_row(*, actor, offer: Offer, reservation, data: dict[str, Any]) -> Transfer:
    transfer = Transfer(
        offer=offer, collectivite=offer.collectivite, reservation=reservation,
        handed_over_on=data.get("handed_over_on"),
        condition_at_handover=data.get("condition_at_handover") or "",
        received_by=(data.get("received_by") or "").strip(),
        avoided_kgco2e=offer.avoided_kgco2e, recorded_by=actor,
    )
    if reservation is not None:
        transfer.recipient_kind = Transfer.RecipientKind.MEMBER
        transfer.recipient = reservation.collectivite
        transfer.recipient_name = reservation.collectivite.name
    else:
        transfer.recipient_kind = data.get("recipient_kind") or ""
        transfer.recipient_name = (data.get("recipient_name") or "").strip()
        transfer.recipient_identifier = data.get("recipient_identifier") or ""
        allowed = {Transfer.RecipientKind.SCHOOL: offer.for_schools,
                   Transfer.RecipientKind.ASSOCIATION: offer.for_associations}
        if not allowed.get(transfer.recipient_kind, False):
            raise ValidationError({"recipient_kind": _(
                "Choisissez une école ou une association autorisée par l'offre ; un membre "
                "de Socle réserve l'appareil depuis la bourse.")})
    if transfer.handed_over_on and transfer.handed_over_on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("La remise ne peut pas être datée du futur.")})
    if offer.wipe_date and transfer.handed_over_on and transfer.handed_over_on < offer.wipe_date:
        raise ValidationError({"handed_over_on": _(
            "La remise précède l'effacement des données.")})
    transfer.full_clean()
    transfer.save()
    return transfer


def _close_offer(*, actor, offer: Offer, reservation, transfer: Transfer) -> None:
    offer.status = Offer.Status.GIVEN
    offer.save(update_fields=["status", "updated_at"])
    inventory.retire(actor=actor, offer=offer)
    details = {"bénéficiaire": transfer.recipient_name, "état": transfer.
               get_condition_at_handover_display(), "kgCO2e évités": float(offer.avoided_kgco2e)}
    record(actor=actor, action="reemploi.handed_over", collectivite=offer.collectivite,
           obj=offer, details=details)
    if reservation is None:
        return
    reservation.status = Reservation.Status.COMPLETED
    reservation.save(update_fields=["status"])
    transfer.received_device = inventory.receive(offer=offer, transfer=transfer)
    transfer.save(update_fields=["received_device"])
    record(actor=actor, action="reemploi.received", collectivite=transfer.recipient, obj=offer,
           details={"donné par": offer.collectivite.name,
                    "équipement": transfer.received_device.pk})
