"""Campaigns of self-assessment, the members' responses and answers, evidence, reminders and the
action plan drawn from the gaps.

Referentials themselves are data files (``referentiels/``): a campaign pins a referential slug and
version at launch, so later versions never change what was asked nor how it scores.

Tenant-owned rows (responses, answers, evidence, actions) carry a non-null ``collectivite`` and are
read through ``visible_to(user)``.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle import permissions
from socle.core.tenancy import TenantQuerySet

from .fiches.models import *  # noqa: F403


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Operators see every campaign; members those their collectivités are asked to answer."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        return self.filter(
            responses__collectivite_id__in=list(permissions._member_roles(user))
        ).distinct()


class Campaign(models.Model):
    """A referential put to a set of members, launched by an operator (shared, not tenant-owned)."""

    title = models.CharField(_("titre"), max_length=200)
    referential_slug = models.SlugField(_("référentiel"), max_length=80)
    referential_version = models.CharField(_("version du référentiel"), max_length=20)
    # The filters used at launch, kept for the record; the targets themselves are the responses.
    target_departement = models.CharField(_("département"), max_length=3, blank=True)
    target_epci = models.ForeignKey(
        "territoires.Collectivite", verbose_name=_("EPCI"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    target_population = models.CharField(_("tranche de population"), max_length=20, blank=True)
    opens_on = models.DateField(_("date d'ouverture"))
    deadline = models.DateField(_("date limite"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campagne")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="campaign_deadline_after_open"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            raise ValidationError(
                {"deadline": _("La date limite doit suivre la date d'ouverture.")}
            )


class Response(models.Model):
    """One collectivité's response to one campaign, answered in several sittings."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("En cours")
        SUBMITTED = "submitted", _("Soumise")
        RETURNED = "returned", _("Renvoyée pour compléments")
        VALIDATED = "validated", _("Validée")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    answered_count = models.PositiveIntegerField(default=0)
    question_count = models.PositiveIntegerField(default=0)
    is_partial = models.BooleanField(_("soumise partiellement"), default=False)
    is_late = models.BooleanField(_("soumise en retard"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(_("commentaire de renvoi"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse à une campagne")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "collectivite"], name="one_response_per_campaign_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.collectivite}"

    @property
    def percent(self) -> int:
        if not self.question_count:
            return 0
        return min(100, round(100 * self.answered_count / self.question_count))

    @property
    def remaining(self) -> int:
        return max(0, self.question_count - self.answered_count)

    @property
    def is_open(self) -> bool:
        """Answers may still change: not yet submitted, or sent back."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Answer(models.Model):
    """The answer to one question of the pinned referential (value as text, see services)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="+"
    )
    question_id = models.CharField(max_length=80)
    value = models.CharField(_("réponse"), max_length=80, blank=True)
    comment = models.TextField(_("commentaire"), blank=True, max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse à une question")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} = {self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored per collectivité under MEDIA_ROOT, under a random name (the original is kept)."""
    import secrets

    suffix = PurePath(filename).suffix.lower()[:6]
    return f"questionnaires/{instance.collectivite_id}/{secrets.token_hex(12)}{suffix}"


class Evidence(models.Model):
    """A document attached to an answer as evidence; served only to readers of the response."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("fichier"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("justificatif")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Reminder(models.Model):
    """One reminder sent for one response at one stage: the unique constraint makes the reminder
    run idempotent."""

    class Stage(models.TextChoices):
        WEEK = "j-7", _("7 jours avant la date limite")
        DAY = "j-1", _("la veille de la date limite")
        OVERDUE = "retard", _("date limite dépassée")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=8, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.response} — {self.stage}"


class Action(models.Model):
    """One action of a collectivité's plan, drawn from a gap at validation, then edited."""

    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        DOING = "doing", _("En cours")
        DONE = "done", _("Fait")
        ABANDONED = "abandoned", _("Abandonné")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="actions")
    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="questionnaire_actions"
    )
    question_id = models.CharField(max_length=80)
    title = models.CharField(_("action"), max_length=300)
    theme = models.CharField(_("thème"), max_length=120, blank=True)
    impact = models.PositiveSmallIntegerField(_("impact"), default=1)
    effort = models.PositiveSmallIntegerField(_("effort"), default=1)
    rank = models.PositiveIntegerField(_("priorité"), default=0)
    sheets = models.JSONField(_("fiches"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsable"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.TODO
    )
    abandon_reason = models.TextField(_("raison de l'abandon"), blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("action du plan")
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_action_per_gap"
            ),
            models.CheckConstraint(
                condition=~Q(status="abandoned") | ~Q(abandon_reason=""),
                name="abandoned_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.Status.ABANDONED and not self.abandon_reason.strip():
            raise ValidationError(
                {"abandon_reason": _("Indiquez pourquoi l'action est abandonnée.")}
            )
