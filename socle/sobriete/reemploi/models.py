"""The reuse pool: devices a member retires and offers (``Offer``), reservations by other members
(``Reservation``, one pending or accepted at a time per offer), and the traced handover
(``Transfer``: who, when, condition, data wiping proof, the device created in the receiver's
inventory and the manufacturing emissions the second life avoids)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle import permissions

from .rights import TenantQuerySet, member_ids

__all__ = ["Offer", "Reservation", "Transfer"]

RNA_RE = re.compile(r"^W\d{9}$")
SIREN_RE = re.compile(r"^\d{9}$")


class Condition(models.TextChoices):
    AS_NEW = "as_new", _("Comme neuf")
    GOOD = "good", _("Bon état")
    FAIR = "fair", _("État correct, traces d'usage")
    REPAIR = "repair", _("À réparer")


class OfferQuerySet(TenantQuerySet):
    def in_pool_for(self, user) -> OfferQuerySet:
        """What the pool shows: open offers of every member to anyone who belongs to a
        collectivité; plus, in any state, a member's own offers and those it reserved."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        mine = member_ids(user)
        if not mine:
            return self.none()
        open_states = [Offer.Status.AVAILABLE, Offer.Status.RESERVED]
        reserved = Reservation.objects.filter(collectivite_id__in=mine).values("offer_id")
        return self.filter(Q(status__in=open_states) | Q(collectivite_id__in=mine)
                           | Q(pk__in=reserved))

    def open_count(self) -> int:
        return self.filter(status__in=[Offer.Status.AVAILABLE, Offer.Status.RESERVED]).count()


class BothSidesQuerySet(models.QuerySet):
    """Rows seen by both ends of a donation: the giver and the receiving member."""

    giver = "collectivite_id"
    receiver = "collectivite_id"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        mine = member_ids(user)
        return self.filter(Q(**{f"{self.giver}__in": mine}) | Q(**{f"{self.receiver}__in": mine}))


class ReservationQuerySet(BothSidesQuerySet):
    giver = "offer__collectivite_id"


class TransferQuerySet(BothSidesQuerySet):
    receiver = "recipient_id"

    def avoided_kgco2e(self) -> int:
        """Sum of manufacturing emissions avoided, rounded (templates call it without args)."""
        total = self.aggregate(total=models.Sum("avoided_kgco2e"))["total"]
        return round(total or 0)


class Offer(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", _("Disponible")
        RESERVED = "reserved", _("Réservé")
        GIVEN = "given", _("Remis")
        WITHDRAWN = "withdrawn", _("Retiré")

    class Price(models.TextChoices):
        FREE = "free", _("Gratuit")
        SYMBOLIC = "symbolic", _("Prix symbolique")

    class WipeMethod(models.TextChoices):
        OVERWRITE = "overwrite", _("Réécriture complète du support (effacement logiciel)")
        CRYPTO_ERASE = "crypto_erase", _("Effacement cryptographique (destruction de la clé)")
        DESTRUCTION = "destruction", _("Destruction physique du support de stockage")
        NO_STORAGE = "no_storage", _("Appareil sans support de données")

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="reuse_offers")
    device = models.ForeignKey("sobriete.Device", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="reuse_offers")
    device_type = models.CharField(_("type d'appareil"), max_length=30)
    brand = models.CharField(_("marque"), max_length=100, blank=True)
    model = models.CharField(_("modèle"), max_length=200, blank=True)
    serial_number = models.CharField(_("numéro de série"), max_length=100, blank=True)
    purchase_year = models.PositiveSmallIntegerField(_("année d'achat"), null=True, blank=True)
    condition = models.CharField(_("état"), max_length=10, choices=Condition.choices)
    description = models.TextField(_("précisions"), blank=True)
    location = models.CharField(_("lieu de retrait"), max_length=200)
    available_from = models.DateField(_("disponible à partir du"))
    price_kind = models.CharField(_("conditions"), max_length=10, choices=Price.choices,
                                  default=Price.FREE)
    price = models.DecimalField(_("prix symbolique (€)"), max_digits=7, decimal_places=2,
                                null=True, blank=True)
    for_members = models.BooleanField(_("autres membres de Socle"), default=True)
    for_schools = models.BooleanField(_("écoles et établissements scolaires"), default=True)
    for_associations = models.BooleanField(_("associations"), default=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.AVAILABLE, db_index=True)
    # Manufacturing emissions a second life avoids, and where the figure comes from.
    avoided_kgco2e = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    avoided_source = models.CharField(max_length=200, blank=True)
    wipe_method = models.CharField(_("méthode d'effacement"), max_length=15, blank=True,
                                   choices=WipeMethod.choices)
    wipe_date = models.DateField(_("date de l'effacement"), null=True, blank=True)
    wipe_operator = models.CharField(_("effacement réalisé par"), max_length=200, blank=True)
    wipe_proof = models.TextField(_("preuve d'effacement"), blank=True)
    wipe_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre de réemploi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        label = " ".join(p for p in (self.brand, self.model) if p) or self.device_type
        return f"{label} (n° {self.pk})" if self.pk else label

    def clean(self):
        from ..models import DeviceKind  # part A's module imports this one: import late

        errors = {}
        if self.device_type not in DeviceKind.values:
            errors["device_type"] = _("Choisissez un type d'appareil de la liste.")
        if self.price_kind == self.Price.SYMBOLIC and not self.price:
            errors["price"] = _("Indiquez le prix symbolique, ou choisissez « Gratuit ».")
        if self.price_kind == self.Price.FREE and self.price:
            errors["price"] = _("Un don gratuit n'a pas de prix.")
        if self.price is not None and not (0 <= self.price <= 100):
            errors["price"] = _("Un prix symbolique reste entre 0 et 100 €.")
        if not (self.for_members or self.for_schools or self.for_associations):
            errors["for_members"] = _("Choisissez au moins un type de bénéficiaire.")
        if errors:
            raise ValidationError(errors)

    @property
    def device_type_label(self) -> str:
        from ..models import DeviceKind

        return str(DeviceKind(self.device_type).label) if self.device_type in DeviceKind.values \
            else self.device_type

    @property
    def wiped(self) -> bool:
        return bool(self.wipe_method and self.wipe_date and self.wipe_operator)


class Reservation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")
        CANCELLED = "cancelled", _("Annulée")
        COMPLETED = "completed", _("Appareil remis")

    ACTIVE = (Status.PENDING, Status.ACCEPTED)

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="reservations")
    # The receiving member; tenancy for the reservation is shared with the offer's collectivité.
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="reuse_reservations")
    message = models.TextField(_("message à la collectivité qui donne"), blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer"], condition=Q(status__in=["pending",
                                                                              "accepted"]),
                                    name="reuse_one_active_reservation_per_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.collectivite}"


class Transfer(models.Model):
    class RecipientKind(models.TextChoices):
        MEMBER = "member", _("Collectivité membre de Socle")
        SCHOOL = "school", _("École ou établissement scolaire")
        ASSOCIATION = "association", _("Association")

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="transfer")
    # The giver (tenant of the row); the receiving member, when it is one, in ``recipient``.
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="reuse_given")
    recipient_kind = models.CharField(_("bénéficiaire"), max_length=12,
                                      choices=RecipientKind.choices)
    recipient = models.ForeignKey("territoires.Collectivite", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="reuse_received")
    recipient_name = models.CharField(_("nom du bénéficiaire"), max_length=200)
    recipient_identifier = models.CharField(
        _("SIREN ou numéro RNA"), max_length=10, blank=True,
        help_text=_("9 chiffres pour un SIREN, W suivi de 9 chiffres pour une association."))
    reservation = models.OneToOneField(Reservation, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="transfer")
    handed_over_on = models.DateField(_("date de remise"))
    condition_at_handover = models.CharField(_("état à la remise"), max_length=10,
                                             choices=Condition.choices)
    received_by = models.CharField(_("remis à (nom de la personne)"), max_length=200)
    received_device = models.ForeignKey("sobriete.Device", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    avoided_kgco2e = models.DecimalField(max_digits=9, decimal_places=1, default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("remise d'un appareil")
        ordering = ["-handed_over_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.offer} → {self.recipient_name}"

    def clean(self):
        ident = self.recipient_identifier.strip().upper()
        if ident and not (SIREN_RE.match(ident) or RNA_RE.match(ident)):
            raise ValidationError({"recipient_identifier": _(
                "Indiquez un SIREN (9 chiffres) ou un numéro RNA (W suivi de 9 chiffres).")})
        self.recipient_identifier = ident
        if self.recipient_kind == self.RecipientKind.MEMBER and self.recipient_id is None:
            raise ValidationError({"recipient_kind": _("Choisissez la collectivité membre.")})
