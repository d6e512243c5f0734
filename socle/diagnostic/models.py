"""Declared presence of a collectivité (website, contact e-mail, extra domains) and the history
of its external scans. Tenant-owned rows carry a non-null ``collectivite``, read through
``visible_to(user)``. Scans are never overwritten: each run adds a ``Scan``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from socle.core.tenancy import TenantQuerySet
from socle.diagnostic.scoring import LEVEL_LABELS


class Presence(models.Model):
    """What the collectivité declares: official website, contact e-mail, other domains."""

    collectivite = models.OneToOneField(
        "territoires.Collectivite", on_delete=models.CASCADE, related_name="presence"
    )
    website = models.URLField(_("site internet déclaré"), blank=True, max_length=300)
    contact_email = models.EmailField(_("e-mail de contact déclaré"), blank=True)
    extra_domains = models.JSONField(_("autres domaines"), default=list, blank=True)
    # Where the declaration came from: "annuaire" (the State's directory import), "membre"
    # (edited in Socle by the member or the operator), "profil" (the collectivité's profile).
    source = models.CharField(_("origine"), max_length=20, blank=True, default="profil")
    # Opt-in: the member agrees that its level and results appear on the territory's public page.
    public = models.BooleanField(_("résultats publiés sur la page publique"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("présence déclarée")
        verbose_name_plural = _("présences déclarées")

    def __str__(self) -> str:
        return f"{self.collectivite} — {self.website or '—'}"


class Run(models.Model):
    """One campaign of scans: the nightly round over every member, or an on-demand batch. Each
    scan of the campaign points to it; a run interrupted (worker killed, machine restarted) is
    resumed by scanning only its members that have no scan in it yet."""

    class Kind(models.TextChoices):
        NIGHTLY = "nightly", _("Tournée de nuit")
        MANUAL = "manual", _("Lancement manuel")

    class Status(models.TextChoices):
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminée")
        CANCELLED = "cancelled", _("Annulée")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MANUAL)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("commencée le"))
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    total = models.PositiveIntegerField(_("collectivités à analyser"), default=0)
    requested_by = models.ForeignKey(
        "comptes.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The collectivités of the run (ids), so that a resumed run scans exactly the missing ones.
    scope = models.JSONField(_("collectivités de la tournée"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("tournée de diagnostic")
        verbose_name_plural = _("tournées de diagnostic")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.started_at:%d/%m/%Y %H:%M}"


class Scan(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échoué")

    collectivite = models.ForeignKey(
        "territoires.Collectivite", on_delete=models.CASCADE, related_name="scans"
    )
    run = models.ForeignKey(
        Run, null=True, blank=True, on_delete=models.SET_NULL, related_name="scans"
    )
    target = models.CharField(_("site analysé"), max_length=300, blank=True)
    email = models.CharField(_("e-mail analysé"), max_length=254, blank=True)
    started_at = models.DateTimeField(_("commencé le"))
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    rcpnt_level = models.PositiveSmallIntegerField(
        _("niveau RCPNT"), null=True, blank=True, choices=sorted(LEVEL_LABELS.items())
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["collectivite", "-started_at"]),
            models.Index(fields=["run", "collectivite"], name="diagnostic_scan_run_coll"),
        ]
        verbose_name = _("diagnostic externe")
        verbose_name_plural = _("diagnostics externes")

    def __str__(self) -> str:
        return f"{self.collectivite} — {self.started_at:%d/%m/%Y %H:%M}"


class ScanCheck(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="checks")
    check_id = models.CharField(_("critère"), max_length=40)
    family = models.CharField(_("famille"), max_length=30)
    status = models.CharField(_("résultat"), max_length=20)
    evidence = models.TextField(_("constat"), blank=True)
    explanation = models.TextField(_("explication"), blank=True)
    remedy = models.TextField(_("que faire"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "check_id"], name="one_result_per_check")
        ]

    def __str__(self) -> str:
        return f"{self.check_id}: {self.status}"
