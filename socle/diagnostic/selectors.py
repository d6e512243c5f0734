"""Reading scans: a member's latest report, what changed since the previous scan, and the
operator's table of members with their latest level."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from socle.diagnostic.models import Scan, ScanCheck
from socle.diagnostic.scoring import LEVEL_LABELS
from socle.territoires.models import Collectivite

FAMILY_LABELS = {
    "rcpnt_web": _("Site internet (référentiel RCPNT)"),
    "rcpnt_mail": _("Messagerie (référentiel RCPNT)"),
    "dns": _("Nom de domaine (DNS)"),
    "securite": _("Sécurité"),
    "hebergement": _("Hébergement"),
}
STATUS_LABELS = {
    "pass": _("Conforme"),
    "warning": _("À améliorer"),
    "fail": _("Non conforme"),
    "not_applicable": _("Sans objet"),
    "error": _("Non testé"),
}
STATUS_BADGES = {"pass": "badge-ok", "warning": "badge-warn", "fail": "badge-fail"}
LEVEL_FILTERS = {"0": Q(level=0), "1": Q(level=1), "2": Q(level=2), "aucun": Q(level__isnull=True)}


@dataclass
class Family:
    key: str
    label: str
    score: int | None
    checks: list[ScanCheck] = field(default_factory=list)


@dataclass
class Change:
    check: ScanCheck
    before: str  # label of the previous status, or "" when the check is new

    @property
    def after(self) -> str:
        return str(STATUS_LABELS.get(self.check.status, self.check.status))


def level_label(level: int | None) -> str:
    return LEVEL_LABELS.get(level, "") if level is not None else str(_("jamais analysée"))


def latest_scans(collectivite: Collectivite) -> tuple[Scan | None, Scan | None]:
    """The latest finished scan and the one before it."""
    scans = list(Scan.objects.filter(collectivite=collectivite, status=Scan.Status.DONE)[:2])
    latest, previous, *_rest = [*scans, None, None]
    return latest, previous


def families(scan: Scan) -> list[Family]:
    groups: dict[str, Family] = {}
    for check in scan.checks.all():
        check.status_label = STATUS_LABELS.get(check.status, check.status)
        check.badge = STATUS_BADGES.get(check.status, "badge-muted")
        if check.family not in groups:
            label = FAMILY_LABELS.get(check.family, check.family)
            score = scan.scores.get("families", {}).get(check.family)
            groups[check.family] = Family(check.family, str(label), score)
        groups[check.family].checks.append(check)
    return list(groups.values())


def changes(latest: Scan, previous: Scan | None) -> list[Change]:
    if previous is None:
        return []
    before = dict(previous.checks.values_list("check_id", "status"))
    return [
        Change(check, str(STATUS_LABELS.get(before.get(check.check_id), "")))
        for check in latest.checks.all()
        if before.get(check.check_id) != check.status
    ]


def members_with_levels(level: str = "") -> QuerySet[Collectivite]:
    """Member collectivités with ``level`` and ``scanned_at`` of their latest finished scan."""
    latest = Scan.objects.filter(collectivite=OuterRef("pk"), status=Scan.Status.DONE)
    rows = (
        Collectivite.objects.members()
        .current()
        .annotate(
            level=Subquery(latest.values("rcpnt_level")[:1]),
            scanned_at=Subquery(latest.values("started_at")[:1]),
            overall=Subquery(
                latest.annotate(overall=Cast(KT("scores__overall"), IntegerField())).values(
                    "overall"
                )[:1]
            ),
        )
    )
    if level in LEVEL_FILTERS:
        rows = rows.filter(LEVEL_FILTERS[level])
    return rows.order_by("name", "code_insee")
