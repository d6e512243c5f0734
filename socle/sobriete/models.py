"""Digital sobriety, part A: the device inventory of each collectivité, its imports and the
footprint stored on each device (computed by ``footprint.py`` at import or edit time, so pages
only sum columns)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet

from .reemploi.models import *  # noqa: F403
from .reen.models import *  # noqa: F403


class DeviceQuerySet(TenantQuerySet):
    def current(self):
        return self.filter(archived_at__isnull=True)


class DeviceKind(models.TextChoices):
    LAPTOP = "laptop", _("Ordinateur portable")
    DESKTOP = "desktop", _("Ordinateur fixe")
    MONITOR = "monitor", _("Écran")
    SMARTPHONE = "smartphone", _("Smartphone")
    TABLET = "tablet", _("Tablette")
    PRINTER = "printer", _("Imprimante")
    SERVER = "server", _("Serveur")
    NETWORK = "network", _("Équipement réseau")
    OTHER = "other", _("Autre")


class DeviceStatus(models.TextChoices):
    IN_USE = "in_use", _("En service")
    STOCK = "stock", _("En stock")
    BROKEN = "broken", _("En panne")
    RETIRED = "retired", _("Réformé")


class FootprintSource(models.TextChoices):
    BOAVIZTA = "boavizta", _("Archétype Boavizta")
    MANUFACTURER = "manufacturer", _("Empreinte publiée par le fabricant")
    NONE = "none", _("Non évalué")


class DataQuality(models.IntegerChoices):
    """How much a figure says about this very device (GLPI Carbon-like scale)."""

    NONE = 0, _("aucune donnée")
    LOW = 1, _("basse : approximation par un équipement voisin")
    MEDIUM = 2, _("moyenne : archétype générique du type d'équipement")
    HIGH = 3, _("haute : empreinte publiée pour ce modèle")


class DeviceSource(models.TextChoices):
    MANUAL = "manual", _("Saisie")
    CSV = "csv", _("Fichier CSV")
    ODS = "ods", _("Fichier ODS")
    GLPI_CSV = "glpi_csv", _("Export CSV de GLPI")
    GLPI_API = "glpi_api", _("API de GLPI")
    GLPI_AGENT = "glpi_agent", _("Inventaire de l'agent GLPI")


class Device(models.Model):
    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="devices"
    )
    kind = models.CharField(_("type"), max_length=12, choices=DeviceKind.choices)
    brand = models.CharField(_("marque"), max_length=100, blank=True)
    model = models.CharField(_("modèle"), max_length=200, blank=True)
    serial_number = models.CharField(_("numéro de série"), max_length=100, blank=True)
    purchase_date = models.DateField(_("date d'achat"), null=True, blank=True)
    price = models.DecimalField(
        _("prix d'achat (€ TTC)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    site = models.CharField(_("site"), max_length=150, blank=True)
    service = models.CharField(_("service"), max_length=150, blank=True)
    user_role = models.CharField(_("fonction de l'utilisateur"), max_length=150, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=DeviceStatus.choices, default=DeviceStatus.IN_USE
    )
    support_end = models.DateField(_("fin du support constructeur"), null=True, blank=True)
    reconditioned = models.BooleanField(_("acheté reconditionné"), default=False)
    cpu = models.CharField(_("processeur"), max_length=200, blank=True)
    memory_mb = models.PositiveIntegerField(_("mémoire (Mo)"), null=True, blank=True)
    storage_gb = models.PositiveIntegerField(_("stockage (Go)"), null=True, blank=True)
    battery_wear_percent = models.PositiveSmallIntegerField(
        _("usure de la batterie (%)"), null=True, blank=True
    )
    source = models.CharField(
        _("origine"), max_length=12, choices=DeviceSource.choices, default=DeviceSource.MANUAL
    )
    # Footprint, filled by services from footprint.py (kgCO2e, MJ, kgSbeq).
    manufacture_kgco2e = models.FloatField(null=True, blank=True)
    manufacture_min_kgco2e = models.FloatField(null=True, blank=True)
    manufacture_max_kgco2e = models.FloatField(null=True, blank=True)
    manufacture_mj = models.FloatField(null=True, blank=True)
    manufacture_kgsbeq = models.FloatField(null=True, blank=True)
    use_kgco2e_year = models.FloatField(null=True, blank=True)
    use_min_kgco2e_year = models.FloatField(null=True, blank=True)
    use_max_kgco2e_year = models.FloatField(null=True, blank=True)
    use_mj_year = models.FloatField(null=True, blank=True)
    use_kgsbeq_year = models.FloatField(null=True, blank=True)
    lifetime_years = models.FloatField(_("durée de vie de référence (ans)"), null=True, blank=True)
    footprint_source = models.CharField(
        max_length=12, choices=FootprintSource.choices, default=FootprintSource.NONE
    )
    footprint_detail = models.CharField(max_length=300, blank=True)
    footprint_quality = models.PositiveSmallIntegerField(
        choices=DataQuality.choices, default=DataQuality.NONE
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("équipement")
        ordering = ["kind", "brand", "model", "pk"]
        indexes = [models.Index(fields=["collectivite", "kind", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "serial_number"],
                condition=~Q(serial_number=""),
                name="sobriete_device_unique_serial",
            )
        ]

    def __str__(self) -> str:
        label = " ".join(part for part in (self.brand, self.model) if part)
        return label or self.get_kind_display()

    @property
    def annual_kgco2e(self) -> float | None:
        """Manufacturing spread over the reference life, plus one year of use."""
        if self.manufacture_kgco2e is None or not self.lifetime_years:
            return None
        return self.manufacture_kgco2e / self.lifetime_years + (self.use_kgco2e_year or 0)


class FleetSettings(models.Model):
    """What a collectivité enters once: its number of agents and its purchase rule."""

    collectivite = models.OneToOneField(
        "territoires.Collectivite", on_delete=models.CASCADE, related_name="fleet_settings"
    )
    agents_count = models.PositiveIntegerField(_("nombre d'agents"), null=True, blank=True)
    reconditioned_first = models.BooleanField(_("reconditionné d'abord"), default=True)
    reconditioned_share = models.PositiveSmallIntegerField(
        _("part visée d'achats reconditionnés (%)"), default=20
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("paramètres du parc")
        constraints = [
            models.CheckConstraint(
                condition=Q(reconditioned_share__lte=100), name="sobriete_share_percent"
            )
        ]

    def __str__(self) -> str:
        return f"Paramètres du parc — {self.collectivite}"


class DeviceImport(models.Model):
    """One import run and its report (rows rejected with their reasons)."""

    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.PROTECT, related_name="device_imports"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    source = models.CharField(max_length=12, choices=DeviceSource.choices)
    filename = models.CharField(max_length=255, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(default=list, blank=True)  # [{"row": n, "reason": "..."}]
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("import d'inventaire")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import {self.get_source_display()} du {self.created_at:%d/%m/%Y}"
