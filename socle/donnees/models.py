"""Models of the donnees app, part A: the register of processing (GDPR art. 30) and its shared
library of templates, the breaches register (art. 33-34) and data-subject requests (art. 12-22).

Tenant-owned rows carry a non-null ``collectivite`` and are read through ``visible_to(user)``.
Nothing is deleted: rows are archived with a reason (``archived_at``, ``archived_reason``).
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet as BaseTenantQuerySet

from .opendata.models import *  # noqa: F403  (part B's models)

BREACH_CLOCK = datetime.timedelta(hours=72)


class TenantQuerySet(BaseTenantQuerySet):

    def current(self):
        return self.filter(archived_at__isnull=True)


class Archivable(models.Model):
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    archived_reason = models.TextField(_("motif de l'archivage"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LegalBasis(models.TextChoices):
    CONSENT = "consentement", _("Consentement (art. 6.1.a)")
    CONTRACT = "contrat", _("Exécution d'un contrat (art. 6.1.b)")
    LEGAL_OBLIGATION = "obligation_legale", _("Obligation légale (art. 6.1.c)")
    VITAL_INTERESTS = "interets_vitaux", _("Sauvegarde des intérêts vitaux (art. 6.1.d)")
    PUBLIC_TASK = "mission_publique", _("Mission d'intérêt public (art. 6.1.e)")
    LEGITIMATE_INTERESTS = "interet_legitime", _("Intérêt légitime (art. 6.1.f)")


class SensitiveCondition(models.TextChoices):
    NONE = "", _("— (pas de donnée sensible)")
    EXPLICIT_CONSENT = "consentement_explicite", _("Consentement explicite (art. 9.2.a)")
    EMPLOYMENT = "droit_du_travail", _("Droit du travail et protection sociale (art. 9.2.b)")
    VITAL = "interets_vitaux", _("Intérêts vitaux (art. 9.2.c)")
    MADE_PUBLIC = "rendues_publiques", _("Données rendues publiques par la personne (art. 9.2.e)")
    LEGAL_CLAIMS = "droits_en_justice", _("Droits en justice (art. 9.2.f)")
    PUBLIC_INTEREST = "interet_public_important", _("Intérêt public important (art. 9.2.g)")
    HEALTH_SOCIAL = "sante_social", _("Médecine, prise en charge sanitaire ou sociale (art. 9.2.h)")
    ARCHIVES = "archives_statistiques", _("Archives, recherche, statistique (art. 9.2.j)")


class FinalFate(models.TextChoices):
    DESTRUCTION = "destruction", _("Destruction")
    PERMANENT = "conservation", _("Conservation définitive")
    ARCHIVES = "versement", _("Versement aux archives")
    SORTING = "tri", _("Tri (conservation partielle)")


# The nine criteria of the EDPB guidelines the CNIL applies (WP248): two or more make a DPIA
# likely required.
DPIA_CRITERIA = [
    ("evaluation", _("Évaluation ou notation (profilage)")),
    ("decision_automatique", _("Décision automatique avec effet juridique ou similaire")),
    ("surveillance", _("Surveillance systématique (vidéoprotection…)")),
    ("donnees_sensibles", _("Données sensibles ou hautement personnelles")),
    ("grande_echelle", _("Traitement à grande échelle")),
    ("croisement", _("Croisement ou combinaison d'ensembles de données")),
    ("personnes_vulnerables", _("Personnes vulnérables (enfants, personnes aidées, agents…)")),
    ("usage_innovant", _("Usage innovant ou nouvelle technologie")),
    ("exclusion", _("Traitement empêchant d'exercer un droit ou de bénéficier d'un service")),
]
DPIA_THRESHOLD = 2


class DpiaStatus(models.TextChoices):
    NOT_ASSESSED = "a_evaluer", _("À évaluer")
    NOT_NEEDED = "non_requise", _("Non requise")
    NEEDED = "requise", _("Requise, à réaliser")
    DONE = "realisee", _("Réalisée")


# The art. 30 fields a template fills and an adopter may adapt (and see change between versions).
CONTENT_FIELDS = (
    "name", "purpose", "legal_basis", "sensitive_data", "sensitive_condition",
    "person_categories", "data_categories", "recipients", "transfers_outside_eu",
    "transfer_safeguards", "retention", "final_fate", "security_measures", "processors",
    "joint_controllers", "dpia_criteria",
)
# Fields that count in the completeness score (a required answer each).
COMPLETENESS_FIELDS = (
    "purpose", "legal_basis", "person_categories", "data_categories", "recipients",
    "retention", "final_fate", "security_measures", "dpia_status",
)
# Fields shown on the optional public register (never names nor security details).
PUBLIC_FIELDS = ("name", "purpose", "legal_basis", "person_categories", "data_categories",
                 "recipients", "retention", "final_fate")


class ProcessingTemplate(models.Model):
    """A model of processing maintained by the structure (shared, read-only for members)."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    content = models.JSONField(_("contenu"), default=dict)
    changelog = models.TextField(_("nouveautés de la version"), blank=True)
    is_active = models.BooleanField(_("proposé"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle de traitement")
        ordering = ["slug"]

    def __str__(self) -> str:
        return str(self.content.get("name") or self.slug)

    @property
    def name(self) -> str:
        return str(self)


class ProcessingFields(models.Model):
    """The art. 30 fields, shared by the processing record."""

    name = models.CharField(_("nom du traitement"), max_length=200)
    purpose = models.TextField(_("finalités"), blank=True)
    legal_basis = models.CharField(
        _("base légale (art. 6)"), max_length=30, choices=LegalBasis.choices, blank=True
    )
    sensitive_data = models.BooleanField(_("données sensibles (art. 9) ou d'infraction"),
                                         default=False)
    sensitive_condition = models.CharField(
        _("condition de l'art. 9"), max_length=30, choices=SensitiveCondition.choices, blank=True
    )
    person_categories = models.TextField(_("catégories de personnes concernées"), blank=True)
    data_categories = models.TextField(_("catégories de données"), blank=True)
    recipients = models.TextField(_("destinataires"), blank=True)
    transfers_outside_eu = models.BooleanField(_("transferts hors de l'Union européenne"),
                                               default=False)
    transfer_safeguards = models.TextField(_("garanties des transferts"), blank=True)
    retention = models.TextField(_("durée de conservation"), blank=True)
    final_fate = models.CharField(_("sort final"), max_length=20, choices=FinalFate.choices,
                                  blank=True)
    security_measures = models.TextField(_("mesures de sécurité"), blank=True)
    processors = models.TextField(_("sous-traitants"), blank=True)
    joint_controllers = models.TextField(_("responsables conjoints"), blank=True)
    dpia_criteria = models.JSONField(_("critères d'AIPD"), default=list, blank=True)

    class Meta:
        abstract = True


class Processing(ProcessingFields, Archivable):
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="processings")
    dpia_status = models.CharField(_("analyse d'impact (AIPD)"), max_length=12,
                                   choices=DpiaStatus.choices, default=DpiaStatus.NOT_ASSESSED)
    dpia_done_on = models.DateField(_("AIPD réalisée le"), null=True, blank=True)
    completeness = models.PositiveSmallIntegerField(_("complétude (%)"), default=0)
    template = models.ForeignKey(ProcessingTemplate, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="adoptions")
    template_version = models.PositiveIntegerField(null=True, blank=True)
    # The template's content at that version: what changed since is the diff adopters see.
    template_snapshot = models.JSONField(default=dict, blank=True)
    declined_version = models.PositiveIntegerField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("traitement")
        ordering = ["name"]
        indexes = [models.Index(fields=["collectivite", "archived_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("donnees:processing", kwargs={"pk": self.pk})

    @property
    def dpia_likely(self) -> bool:
        return len(self.dpia_criteria or []) >= DPIA_THRESHOLD

    def compute_completeness(self) -> int:
        filled = [bool(getattr(self, f)) for f in COMPLETENESS_FIELDS]
        filled[-1] = self.dpia_status != DpiaStatus.NOT_ASSESSED
        if self.sensitive_data:
            filled.append(bool(self.sensitive_condition))
        if self.transfers_outside_eu:
            filled.append(bool(self.transfer_safeguards))
        return round(100 * sum(filled) / len(filled))

    @property
    def template_update_pending(self) -> bool:
        return (
            self.template_id is not None
            and self.template.version > (self.template_version or 0)
            and self.template.version != self.declined_version
        )


class RegisterSettings(models.Model):
    """Per collectivité: whether the register has a public page."""

    collectivite = models.OneToOneField("territoires.Collectivite", on_delete=models.CASCADE,
                                        related_name="register_settings")
    is_public = models.BooleanField(_("registre public"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.collectivite_id}: {'public' if self.is_public else 'privé'}"


class Risk(models.TextChoices):
    UNKNOWN = "", _("Non évalué")
    NONE = "aucun", _("Aucun risque")
    RISK = "risque", _("Risque")
    HIGH = "eleve", _("Risque élevé")


BREACH_NATURES = [
    ("confidentialite", _("Confidentialité (divulgation, accès non autorisé)")),
    ("integrite", _("Intégrité (altération)")),
    ("disponibilite", _("Disponibilité (perte, destruction)")),
]


class Breach(Archivable):
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="breaches")
    title = models.CharField(_("intitulé"), max_length=200)
    detected_at = models.DateTimeField(_("date et heure de détection"))
    nature = models.JSONField(_("nature de la violation"), default=list, blank=True)
    description = models.TextField(_("circonstances"), blank=True)
    person_categories = models.TextField(_("catégories de personnes concernées"), blank=True)
    persons_count = models.PositiveIntegerField(_("nombre approximatif de personnes"),
                                                null=True, blank=True)
    records_count = models.PositiveIntegerField(_("nombre approximatif d'enregistrements"),
                                                null=True, blank=True)
    consequences = models.TextField(_("conséquences probables"), blank=True)
    measures = models.TextField(_("mesures prises ou envisagées"), blank=True)
    risk = models.CharField(_("évaluation du risque"), max_length=10, choices=Risk.choices,
                            blank=True)
    cnil_notified_at = models.DateTimeField(_("notifiée à la CNIL le"), null=True, blank=True)
    cnil_reference = models.CharField(_("référence de la notification CNIL"), max_length=80,
                                      blank=True)
    delay_reason = models.TextField(_("motif du retard de notification"), blank=True)
    persons_informed_at = models.DateTimeField(_("personnes informées le"), null=True,
                                               blank=True)
    decision_note = models.TextField(_("justification de la décision"), blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("violation de données")
        ordering = ["-detected_at"]
        indexes = [models.Index(fields=["collectivite", "closed_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("donnees:breach", kwargs={"pk": self.pk})

    @property
    def deadline(self) -> datetime.datetime:
        return self.detected_at + BREACH_CLOCK

    @property
    def clock_running(self) -> bool:
        """The 72-hour clock runs until the CNIL is notified, the risk is judged nil, or the
        breach is closed."""
        return (self.closed_at is None and self.archived_at is None
                and self.cnil_notified_at is None and self.risk != Risk.NONE)

    @property
    def remaining(self) -> datetime.timedelta:
        return self.deadline - timezone.now()

    @property
    def overdue(self) -> bool:
        return self.clock_running and self.remaining.total_seconds() < 0

    @property
    def notified_late(self) -> bool:
        return self.cnil_notified_at is not None and self.cnil_notified_at > self.deadline


class RequestKind(models.TextChoices):
    ACCESS = "acces", _("Accès (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "effacement", _("Effacement (art. 17)")
    LIMITATION = "limitation", _("Limitation (art. 18)")
    PORTABILITY = "portabilite", _("Portabilité (art. 20)")
    OBJECTION = "opposition", _("Opposition (art. 21)")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day ``months`` later, or the last day of that month (31 January + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class SubjectRequest(Archivable):
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="subject_requests")
    kind = models.CharField(_("type de demande"), max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(_("reçue le"))
    requester = models.CharField(_("demandeur"), max_length=200)
    summary = models.TextField(_("objet de la demande"), blank=True)
    identity_checked = models.BooleanField(_("identité vérifiée"), default=False)
    identity_note = models.CharField(_("comment l'identité a été vérifiée"), max_length=200,
                                     blank=True)
    extended = models.BooleanField(_("délai prolongé de deux mois"), default=False)
    extension_reason = models.TextField(_("motif de la prolongation"), blank=True)
    due_on = models.DateField(_("échéance"))
    answered_on = models.DateField(_("répondue le"), null=True, blank=True)
    answer = models.TextField(_("réponse apportée"), blank=True)
    answer_trace = models.CharField(_("trace de la réponse"), max_length=200, blank=True,
                                    help_text=_("Courrier recommandé n°, courriel du…, etc."))
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande d'exercice de droits")
        ordering = ["due_on"]
        indexes = [models.Index(fields=["collectivite", "closed_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — reçue le {self.received_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("donnees:request", kwargs={"pk": self.pk})

    def compute_due_on(self) -> datetime.date:
        return add_months(self.received_on, 3 if self.extended else 1)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.archived_at is None

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class ReminderSent(models.Model):
    """One row per reminder e-mail: the unique key makes the reminders idempotent."""

    key = models.CharField(max_length=120, unique=True)
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.CASCADE,
                                     related_name="+")
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
