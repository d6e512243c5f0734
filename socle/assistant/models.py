"""Knowledge base of the assistant: collections of documents, cut into chunks, indexed.

A collection is either **shared** (``collectivite`` empty: owned by the structure, readable by
every member; the one exception to the non-null ``collectivite`` rule, reserved for content the
structure publishes to all) or **private** to one collectivité.
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle import permissions
from socle.territoires.models import Collectivite


class CollectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollectionQuerySet:
        """Shared collections for any member or operator, plus the private collections of the
        collectivités the user can see (all of them for an operator)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        places = Collectivite.objects.visible_to(user)
        if not places.exists():
            return self.none()
        return self.filter(Q(collectivite__isnull=True) | Q(collectivite__in=places))

    def for_collectivite(self, collectivite) -> CollectionQuerySet:
        """What someone acting for ``collectivite`` searches: shared + that collectivité's."""
        return self.filter(Q(collectivite__isnull=True) | Q(collectivite=collectivite))

    def shared(self) -> CollectionQuerySet:
        return self.filter(collectivite__isnull=True)


class Collection(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, null=True, blank=True,
        related_name="assistant_collections", verbose_name=_("collectivité"),
        help_text=_("Vide : collection partagée par la structure avec tous les membres."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "name"], name="assistant_collection_unique_private"
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(collectivite__isnull=True),
                name="assistant_collection_unique_shared",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.collectivite_id is None


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> DocumentQuerySet:
        return self.filter(collection__in=Collection.objects.visible_to(user))


class Document(models.Model):
    class Kind(models.TextChoices):
        MARKDOWN = "markdown", _("Markdown")
        HTML = "html", _("HTML")
        PDF = "pdf", _("PDF")
        DOCX = "docx", _("Word (DOCX)")
        ODT = "odt", _("OpenDocument (ODT)")
        TEXT = "text", _("Texte brut")
        JSON = "json", _("Liste JSON")
        FICHE_VDD = "fiche_vdd", _("Fiche service-public.fr (JSON)")

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="documents")
    # What identifies the document across re-imports: source URL, file name or record id.
    key = models.CharField(max_length=500)
    title = models.CharField(_("titre"), max_length=500)
    kind = models.CharField(_("format"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("adresse de la source"), max_length=1000, blank=True)
    metadata = models.JSONField(_("métadonnées"), default=dict, blank=True)
    text = models.TextField(_("texte"))
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "key"], name="assistant_document_key"),
        ]

    def __str__(self) -> str:
        return self.title


class ChunkQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChunkQuerySet:
        return self.filter(document__collection__in=Collection.objects.visible_to(user))


class Chunk(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chunks")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=1000, blank=True)
    text = models.TextField()
    metadata = models.JSONField(default=dict, blank=True)
    # float32 vector, L2-normalised; empty until the indexing task has embedded the chunk.
    embedding = models.BinaryField(null=True, blank=True)
    embedding_model = models.CharField(max_length=300, blank=True)

    objects = ChunkQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="assistant_chunk_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.position}"

    def vector(self) -> np.ndarray | None:
        if not self.embedding:
            return None
        return np.frombuffer(bytes(self.embedding), dtype=np.float32)


class IndexJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        FAILED = "failed", _("Échouée")

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.collection} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


class IndexEpoch(models.Model):
    """One row, created with a random token the first time the index is built: part of the index
    version, so two databases (a restored backup, a test database) never share persisted indexes
    by accident."""

    token = models.CharField(max_length=32, unique=True)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str:
        row = cls.objects.order_by("pk").first()
        if row is None:
            import secrets

            row, _created = cls.objects.get_or_create(pk=1, defaults={
                "token": secrets.token_hex(8)})
        return row.token
