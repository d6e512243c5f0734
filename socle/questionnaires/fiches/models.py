"""Good-practice sheets (shared content of the structure, loaded from files) and feedback from
the field ("retours d'expérience"), proposed by members and moderated by operators.

Sheets belong to the structure and are read by everyone signed in. Feedback is tenant-owned:
published feedback is read by everyone, pending or rejected feedback only by its collectivité
and by operators (``FieldFeedback.objects.visible_to(user)``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle import permissions

__all__ = ["FieldFeedback", "GoodPracticeSheet"]


class GoodPracticeSheetQuerySet(models.QuerySet):
    def visible_to(self, user) -> GoodPracticeSheetQuerySet:
        """Shared content: every signed-in, active person reads the current sheets."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(is_active=True)


class GoodPracticeSheet(models.Model):
    """One sheet, as loaded from ``socle/data/questionnaires/fiches/<slug>.md``."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=40, db_index=True)
    summary = models.TextField(_("résumé"))
    body_markdown = models.TextField(_("contenu (Markdown)"))
    body_html = models.TextField(_("contenu (HTML assaini)"), editable=False)
    # Accent-free text of title, summary and body, for search on SQLite and PostgreSQL alike.
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(_("version"), default=1)
    source_updated = models.CharField(_("mise à jour de la source"), max_length=20, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    # A sheet whose file was removed is kept (feedback and action plans point to it) but hidden.
    is_active = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoodPracticeSheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche de bonne pratique")
        verbose_name_plural = _("fiches de bonnes pratiques")
        ordering = ["theme", "title"]

    def __str__(self) -> str:
        return self.title


class FieldFeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> FieldFeedbackQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        own = list(permissions._member_roles(user))
        return self.filter(Q(status=FieldFeedback.Status.PUBLISHED) | Q(collectivite_id__in=own))

    def published(self) -> FieldFeedbackQuerySet:
        return self.filter(status=FieldFeedback.Status.PUBLISHED)

    def pending(self) -> FieldFeedbackQuerySet:
        return self.filter(status=FieldFeedback.Status.PENDING)


class FieldFeedback(models.Model):
    """A "retour d'expérience": what a collectivité did about a sheet, in its own words."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de modération")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")

    sheet = models.ForeignKey(
        GoodPracticeSheet, verbose_name=_("fiche"), on_delete=models.PROTECT,
        related_name="feedback",
    )
    collectivite = models.ForeignKey(
        "territoires.Collectivite", verbose_name=_("collectivité"), on_delete=models.CASCADE,
        related_name="field_feedback",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL,
        related_name="field_feedback",
    )
    title = models.CharField(_("titre"), max_length=200, validators=[MinLengthValidator(5)])
    body = models.TextField(
        _("retour d'expérience"), validators=[MinLengthValidator(30), MaxLengthValidator(5000)]
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True, max_length=1000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("modéré par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    moderated_at = models.DateTimeField(_("modéré le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposé le"), auto_now_add=True)

    objects = FieldFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("retour d'expérience")
        verbose_name_plural = _("retours d'expérience")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["sheet", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="feedback_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title
