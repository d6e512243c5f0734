"""Municipal acts: the original file (kept private and never modified), its extracted text, the
metadata of the SCDL délibérations schema, the review of the personal-data engine's suggestions
and the published, pseudonymised copy."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet
from socle.territoires.models import Collectivite

from .nomenclature import MATIERE_CHOICES, ActKind, ActNature


class ActQuerySet(TenantQuerySet):
    def published(self) -> ActQuerySet:
        return self.filter(status=Act.Status.PUBLISHED)


def original_path(instance: Act, filename: str) -> str:
    """Private storage, one folder per collectivité (never served by the web server)."""
    return f"actes/{instance.collectivite_id}/originaux/{instance.sha256[:16]}-{filename}"


class Act(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("À relire")
        REVIEWED = "reviewed", _("Relu")
        PUBLISHED = "published", _("Publié")
        UNPUBLISHED = "unpublished", _("Dépublié")

    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="acts")
    kind = models.CharField(_("type d'acte"), max_length=24, choices=ActKind.choices)
    nature = models.CharField(_("nature (@CTES)"), max_length=1, choices=ActNature.choices)
    number = models.CharField(_("numéro"), max_length=60)
    date = models.DateField(_("date de la décision"))
    object = models.CharField(_("objet"), max_length=500)
    matiere_code = models.CharField(_("matière (nomenclature ACTES)"), max_length=5,
                                    choices=MATIERE_CHOICES)
    siret = models.CharField(_("SIRET de la collectivité"), max_length=14)
    author_name = models.CharField(_("autorité signataire (nom)"), max_length=200)
    author_title = models.CharField(_("qualité du signataire"), max_length=200)
    other_officials = models.TextField(
        _("autres élus cités (un nom par ligne)"), blank=True,
        help_text=_("Noms à conserver en clair : adjoints, conseillers présents…"))
    votes_effectif = models.PositiveIntegerField(_("membres en exercice"), null=True, blank=True)
    votes_presents = models.PositiveIntegerField(_("présents"), null=True, blank=True)
    votes_votants = models.PositiveIntegerField(_("votants"), null=True, blank=True)
    votes_pour = models.PositiveIntegerField(_("pour"), null=True, blank=True)
    votes_contre = models.PositiveIntegerField(_("contre"), null=True, blank=True)
    votes_abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)

    original = models.FileField(_("fichier original"), upload_to=original_path, max_length=300)
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(_("encodage du texte"), max_length=20, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("texte extrait"))
    # [{"start", "end", "label", "text", "action", "reason", "score", "source"}], by start.
    spans = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    published_object = models.CharField(max_length=500, blank=True)
    published_text = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    unpublish_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActQuerySet.as_manager()

    class Meta:
        verbose_name = _("acte")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["collectivite", "status", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_act_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.number} du {self.date:%d/%m/%Y}"

    @property
    def has_votes(self) -> bool:
        return self.votes_votants is not None

    def clean(self) -> None:
        super().clean()
        errors = vote_errors(self)
        if self.siret and not siret_ok(self.siret):
            errors["siret"] = _("Numéro SIRET invalide : 14 chiffres dont la clé de contrôle.")
        if errors:
            raise ValidationError(errors)


def siret_ok(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


VOTE_FIELDS = ("votes_effectif", "votes_presents", "votes_votants", "votes_pour",
               "votes_contre", "votes_abstentions")


def vote_errors(act: Act) -> dict[str, str]:
    """Vote counts are all given or none, and add up: pour + contre + abstentions = votants,
    présents and votants within the members in office."""
    values = {name: getattr(act, name) for name in VOTE_FIELDS}
    given = [v for v in values.values() if v is not None]
    if not given:
        return {}
    if len(given) != len(VOTE_FIELDS):
        return {"votes_effectif": _("Renseignez tous les décomptes du vote, ou aucun.")}
    errors = {}
    cast = act.votes_pour + act.votes_contre + act.votes_abstentions
    if cast != act.votes_votants:
        errors["votes_votants"] = _(
            "Pour (%(pour)s) + contre (%(contre)s) + abstentions (%(abst)s) = %(cast)s, "
            "différent des %(votants)s votants.") % {
            "pour": act.votes_pour, "contre": act.votes_contre,
            "abst": act.votes_abstentions, "cast": cast, "votants": act.votes_votants}
    if act.votes_presents > act.votes_effectif:
        errors["votes_presents"] = _("Plus de présents que de membres en exercice.")
    if act.votes_votants > act.votes_effectif:
        errors["votes_effectif"] = _("Plus de votants que de membres en exercice.")
    return errors
