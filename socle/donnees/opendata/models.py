"""Models of the data catalogue, sharing agreements and open data (part B of the donnees app).

Imported by the app's models module (app label ``donnees``). Tenant-owned rows carry a non-null
``collectivite`` and are read through ``visible_to(user)``; nothing is deleted (archived with a
reason). Published files are kept in the database, every version, so a publication is written
with its journal entry in one transaction and the history survives any redeployment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle import permissions

__all__ = ["Dataset", "DatasetVersion", "OpenDataProfile", "SharingAgreement"]


def _member_ids(user) -> list[int] | None:
    """None for an operator (everything), else the user's collectivités; [] for nobody."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if permissions.is_operateur(user):
        return None
    return list(permissions._member_roles(user))


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        ids = _member_ids(user)
        return self if ids is None else self.filter(collectivite_id__in=ids)

    def current(self):
        return self.filter(archived_at__isnull=True)


def legal_basis_choices():
    from socle.donnees.models import LegalBasis

    return LegalBasis.choices


class SharingLevel(models.TextChoices):
    OPEN = "ouvert", _("Ouvert (donnée publique)")
    SHARED = "partage", _("Partagé entre collectivités")
    RESTRICTED = "restreint", _("Restreint (usage interne)")


class AccessType(models.TextChoices):
    """udata's access types (data.gouv.fr)."""

    OPEN = "open", _("Ouvert")
    OPEN_WITH_ACCOUNT = "open_with_account", _("Ouvert avec compte")
    RESTRICTED = "restricted", _("Restreint")


ACCESS_AUDIENCES = [
    ("local_authority_and_administration", _("Collectivités et administrations")),
    ("company_and_association", _("Entreprises et associations")),
    ("private", _("Particuliers")),
]


class AccessReason(models.TextChoices):
    NONE = "", _("—")
    PERSONAL_DATA = "personal_data", _("Données personnelles")
    TRADE_SECRET = "trade_secret", _("Secret des affaires")
    NATIONAL_SECURITY = "national_security", _("Sécurité publique ou nationale")
    OTHER = "other", _("Autre motif légal")


class Theme(models.TextChoices):
    """The EU data themes (DCAT-AP ``dcat:theme`` vocabulary)."""

    GOVE = "GOVE", _("Gouvernement et secteur public")
    ECON = "ECON", _("Économie et finances")
    EDUC = "EDUC", _("Éducation, culture et sport")
    ENVI = "ENVI", _("Environnement")
    ENER = "ENER", _("Énergie")
    HEAL = "HEAL", _("Santé")
    JUST = "JUST", _("Justice, système juridique et sécurité publique")
    REGI = "REGI", _("Régions et villes")
    SOCI = "SOCI", _("Population et société")
    TECH = "TECH", _("Science et technologie")
    TRAN = "TRAN", _("Transports")
    AGRI = "AGRI", _("Agriculture, pêche, sylviculture et alimentation")
    INTR = "INTR", _("Questions internationales")


class Frequency(models.TextChoices):
    """Update frequency: EU frequency code (dct:accrualPeriodicity); label as in SCDL catalogue."""

    UNKNOWN = "UNKNOWN", _("Inconnue")
    IRREG = "IRREG", _("Irrégulière")
    CONT = "CONT", _("Continuelle")
    DAILY = "DAILY", _("Quotidienne ou plusieurs fois par jour")
    WEEKLY = "WEEKLY", _("Hebdomadaire ou plusieurs fois par semaine")
    MONTHLY = "MONTHLY", _("Mensuelle ou plusieurs fois par mois")
    QUARTERLY = "QUARTERLY", _("Trimestrielle")
    ANNUAL_2 = "ANNUAL_2", _("Semestrielle")
    ANNUAL = "ANNUAL", _("Annuelle")
    NEVER = "NEVER", _("Ponctuelle")


class License(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte / Etalab 2.0")
    ODBL = "odbl", _("Open Database License (ODbL)")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0")
    OTHER = "autre", _("Autre licence")


class Dataset(models.Model):
    """A dataset of the collectivité's catalogue (Charte de la donnée territoriale)."""

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="datasets")
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80)
    description = models.TextField(_("description"))
    purpose = models.TextField(_("finalité"), blank=True)
    owner = models.CharField(_("propriétaire (service responsable)"), max_length=200)
    steward = models.CharField(_("référent de la donnée (gestionnaire)"), max_length=200,
                               blank=True)
    personal_data = models.BooleanField(_("contient des données personnelles"), default=False)
    processing = models.ForeignKey("donnees.Processing", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="datasets",
                                   verbose_name=_("traitement du registre"))
    legal_basis = models.CharField(_("base légale"), max_length=30, blank=True,
                                   choices=legal_basis_choices)
    retention = models.CharField(_("durée de conservation"), max_length=200, blank=True)
    sharing_level = models.CharField(_("niveau de partage"), max_length=10,
                                     choices=SharingLevel.choices, default=SharingLevel.RESTRICTED)
    access_type = models.CharField(_("type d'accès (data.gouv.fr)"), max_length=20,
                                   choices=AccessType.choices, default=AccessType.OPEN)
    access_audiences = models.JSONField(_("publics autorisés"), default=list, blank=True)
    access_reason = models.CharField(_("motif de la restriction"), max_length=20, blank=True,
                                     choices=AccessReason.choices)
    frequency = models.CharField(_("fréquence de mise à jour"), max_length=10,
                                 choices=Frequency.choices, default=Frequency.UNKNOWN)
    quality_notes = models.TextField(_("notes sur la qualité"), blank=True)
    theme = models.CharField(_("thème"), max_length=4, choices=Theme.choices,
                             default=Theme.GOVE)
    keywords = models.CharField(_("mots-clés"), max_length=300, blank=True,
                                help_text=_("Séparés par des virgules."))
    license = models.CharField(_("licence"), max_length=12, choices=License.choices,
                               default=License.ETALAB)
    issued = models.DateField(_("date de première diffusion"), null=True, blank=True)
    temporal_start = models.DateField(_("couverture temporelle : début"), null=True, blank=True)
    temporal_end = models.DateField(_("couverture temporelle : fin"), null=True, blank=True)
    schema = models.CharField(_("schéma de données (SCDL)"), max_length=40, blank=True)
    external_url = models.URLField(_("adresse des données publiées ailleurs"), blank=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)
    archived_reason = models.TextField(_("motif de l'archivage"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeu de données")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["collectivite", "slug"],
                                               name="dataset_slug_per_collectivite")]

    def __str__(self) -> str:
        return self.title

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    @property
    def is_public(self) -> bool:
        """Served without sign-in: open, open access, not archived."""
        return (self.sharing_level == SharingLevel.OPEN and self.access_type == AccessType.OPEN
                and self.archived_at is None)


class DatasetVersion(models.Model):
    """One valid file published for a dataset; the latest is the one served."""

    class Source(models.TextChoices):
        UPLOAD = "depot", _("Dépôt d'un fichier")
        GENERATED = "socle", _("Produit depuis Socle")

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="+")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    schema_name = models.CharField(max_length=40)
    schema_version = models.CharField(max_length=20)
    source = models.CharField(max_length=6, choices=Source.choices, default=Source.UPLOAD)
    original_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    rows = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("version publiée")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["dataset", "number"],
                                               name="one_number_per_dataset_version")]

    def __str__(self) -> str:
        return f"{self.dataset} — v{self.number}"


class OpenDataProfile(models.Model):
    """Per collectivité: the SIRET its SCDL files carry (COLL_SIRET)."""

    collectivite = models.OneToOneField("territoires.Collectivite", on_delete=models.CASCADE,
                                        related_name="opendata_profile")
    siret = models.CharField(_("SIRET de la collectivité"), max_length=14)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.collectivite} — {self.siret}"


class AgreementStatus(models.TextChoices):
    PROPOSED = "propose", _("Proposée, en attente d'acceptation")
    ACTIVE = "active", _("En vigueur")
    ENDED = "terminee", _("Terminée")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Both parties (provider and recipient) and operators; nobody else."""
        ids = _member_ids(user)
        if ids is None:
            return self
        return self.filter(Q(collectivite_id__in=ids) | Q(recipient_id__in=ids))


class SharingAgreement(models.Model):
    """The provider (``collectivite``) shares one dataset with a recipient collectivité."""

    collectivite = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                     related_name="sharing_agreements_given")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="agreements",
                                verbose_name=_("jeu de données"))
    recipient = models.ForeignKey("territoires.Collectivite", on_delete=models.PROTECT,
                                  related_name="sharing_agreements_received",
                                  verbose_name=_("collectivité destinataire"))
    purpose = models.TextField(_("motif et usage autorisé"))
    starts_on = models.DateField(_("à partir du"), default=timezone.localdate)
    ends_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=AgreementStatus.choices,
                              default=AgreementStatus.PROPOSED)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(_("motif de la fin"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention de partage")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(collectivite=models.F("recipient")),
                                              name="agreement_between_two_collectivites")]

    def __str__(self) -> str:
        return f"{self.dataset} → {self.recipient}"

    @property
    def expired(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()
