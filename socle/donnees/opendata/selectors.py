"""Reads of the data catalogue, sharing agreements and open data. Tenant reads start from
``visible_to(user)``; public reads only ever see published open data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from socle.donnees import rules
from socle.territoires.models import Collectivite

from .models import (
    AccessType,
    AgreementStatus,
    Dataset,
    DatasetVersion,
    SharingAgreement,
    SharingLevel,
)
from .production import public_code


@dataclass(frozen=True)
class DatasetFilter:
    q: str = ""
    sharing_level: str = ""
    personal_data: str = ""  # "oui" / "non" / ""
    archived: bool = False


def datasets(*, user, collectivite: Collectivite, filters: DatasetFilter) -> QuerySet[Dataset]:
    qs = Dataset.objects.visible_to(user).filter(collectivite=collectivite)
    qs = qs.filter(archived_at__isnull=not filters.archived)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q)
                       | Q(keywords__icontains=filters.q) | Q(owner__icontains=filters.q))
    if filters.sharing_level:
        qs = qs.filter(sharing_level=filters.sharing_level)
    if filters.personal_data in ("oui", "non"):
        qs = qs.filter(personal_data=filters.personal_data == "oui")
    return (qs.select_related("processing")
            .annotate(version_count=Count("versions"), last_published=Max("versions__published_at"))
            .order_by("title", "pk"))


def latest_version(dataset: Dataset) -> DatasetVersion | None:
    return dataset.versions.defer("content").first()


def agreements(*, user, collectivite: Collectivite | None = None) -> QuerySet[SharingAgreement]:
    qs = SharingAgreement.objects.visible_to(user).select_related(
        "dataset", "collectivite", "recipient")
    if collectivite is not None:
        qs = qs.filter(Q(collectivite=collectivite) | Q(recipient=collectivite))
    return qs


def writable_collectivite(user, collectivite: Collectivite) -> bool:
    return rules.can(user, "donnees.edit", collectivite)


# --- Public reads: published open data only ----------------------------------------------------


def public_datasets() -> QuerySet[Dataset]:
    """Open, open-access, not archived, with at least one published version."""
    latest = DatasetVersion.objects.filter(dataset=OuterRef("pk")).order_by("-number")
    return (Dataset.objects.filter(sharing_level=SharingLevel.OPEN, access_type=AccessType.OPEN,
                                   archived_at__isnull=True, versions__isnull=False)
            .distinct()
            .annotate(latest_id=Subquery(latest.values("pk")[:1]),
                      latest_at=Subquery(latest.values("published_at")[:1]),
                      latest_size=Subquery(latest.values("size")[:1]),
                      latest_schema=Subquery(latest.values("schema_name")[:1]),
                      latest_schema_version=Subquery(latest.values("schema_version")[:1]))
            .select_related("collectivite").order_by("collectivite__name", "title"))


def collectivite_by_code(code: str) -> Collectivite | None:
    """The collectivité of a public URL code (INSEE code of a commune, or SIREN)."""
    if code.isdigit() and len(code) == 9:
        return Collectivite.objects.filter(siren=code).first()
    candidates = Collectivite.objects.filter(code_insee=code, kind="commune")
    return next((c for c in candidates if public_code(c) == code), None)


def public_file(*, code: str, slug: str) -> DatasetVersion | None:
    collectivite = collectivite_by_code(code)
    if collectivite is None:
        return None
    dataset = public_datasets().filter(collectivite=collectivite, slug=slug).first()
    return DatasetVersion.objects.get(pk=dataset.latest_id) if dataset else None


@dataclass
class Summary:
    """What the member's "Données et RGPD" page shows of the catalogue and open data."""

    datasets: int
    open_datasets: int
    published: int
    personal: int
    agreements_active: int
    agreements_pending: int
    can_write: bool


def collectivite_summary(*, user, collectivite: Collectivite) -> Summary:
    qs = Dataset.objects.visible_to(user).filter(collectivite=collectivite, archived_at=None)
    counts = qs.aggregate(
        total=Count("pk", distinct=True),
        open=Count("pk", filter=Q(sharing_level=SharingLevel.OPEN), distinct=True),
        published=Count("pk", filter=Q(versions__isnull=False), distinct=True),
        personal=Count("pk", filter=Q(personal_data=True), distinct=True))
    shared = agreements(user=user, collectivite=collectivite)
    return Summary(
        datasets=counts["total"], open_datasets=counts["open"], published=counts["published"],
        personal=counts["personal"],
        agreements_active=shared.filter(status=AgreementStatus.ACTIVE).count(),
        agreements_pending=shared.filter(status=AgreementStatus.PROPOSED).count(),
        can_write=writable_collectivite(user, collectivite))
