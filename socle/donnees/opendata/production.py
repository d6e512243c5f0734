"""Files produced from data already in Socle: the SCDL simplified catalogue (scdl/catalogue 0.1.3)
from the collectivité's data catalogue. The result is validated like an upload before publishing."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Dataset, Frequency, License, SharingLevel
from .schemas import load_schema

LICENCES = {
    License.ETALAB: "Licence Ouverte-LO",
    License.ODBL: "Open Database License-ODBL",
    License.CC_BY: "Creative Commons-CC",
    License.OTHER: "Spécifique ou autre",
}
SPATIAL_LEVEL = {"commune": "Communale", "epci": "Intercommunale", "departement":
                 "Départementale", "region": "Régionale"}


def public_code(collectivite) -> str:
    """The code in public URLs: the INSEE code of a commune, else the SIREN."""
    if collectivite.kind == "commune" and collectivite.code_insee:
        return collectivite.code_insee
    return collectivite.siren or collectivite.code_insee or str(collectivite.pk)


def public_file_path(dataset: Dataset) -> str:
    return reverse("donnees:opendata-file", kwargs={
        "code": public_code(dataset.collectivite), "slug": dataset.slug})


def _row(dataset: Dataset, siret: str, collectivite) -> list[str] | None:
    versions = list(dataset.versions.all()[:1]) if dataset.pk else []
    latest = versions[0] if versions else None
    if latest is None and not dataset.external_url:
        return None  # nothing to point to: NOMBRE_RESSOURCES must be at least 1
    url = settings.SITE_URL.rstrip("/") + public_file_path(dataset) if latest \
        else dataset.external_url
    today = timezone.localdate()
    issued = dataset.issued or (latest.published_at.date() if latest else dataset.created_at.date())
    modified = latest.published_at.date() if latest else dataset.updated_at.date()
    keywords = ";".join(k.lower() for k in dataset.keyword_list) or "scdl"
    return [
        collectivite.name, siret, dataset.slug, dataset.title,
        " ".join(dataset.description.split()), dataset.get_theme_display(),
        collectivite.name, siret, SPATIAL_LEVEL.get(collectivite.kind, "Autre"),
        collectivite.name,
        (dataset.temporal_start or issued).isoformat(),
        (dataset.temporal_end or today).isoformat(),
        issued.isoformat(), str(Frequency(dataset.frequency).label), modified.isoformat(),
        keywords, LICENCES[License(dataset.license)], "1", "csv", url,
    ]


def catalogue_csv(*, collectivite, siret: str, catalogue: Dataset) -> bytes:
    """The SCDL catalogue CSV (UTF-8, ``,``) of the collectivité's open datasets that have a
    published file or an external address (the catalogue itself included once published)."""
    schema = load_schema("scdl/catalogue")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(schema.field_names)
    datasets = (Dataset.objects.filter(collectivite=collectivite, archived_at__isnull=True,
                                       sharing_level=SharingLevel.OPEN)
                .select_related("collectivite").order_by("title"))
    for dataset in datasets:
        row = _row(dataset, siret, collectivite)
        if row is None and dataset.pk == catalogue.pk:
            # The catalogue lists itself at the address it is about to be published at.
            row = _self_row(dataset, siret, collectivite)
        if row is not None:
            writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _self_row(dataset: Dataset, siret: str, collectivite) -> list[str]:
    dataset.external_url = settings.SITE_URL.rstrip("/") + public_file_path(dataset)
    return _row(dataset, siret, collectivite)
