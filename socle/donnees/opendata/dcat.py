"""DCAT-AP catalogue in JSON-LD of the published open data, per collectivité or for the whole
instance, in the shape data.gouv.fr harvests (dcat:Catalog > dcat:Dataset > dcat:Distribution)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone

from .models import Dataset, Frequency, License
from .production import public_code, public_file_path
from .schemas import load_schema

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
LICENSE_URIS = {
    License.ETALAB: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    License.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
    License.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
}
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"


def _date(value) -> dict:
    return {"@type": "xsd:dateTime", "@value": value.isoformat()}


def _publisher(collectivite, absolute: Callable[[str], str]) -> dict:
    return {
        "@id": absolute(f"/donnees/ouvertes/{public_code(collectivite)}/#organisation"),
        "@type": "foaf:Organization",
        "foaf:name": collectivite.name,
        "dct:identifier": collectivite.siren or collectivite.code_insee,
    }


def _distribution(dataset: Dataset, absolute: Callable[[str], str]) -> dict:
    url = absolute(public_file_path(dataset))
    distribution = {
        "@id": url + "#distribution",
        "@type": "dcat:Distribution",
        "dct:title": f"{dataset.title} (CSV)",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": "text/csv",
        "dct:format": "CSV",
        "dcat:byteSize": {"@type": "xsd:decimal", "@value": str(dataset.latest_size)},
        "dct:modified": _date(dataset.latest_at),
    }
    if dataset.latest_schema:
        schema = load_schema(dataset.latest_schema)
        distribution["dct:conformsTo"] = {"@id": schema.url, "dct:title": schema.name}
    if dataset.license in LICENSE_URIS:
        distribution["dct:license"] = {"@id": LICENSE_URIS[dataset.license]}
    return distribution


def _dataset(dataset: Dataset, absolute: Callable[[str], str]) -> dict:
    collectivite = dataset.collectivite
    node = {
        "@id": absolute(public_file_path(dataset).removesuffix(".csv")),
        "@type": "dcat:Dataset",
        "dct:identifier": f"{public_code(collectivite)}/{dataset.slug}",
        "dct:title": dataset.title,
        "dct:description": dataset.description,
        "dcat:keyword": dataset.keyword_list,
        "dcat:theme": {"@id": THEME_BASE + dataset.theme},
        "dct:publisher": _publisher(collectivite, absolute),
        "dct:issued": _date(dataset.issued) if dataset.issued else _date(dataset.created_at),
        "dct:modified": _date(dataset.latest_at),
        "dct:accrualPeriodicity": {"@id": FREQUENCY_BASE + Frequency(dataset.frequency).value},
        "dct:spatial": {"@type": "dct:Location",
                        "dct:identifier": collectivite.code_insee or collectivite.siren,
                        "dct:title": collectivite.name},
        "dcat:distribution": [_distribution(dataset, absolute)],
    }
    if dataset.license in LICENSE_URIS:
        node["dct:license"] = {"@id": LICENSE_URIS[dataset.license]}
    if dataset.latest_schema:
        node["dct:conformsTo"] = {"@id": load_schema(dataset.latest_schema).url}
    if dataset.temporal_start or dataset.temporal_end:
        node["dct:temporal"] = {"@type": "dct:PeriodOfTime",
                                "dcat:startDate": str(dataset.temporal_start or ""),
                                "dcat:endDate": str(dataset.temporal_end or "")}
    return node


def catalogue(*, datasets: Iterable[Dataset], title: str, url: str,
              absolute: Callable[[str], str], publisher=None) -> dict:
    """The dcat:Catalog of ``datasets`` (from ``selectors.public_datasets()``)."""
    nodes = [_dataset(d, absolute) for d in datasets]
    modified = max((d.latest_at for d in datasets), default=None)
    document = {
        "@context": CONTEXT,
        "@id": url,
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "dct:modified": _date(modified or timezone.now()),
        "dcat:dataset": nodes,
    }
    if publisher is not None:
        document["dct:publisher"] = _publisher(publisher, absolute)
    return document
