"""The audit journal: who did what, on which collectivité, when. Append-only: rows are never
updated nor deleted (a database trigger refuses it, see migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from socle import permissions


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuditEventQuerySet:
        """Operators read everything; DPO and référents read their collectivités' events."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        allowed = [
            cid
            for cid, role in permissions._member_roles(user).items()
            if role in permissions.MATRIX["journal.view"][1]
        ]
        return self.filter(collectivite_id__in=allowed)

    def update(self, **kwargs):
        raise TypeError("The audit journal is append-only.")

    def delete(self):
        raise TypeError("The audit journal is append-only.")


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        # No cascade, no SET NULL: the journal is never rewritten. Accounts are deactivated,
        # not deleted; if one ever is, actor_label still says who acted.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept even if the account is later deleted: the journal must still say who acted.
    actor_label = models.CharField(_("auteur"), max_length=200)
    collectivite = models.ForeignKey(
        "territoires.Collectivite",
        verbose_name=_("collectivité"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=80, blank=True)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=300, blank=True)
    details = models.JSONField(_("détails"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collectivite", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError("The audit journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit journal is append-only.")
