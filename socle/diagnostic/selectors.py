"""Reading scans: a member's latest report, what changed since the previous scan, its history;
the operator's table of members with their latest level (filters, map, exports); the public
page of the members who opted in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socle.diagnostic.checks import CHECKS
from socle.diagnostic.models import Presence, Scan, ScanCheck
from socle.diagnostic.scoring import LEVEL_LABELS
from socle.territoires.models import Collectivite

FAMILY_LABELS = {
    "rcpnt_web": _("Site internet (référentiel RCPNT)"),
    "rcpnt_mail": _("Messagerie (référentiel RCPNT)"),
    "dns": _("Nom de domaine (DNS)"),
    "securite": _("Sécurité"),
    "hebergement": _("Hébergement"),
    "contenu": _("Page d'accueil (traceurs, mentions)"),
}
STATUS_LABELS = {
    "pass": _("Conforme"),
    "warning": _("À améliorer"),
    "fail": _("Non conforme"),
    "not_applicable": _("Sans objet"),
    "error": _("Non testé"),
}
STATUS_BADGES = {"pass": "badge-ok", "warning": "badge-warn", "fail": "badge-fail"}
LEVEL_BADGES = {0: "badge-fail", 1: "badge-warn", 2: "badge-ok"}
LEVEL_FILTERS = {"0": Q(level=0), "1": Q(level=1), "2": Q(level=2), "aucun": Q(level__isnull=True)}
# Population bands of the operator's filter: key -> (label, min inclusive, max exclusive).
POPULATION_BANDS = {
    "moins-500": (_("Moins de 500 habitants"), None, 500),
    "500-2000": (_("De 500 à 1 999 habitants"), 500, 2000),
    "2000-10000": (_("De 2 000 à 9 999 habitants"), 2000, 10000),
    "10000-plus": (_("10 000 habitants et plus"), 10000, None),
}

# Good-practice sheets of the self-assessment (socle/data/questionnaires/fiches/<slug>.md) that
# help fix a failing check: by check id first, then by family. Only sheets loaded and published
# are linked; tests/diagnostic/test_pages.py checks every slug here has its file.
SHEETS_BY_CHECK = {
    "rcpnt.2.2": "gouvernance-cyber",
    "rcpnt.2.5": "sensibilisation-cyber",
    "rcpnt.2.6": "sensibilisation-cyber",
    "rcpnt.2.7": "sensibilisation-cyber",
    "mail.dkim": "sensibilisation-cyber",
    "rcpnt.2.8": "prestataires-securite",
    "tls.version": "mises-a-jour",
    "http.security_txt": "plan-reponse-incident",
    "web.accessibility_statement": "accessibilite-rgaa",
    "web.trackers": "information-personnes",
    "web.third_parties": "information-personnes",
}
SHEETS_BY_FAMILY = {
    "securite": "prestataires-securite",
    "hebergement": "prestataires-securite",
}


@dataclass
class Family:
    key: str
    label: str
    score: int | None
    checks: list[ScanCheck] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for check in self.checks:
            result[check.status] = result.get(check.status, 0) + 1
        return result


@dataclass
class Change:
    check: ScanCheck
    before: str  # label of the previous status, or "" when the check is new

    @property
    def after(self) -> str:
        return str(STATUS_LABELS.get(self.check.status, self.check.status))


def level_label(level: int | None) -> str:
    return LEVEL_LABELS.get(level, "") if level is not None else str(_("jamais analysée"))


def check_choices() -> list[tuple[str, str]]:
    return [(check_id, check_id) for check_id in CHECKS]


def latest_scans(collectivite: Collectivite) -> tuple[Scan | None, Scan | None]:
    """The latest finished scan and the one before it."""
    scans = list(Scan.objects.filter(collectivite=collectivite, status=Scan.Status.DONE)[:2])
    latest, previous, *_rest = [*scans, None, None]
    return latest, previous


def history(collectivite: Collectivite) -> QuerySet[Scan]:
    """Every finished scan of the collectivité, newest first."""
    return Scan.objects.filter(collectivite=collectivite, status=Scan.Status.DONE).only(
        "id", "started_at", "rcpnt_level", "scores", "target", "email", "collectivite_id"
    )


def sheet_for(check: ScanCheck) -> str:
    return SHEETS_BY_CHECK.get(check.check_id) or SHEETS_BY_FAMILY.get(check.family, "")


def families(scan: Scan, *, sheets: dict | None = None) -> list[Family]:
    """The scan's checks grouped by family; ``sheets`` ({slug: sheet}, the published ones) adds
    ``check.sheet`` to the checks that are not passed."""
    groups: dict[str, Family] = {}
    for check in scan.checks.all():
        check.status_label = STATUS_LABELS.get(check.status, check.status)
        check.badge = STATUS_BADGES.get(check.status, "badge-muted")
        check.sheet = None
        if sheets and check.status in ("fail", "warning"):
            check.sheet = sheets.get(sheet_for(check))
        if check.family not in groups:
            label = FAMILY_LABELS.get(check.family, check.family)
            score = scan.scores.get("families", {}).get(check.family)
            groups[check.family] = Family(check.family, str(label), score)
        groups[check.family].checks.append(check)
    return list(groups.values())


def published_sheets() -> dict:
    from socle.questionnaires.fiches.selectors import sheets_by_slug

    return sheets_by_slug({*SHEETS_BY_CHECK.values(), *SHEETS_BY_FAMILY.values()})


def changes(latest: Scan, previous: Scan | None) -> list[Change]:
    if previous is None:
        return []
    before = dict(previous.checks.values_list("check_id", "status"))
    return [
        Change(check, str(STATUS_LABELS.get(before.get(check.check_id), "")))
        for check in latest.checks.all()
        if before.get(check.check_id) != check.status
    ]


def members_with_levels(
    level: str = "", *, filters: dict | None = None, full: bool = True
) -> QuerySet[Collectivite]:
    """Member collectivités with ``level``, ``scanned_at``, ``overall`` and ``scan_id`` of their
    latest finished scan (``full=False``: ``level`` and ``scan_id`` only, for the map and the
    counts). ``filters``: ``niveau``, ``departement``, ``epci`` (pk), ``critere`` (a check id
    failing in the latest scan), ``population`` (a POPULATION_BANDS key)."""
    filters = dict(filters or {})
    level = level or filters.get("niveau", "")
    latest = Scan.objects.filter(collectivite=OuterRef("pk"), status=Scan.Status.DONE)
    rows = (
        Collectivite.objects.members()
        .current()
        .annotate(
            scan_id=Subquery(latest.values("pk")[:1]),
            level=Subquery(latest.values("rcpnt_level")[:1]),
        )
    )
    if full:
        rows = rows.annotate(
            scanned_at=Subquery(latest.values("started_at")[:1]),
            overall=Subquery(
                latest.annotate(overall=Cast(KT("scores__overall"), IntegerField())).values(
                    "overall"
                )[:1]
            ),
        )
    if level in LEVEL_FILTERS:
        rows = rows.filter(LEVEL_FILTERS[level])
    if filters.get("departement"):
        rows = rows.filter(departement_code=filters["departement"])
    if filters.get("epci"):
        rows = rows.filter(Q(epci_id=filters["epci"]) | Q(pk=filters["epci"]))
    if filters.get("critere") in CHECKS:
        failing = ScanCheck.objects.filter(
            scan_id=OuterRef("scan_id"), check_id=filters["critere"], status="fail"
        )
        rows = rows.filter(Exists(failing))
    band = POPULATION_BANDS.get(filters.get("population", ""))
    if band:
        _label, low, high = band
        if low is not None:
            rows = rows.filter(population__gte=low)
        if high is not None:
            rows = rows.filter(population__lt=high)
    return rows.order_by("name", "code_insee")


def public_members(
    *, departement: str = "", epci: str = "", full: bool = True
) -> QuerySet[Collectivite]:
    """Members that opted in to the public page, with their latest level."""
    filters = {"departement": departement, "epci": epci}
    public = Presence.objects.filter(public=True).values("collectivite_id")
    return members_with_levels(filters=filters, full=full).filter(pk__in=public)


def family_scores(scan_ids) -> dict[int, dict]:
    """{scan id: {family: score}} for a page of rows (one query)."""
    return {
        pk: (scores or {}).get("families", {})
        for pk, scores in Scan.objects.filter(pk__in=[i for i in scan_ids if i]).values_list(
            "pk", "scores"
        )
    }


# --- Map -------------------------------------------------------------------------------------


MAP_FIELDS = ("pk", "name", "kind", "code_insee", "departement_code", "latitude", "longitude",
              "level")


def _name(row: dict) -> str:
    """As ``Collectivite.__str__``, from a values() row."""
    if row["kind"] == Collectivite.Kind.COMMUNE and row["code_insee"]:
        return f"{row['name']} ({row['code_insee']})"
    return row["name"]


def _point(row: dict, points: dict) -> tuple[float, float] | None:
    if row["latitude"] is not None and row["longitude"] is not None:
        return row["latitude"], row["longitude"]
    # An EPCI has no INSEE point of its own: its seat would need more data; left unplaced.
    if row["kind"] != Collectivite.Kind.COMMUNE or not row["code_insee"]:
        return None
    return points.get(row["code_insee"])


def _properties(row: dict, url: str, labels: dict) -> dict:
    return {
        "name": _name(row),
        "level": row["level"],
        "label": labels[row["level"]],
        "url": url.format(row["pk"]) if url else "",
    }


def _map_rows(rows) -> tuple[list[dict], dict]:
    """values() rows (model instances cost most of the time for 3,000 members) and the labels."""
    labels = {level: level_label(level) for level in (None, *LEVEL_LABELS)}
    return list(rows.values(*MAP_FIELDS)), labels


def _url_pattern(url_name: str) -> str:
    return reverse(url_name, kwargs={"pk": 0}).replace("/0/", "/{}/") if url_name else ""


def map_points(rows, *, url_name: str = "diagnostic:collectivite") -> dict:
    """GeoJSON points of ``rows`` (a queryset of members annotated with ``level``), coloured by
    level on the map. Communes without coordinates fall back on the shipped commune points."""
    from socle.territoires import geodata

    points = geodata.commune_points()
    url = _url_pattern(url_name)
    values, labels = _map_rows(rows)
    features = []
    for row in values:
        where = _point(row, points)
        if where is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [where[1], where[0]]},
                "properties": _properties(row, url, labels),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_polygons(rows, departement: str, *, url_name: str = "diagnostic:collectivite") -> dict:
    """The département's commune outlines; the communes among ``rows`` carry their level.
    Raises LookupError for an unknown département."""
    from socle.territoires import geodata

    collection = geodata.commune_polygons(departement)
    url = _url_pattern(url_name)
    values, labels = _map_rows(
        rows.filter(kind=Collectivite.Kind.COMMUNE, departement_code=departement)
    )
    by_insee = {row["code_insee"]: row for row in values}
    features = []
    for feature in collection.get("features", []):
        props = dict(feature.get("properties") or {})
        row = by_insee.get(props.get("insee"))
        props["member"] = row is not None
        if row is not None:
            props.update(_properties(row, url, labels))
        features.append({**feature, "properties": props})
    return {**collection, "features": features}
