"""Council minutes (procès-verbaux) drafted from a session transcript: the source as given, the
analysis, the draft the agent edits, and its validation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet
from socle.territoires.models import Collectivite


class MinutesQuerySet(TenantQuerySet):
    pass


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Projet à relire")
        VALIDATED = "validated", _("Validé")

    class Mode(models.TextChoices):
        EXTRACTIVE = "extractive", _("Extractif (sans modèle)")
        MODEL = "model", _("Modèle de langage")

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT,
                                     related_name="minutes")
    title = models.CharField(_("intitulé"), max_length=200)
    session_date = models.DateField(_("date de la séance"))
    source_name = models.CharField(_("fichier source"), max_length=200, blank=True)
    source_format = models.CharField(max_length=8, blank=True)
    transcript = models.TextField(_("transcription"))
    agenda = models.TextField(_("ordre du jour"), blank=True)
    attendance = models.TextField(_("liste de présence"), blank=True)
    # generation.analyse(): speakers, topics, decisions, actions, attendance, quorum, …
    analysis = models.JSONField(default=dict, blank=True)
    draft = models.TextField(_("projet généré"), blank=True)
    text = models.TextField(_("procès-verbal"), blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.EXTRACTIVE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("procès-verbal")
        verbose_name_plural = _("procès-verbaux")
        ordering = ["-session_date", "-pk"]
        indexes = [models.Index(fields=["collectivite", "session_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(validated_at__isnull=False),
                name="validated_minutes_have_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.session_date:%d/%m/%Y})"

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED
