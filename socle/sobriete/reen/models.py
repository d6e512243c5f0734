"""REEN strategy of a collectivité: the strategy itself (orientations per decree theme),
objectives with indicators, the work programme, yearly indicator snapshots, and the RGESN V2
self-assessment of its online services."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..reemploi.rights import TenantQuerySet
from . import rgesn, themes

__all__ = [
    "IndicatorSnapshot",
    "Objective",
    "OnlineService",
    "RgesnAnswer",
    "Strategy",
    "WorkAction",
]

THEME_FIELD = dict(
    verbose_name=_("thème du décret"), choices=themes.THEME_CHOICES,
    validators=[MinValueValidator(1), MaxValueValidator(6)],
)


class Strategy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Projet")
        ADOPTED = "adopted", _("Adoptée par délibération")

    collectivite = models.OneToOneField("territoires.Collectivite", on_delete=models.CASCADE,
                                        related_name="reen_strategy")
    title = models.CharField(_("titre"), max_length=200,
                             default=_("Stratégie numérique responsable"))
    start_year = models.PositiveSmallIntegerField(
        _("première année"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(
        _("dernière année"), validators=[MinValueValidator(2020), MaxValueValidator(2100)])
    ambition = models.TextField(_("ambition et principes"), blank=True)
    orientations = models.JSONField(_("orientations par thème"), default=dict, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    adopted_on = models.DateField(_("date de la délibération"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("stratégie numérique responsable")

    def __str__(self) -> str:
        return f"{self.title} ({self.start_year}-{self.end_year})"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("La dernière année précède la première.")})
        if self.status == self.Status.ADOPTED and not self.adopted_on:
            raise ValidationError({"adopted_on": _("Indiquez la date de la délibération.")})


class Objective(models.Model):
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.CASCADE,
                                     related_name="reen_objectives")
    theme = models.PositiveSmallIntegerField(**THEME_FIELD)
    title = models.CharField(_("objectif"), max_length=300)
    indicator = models.CharField(_("indicateur suivi"), max_length=60, blank=True,
                                 choices=themes.indicator_choices())
    baseline = models.DecimalField(_("valeur de départ"), max_digits=14, decimal_places=2,
                                   null=True, blank=True)
    target = models.DecimalField(_("valeur cible"), max_digits=14, decimal_places=2,
                                 null=True, blank=True)
    target_date = models.DateField(_("échéance"))
    created_at = models.DateTimeField(auto_now_add=True)

    kind_slug = "objectif"  # in the delete URL
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("objectif")
        ordering = ["theme", "target_date", "pk"]

    def __str__(self) -> str:
        return self.title


class WorkAction(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")
        DROPPED = "dropped", _("Abandonnée")

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.CASCADE,
                                     related_name="reen_actions")
    theme = models.PositiveSmallIntegerField(**THEME_FIELD)
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("pilote"), max_length=200,
                             help_text=_("Service ou personne qui porte l'action."))
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin prévue"))
    status = models.CharField(_("état"), max_length=12, choices=Status.choices,
                              default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    kind_slug = "action"  # in the delete URL
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("action du programme de travail")
        ordering = ["theme", "start_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin prévue précède le début.")})


class IndicatorSnapshot(models.Model):
    """The indicators of one year, frozen: computed ones as they were, entered ones as given."""

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.CASCADE,
                                     related_name="reen_snapshots")
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    values = models.JSONField(_("valeurs"), default=dict)
    taken_at = models.DateTimeField(auto_now=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("bilan annuel des indicateurs")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "year"],
                                               name="reen_one_snapshot_per_year")]

    def __str__(self) -> str:
        return f"{self.year}"


class OnlineService(models.Model):
    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.CASCADE,
                                     related_name="reen_online_services")
    name = models.CharField(_("nom du service en ligne"), max_length=200)
    url = models.URLField(_("adresse"), blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("service en ligne")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "name"],
                                               name="reen_service_name_unique")]

    def __str__(self) -> str:
        return self.name


class RgesnAnswer(models.Model):
    class Status(models.TextChoices):
        MET = rgesn.MET, _("Conforme")
        NOT_MET = rgesn.NOT_MET, _("Non conforme")
        NOT_APPLICABLE = rgesn.NOT_APPLICABLE, _("Non applicable")
        IN_PROGRESS = rgesn.IN_PROGRESS, _("En cours")

    service = models.ForeignKey(OnlineService, on_delete=models.CASCADE, related_name="answers")
    criterion = models.CharField(_("critère"), max_length=8)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices)
    note = models.CharField(_("commentaire"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse RGESN")
        constraints = [models.UniqueConstraint(fields=["service", "criterion"],
                                               name="reen_one_answer_per_criterion")]

    def __str__(self) -> str:
        return f"{self.service} {self.criterion}"

    def clean(self):
        if self.criterion not in rgesn.criterion_numbers():
            raise ValidationError({"criterion": _("Critère RGESN inconnu.")})
