"""The territory: the structure that runs the instance, the collectivités it serves, and who
belongs to which collectivité with which role.

Tenancy rule: every tenant-owned model elsewhere has a non-null ``collectivite`` foreign key and a
manager built on :class:`TenantQuerySet`, whose ``visible_to(user)`` is the only way views and the
API read it.
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle import permissions


def search_key(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, hyphens and apostrophes as spaces: how names
    are stored for search, so "saint etienne" finds "Saint-Étienne" on SQLite and PostgreSQL."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\s'’\-]+", " ", plain).strip()


siren_validator = RegexValidator(r"^\d{9}$", _("Un SIREN compte exactement 9 chiffres."))


class Structure(models.Model):
    """The mutualisation structure operating this instance (one row per instance)."""

    name = models.CharField(_("nom"), max_length=200)
    siren = models.CharField(
        _("SIREN"), max_length=9, blank=True, validators=[siren_validator]
    )
    website = models.URLField(_("site internet"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("structure")

    def __str__(self) -> str:
        return self.name


class CollectiviteQuerySet(models.QuerySet):
    def visible_to(self, user) -> CollectiviteQuerySet:
        """Collectivités the user may read: all for an operator, else those of their memberships."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        return self.filter(memberships__user=user).distinct()

    def members(self) -> CollectiviteQuerySet:
        return self.filter(is_member=True)

    def current(self) -> CollectiviteQuerySet:
        return self.filter(is_active=True)


class Collectivite(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("EPCI")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        SYNDICAT = "syndicat", _("Syndicat")
        OTHER = "autre", _("Autre")

    # Natural key that makes the referential import idempotent: "commune:07010",
    # "epci:200072460", "departement:07", "region:84"; "local:<slug>" for rows created by hand.
    ref_key = models.CharField(max_length=40, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    # search_key(name), kept in step by save() and by the referential import; used for search
    # and for sorting by name in French order rather than by code point.
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True, db_index=True)
    siren = models.CharField(
        _("SIREN"), max_length=9, null=True, blank=True, unique=True, validators=[siren_validator]
    )
    epci_kind = models.CharField(
        _("nature de l'EPCI"), max_length=10, blank=True, help_text=_("CC, CA, CU, METRO, MET69")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    departement_code = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    # 2 characters for régions, 3 for the overseas collectivités (975, 977…).
    region_code = models.CharField(_("région"), max_length=3, blank=True)
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    epci = models.ForeignKey(
        "self",
        verbose_name=_("EPCI de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_communes",
        limit_choices_to={"kind": "epci"},
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The official referential drops communes that merge; we keep the row (and its history) and
    # mark it inactive rather than deleting data that other modules reference.
    is_active = models.BooleanField(_("en vigueur"), default=True)

    is_member = models.BooleanField(_("membre"), default=False, db_index=True)
    member_since = models.DateField(_("membre depuis"), null=True, blank=True)
    website = models.URLField(_("site internet"), blank=True, max_length=300)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectiviteQuerySet.as_manager()

    class Meta:
        verbose_name = _("collectivité")
        ordering = ["name", "code_insee"]
        indexes = [
            models.Index(fields=["is_member", "name"]),
            models.Index(fields=["kind", "departement_code"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_member=False) | Q(member_since__isnull=False),
                name="member_has_member_since",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.COMMUNE and self.code_insee:
            return f"{self.name} ({self.code_insee})"
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def population_band(self) -> str:
        return population_band(self.population)


POPULATION_BANDS: list[tuple[str, str, int, int | None]] = [
    # (key, label, lower bound inclusive, upper bound exclusive)
    ("lt500", "moins de 500 hab.", 0, 500),
    ("500-3500", "500 à 3 499 hab.", 500, 3500),
    ("3500-10000", "3 500 à 9 999 hab.", 3500, 10000),
    ("10000-50000", "10 000 à 49 999 hab.", 10000, 50000),
    ("gte50000", "50 000 hab. et plus", 50000, None),
]


def population_band(population: int | None) -> str:
    if population is None:
        return ""
    for key, _label, low, high in POPULATION_BANDS:
        if population >= low and (high is None or population < high):
            return key
    return ""


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user) -> MembershipQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if permissions.is_operateur(user):
            return self
        return self.filter(collectivite__memberships__user=user).distinct()


class Membership(models.Model):
    """A person's role in one collectivité. Operators are not members: their role is on the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rôle"), max_length=12, choices=permissions.Role.member_choices()
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"], name="one_role_per_user_and_collectivite"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.collectivite}"


class ReferentialImport(models.Model):
    """One run of the official referential import: what was read and what changed."""

    source = models.CharField(max_length=200)
    checksum = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    duration_seconds = models.FloatField()
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.started_at:%Y-%m-%d %H:%M})"
