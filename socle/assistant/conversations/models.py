"""Questions to the assistant (conversations, messages, feedback) and the ledger of model calls.

``ModelCall`` holds figures only (tokens, latency, energy, CO2, status), never the text sent or
received; a ``Message`` holds the question and the answer shown to its author, deleted with the
conversation. Every row belongs to one collectivité."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet
from socle.territoires.models import Collectivite


class ModelCall(models.Model):
    class Status(models.TextChoices):
        OK = "ok", _("Réussi")
        ERROR = "error", _("Échec")

    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="assistant_model_calls"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("usage"), max_length=60)
    model = models.CharField(_("modèle"), max_length=200)
    prompt_tokens = models.PositiveIntegerField(_("jetons envoyés"), default=0)
    completion_tokens = models.PositiveIntegerField(_("jetons reçus"), default=0)
    tokens_estimated = models.BooleanField(_("jetons estimés"), default=False)
    latency_ms = models.PositiveIntegerField(_("durée (ms)"), default=0)
    energy_wh = models.FloatField(_("énergie (Wh)"), default=0.0)
    co2_g = models.FloatField(_("CO2 (g)"), default=0.0)
    energy_method = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OK)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("appel au modèle")
        verbose_name_plural = _("appels au modèle")

    def __str__(self) -> str:
        return f"{self.purpose} · {self.model} · {self.created:%Y-%m-%d %H:%M}"


class ConversationQuerySet(TenantQuerySet):
    def of(self, user):
        """A person's own conversations (nobody reads another person's questions)."""
        return self.visible_to(user).filter(user=user)


class Conversation(models.Model):
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="assistant_conversations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assistant_conversations"
    )
    title = models.CharField(_("titre"), max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-pk"]
        verbose_name = _("conversation")

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    class Role(models.TextChoices):
        USER = "user", _("Question")
        ASSISTANT = "assistant", _("Réponse")

    class Mode(models.TextChoices):
        EXTRACTIVE = "extractive", _("Extraits des sources (sans modèle)")
        MODEL = "model", _("Réponse rédigée par le modèle")
        REFUSED = "refused", _("Pas de réponse : les sources ne le permettent pas")
        ERROR = "error", _("Modèle indisponible")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField()
    mode = models.CharField(max_length=12, choices=Mode.choices, blank=True)
    sources = models.JSONField(default=list, blank=True)
    model_call = models.ForeignKey(ModelCall, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    search_cpu_ms = models.FloatField(default=0.0)
    search_energy_wh = models.FloatField(default=0.0)
    search_co2_g = models.FloatField(default=0.0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Feedback(models.Model):
    class Rating(models.TextChoices):
        UP = "up", _("Utile")
        DOWN = "down", _("Pas utile")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(_("avis"), max_length=4, choices=Rating.choices)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    created = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="one_feedback_per_answer")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} · {self.message_id}"
