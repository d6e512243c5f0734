"""Citizen mail (courrier des habitants): the collectivité's service categories, the letters of
its register with their classification and status, and the reply an agent validates. Socle never
sends a reply: the agent records by hand the date it was sent."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle import permissions
from socle.territoires.models import Collectivite, Membership

# Roles that may read the register: those with ``assistant.mail`` (write) plus the DPO (read
# only, to answer access requests and check retention). Élus do not read citizens' letters.
READ_ROLES = ("referent", "agent", "dpo")
# Indicative deadline: two months, the period after which an authority's silence on a request
# is a decision (CRPA art. L231-1, acceptance in principle; art. L231-4, rejection in the
# listed cases). It only binds for requests that call for a decision: shown as a guide.
DUE_MONTHS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


class ServiceCategoryQuerySet(models.QuerySet):
    def for_collectivite(self, collectivite: Collectivite | int) -> ServiceCategoryQuerySet:
        """The shared categories and the collectivité's own, active ones."""
        cid = collectivite if isinstance(collectivite, int) else collectivite.pk
        return self.filter(Q(collectivite__isnull=True) | Q(collectivite_id=cid), is_active=True)


class ServiceCategory(models.Model):
    """A service a letter is routed to. ``collectivite`` empty: a shared category of the
    structure (the starter classifier's labels); otherwise one a collectivité added."""

    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="mail_categories")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=120)
    position = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    objects = ServiceCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("catégorie de service")
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "code"],
                                    name="courrier_category_code_unique"),
            models.UniqueConstraint(fields=["code"], condition=Q(collectivite__isnull=True),
                                    name="courrier_shared_category_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.collectivite_id and ServiceCategory.objects.filter(
                collectivite__isnull=True, code=self.code).exists():
            raise ValidationError({"code": _("Ce code est déjà celui d'une catégorie partagée.")})


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user) -> LetterQuerySet:
        """Letters of the collectivités where the user may read the register."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        places = Membership.objects.filter(user=user, role__in=READ_ROLES)
        return self.filter(collectivite_id__in=places.values("collectivite_id"))

    def overdue(self, today: datetime.date | None = None) -> LetterQuerySet:
        today = today or timezone.localdate()
        return self.filter(due_on__lt=today, status__in=Letter.OPEN_STATUSES)


def attachment_path(instance: Letter, filename: str) -> str:
    """Private storage, one folder per collectivité (never served by the web server)."""
    prefix = instance.attachment_sha256[:16]
    return f"courrier/{instance.collectivite_id}/pieces/{prefix}-{filename}"


class Letter(models.Model):
    class Channel(models.TextChoices):
        POST = "courrier", _("Courrier postal")
        EMAIL = "email", _("E-mail")
        FORM = "formulaire", _("Formulaire en ligne")
        COUNTER = "guichet", _("Guichet")

    class Status(models.TextChoices):
        RECEIVED = "recu", _("Reçu")
        IN_PROGRESS = "en_cours", _("En cours")
        READY = "prete", _("Réponse prête")
        ANSWERED = "repondu", _("Répondu")
        CLOSED = "classe", _("Classé sans réponse")

    class Civility(models.TextChoices):
        NONE = "", _("Non précisée")
        MADAME = "Madame", _("Madame")
        MONSIEUR = "Monsieur", _("Monsieur")

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.READY)

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT,
                                     related_name="letters")
    received_on = models.DateField(_("date de réception"))
    channel = models.CharField(_("canal"), max_length=12, choices=Channel.choices,
                               default=Channel.POST)
    # Personal data: shown only to the roles of READ_ROLES (see docs/assistant-courrier.md).
    sender_civility = models.CharField(_("civilité"), max_length=10, blank=True,
                                       choices=Civility.choices)
    sender_name = models.CharField(_("nom de l'expéditeur"), max_length=200, blank=True)
    sender_address = models.TextField(_("adresse postale"), blank=True)
    sender_email = models.EmailField(_("e-mail de l'expéditeur"), blank=True)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte du courrier"))
    attachment = models.FileField(_("fichier reçu"), upload_to=attachment_path, blank=True,
                                  max_length=300)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)

    predicted_category = models.ForeignKey(ServiceCategory, on_delete=models.SET_NULL,
                                           null=True, blank=True, related_name="+")
    prediction_confidence = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=80, blank=True)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="letters",
                                 verbose_name=_("catégorie confirmée"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    due_on = models.DateField(_("échéance indicative"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("suivi par"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("courrier")
        indexes = [models.Index(fields=["collectivite", "status", "due_on"])]

    def __str__(self) -> str:
        return _("Courrier n° %(pk)s") % {"pk": self.pk}

    def clean(self) -> None:
        if self.category_id and self.category.collectivite_id not in (None, self.collectivite_id):
            raise ValidationError({"category": _("Catégorie inconnue pour cette collectivité.")})
        if self.assignee_id and not permissions.can(self.assignee, "assistant.mail",
                                                    self.collectivite):
            raise ValidationError({"assignee": _("Cette personne ne peut pas suivre le "
                                                 "courrier de la collectivité.")})

    @property
    def is_overdue(self) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < timezone.localdate()

    @property
    def greeting(self) -> str:
        if self.sender_civility and self.sender_name:
            return f"{self.sender_civility} {self.sender_name},"
        if self.sender_civility:
            return f"{self.sender_civility},"
        return str(_("Madame, Monsieur,"))

    @property
    def text_for_classification(self) -> str:
        return f"{self.subject}\n{self.body}"


class Reply(models.Model):
    """The reply to a letter: drafted (model, adapted similar reply, category template or by
    hand), edited and validated by an agent. ``sent_on`` is recorded by hand: Socle sends
    nothing."""

    class Source(models.TextChoices):
        MODEL = "model", _("Rédigé par le modèle de langue")
        SIMILAR = "similar", _("Adapté d'une réponse précédente")
        TEMPLATE = "template", _("Modèle de réponse de la catégorie")
        MANUAL = "manual", _("Rédigé par un agent")

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="reply")
    text = models.TextField(_("texte de la réponse"))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_note = models.CharField(max_length=300, blank=True)
    source_letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    model_name = models.CharField(max_length=120, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField(_("date d'envoi"), null=True, blank=True)
    sent_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse")

    def __str__(self) -> str:
        return _("Réponse au courrier n° %(pk)s") % {"pk": self.letter_id}

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class ClassifierState(models.Model):
    """The collectivité's own classifier: when it was trained, on how many letters, and how many
    confirmations arrived since (a retraining is enqueued past a threshold)."""

    collectivite = models.OneToOneField(Collectivite, on_delete=models.CASCADE,
                                        related_name="mail_classifier")
    version = models.CharField(max_length=80, blank=True)
    model_file = models.CharField(max_length=120, blank=True)  # under the index dir, ours only
    trained_at = models.DateTimeField(null=True, blank=True)
    letters = models.PositiveIntegerField(default=0)
    categories = models.PositiveSmallIntegerField(default=0)
    confirmations_since = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.version or "-"
