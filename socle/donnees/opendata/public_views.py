"""Public open-data pages (no sign-in): the latest valid file of each published dataset at a
stable address, the DCAT-AP catalogues in JSON-LD, and a page listing a collectivité's files.
Only published open data is ever shown here."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import dcat, selectors

JSONLD = "application/ld+json; charset=utf-8"


def _jsonld(document: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=1),
                            content_type=JSONLD)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def opendata_file(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    version = selectors.public_file(code=code, slug=slug)
    if version is None:
        raise Http404("Aucun fichier publié à cette adresse.")
    response = HttpResponse(bytes(version.content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}.csv"'
    response["Last-Modified"] = version.published_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    response["ETag"] = f'"{version.sha256}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def catalogue_all(request: HttpRequest) -> HttpResponse:
    datasets = list(selectors.public_datasets())
    return _jsonld(dcat.catalogue(
        datasets=datasets, title="Données ouvertes des collectivités membres",
        url=request.build_absolute_uri(), absolute=request.build_absolute_uri))


def _public_collectivite(code: str):
    collectivite = selectors.collectivite_by_code(code)
    if collectivite is None:
        raise Http404("Collectivité inconnue.")
    datasets = list(selectors.public_datasets().filter(collectivite=collectivite))
    if not datasets:
        raise Http404("Aucune donnée ouverte publiée par cette collectivité.")
    return collectivite, datasets


@require_GET
def catalogue_collectivite(request: HttpRequest, code: str) -> HttpResponse:
    collectivite, datasets = _public_collectivite(code)
    return _jsonld(dcat.catalogue(
        datasets=datasets, title=f"Données ouvertes — {collectivite.name}",
        url=request.build_absolute_uri(), absolute=request.build_absolute_uri,
        publisher=collectivite))


@require_GET
def opendata_collectivite(request: HttpRequest, code: str) -> HttpResponse:
    collectivite, datasets = _public_collectivite(code)
    return render(request, "donnees/opendata/public.html", {
        "collectivite": collectivite, "datasets": datasets, "code": code,
        "catalogue_url": reverse("donnees:opendata-collectivite-catalogue",
                                 kwargs={"code": code})})
