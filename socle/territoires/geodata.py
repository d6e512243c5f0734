"""Commune points and contours shipped in socle/data/geo (built by scripts/build_geodata.py from
ANCT's st-home data, MIT). Read-only, no network, no GIS library at run time."""

from __future__ import annotations

import csv
import functools
import gzip
import json
import re
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
POINTS_FILE = GEO_DIR / "communes_points.csv.gz"
POLYGONS_DIR = GEO_DIR / "communes"

# Metropolitan départements 01-95 (Corsica as 2A/2B), overseas 971-976. Checked before any file
# name is built, so a code can never point outside POLYGONS_DIR.
DEPARTEMENT_CODE = re.compile(r"^(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$")


@functools.cache
def commune_points() -> dict[str, tuple[float, float]]:
    """INSEE code -> (latitude, longitude): a point inside each commune (34,875 communes; the
    overseas collectivités not covered by the source are absent)."""
    with gzip.open(POINTS_FILE, "rt", encoding="utf-8", newline="") as handle:
        return {row["insee"]: (float(row["lat"]), float(row["lon"]))
                for row in csv.DictReader(handle)}


def _polygons_path(departement_code: str) -> Path:
    if not isinstance(departement_code, str) or not DEPARTEMENT_CODE.fullmatch(departement_code):
        raise LookupError(f"Code de département inconnu : {departement_code!r}")
    path = POLYGONS_DIR / f"{departement_code}.geojson.gz"
    if not path.is_file():
        raise LookupError(f"Pas de contours pour le département {departement_code}.")
    return path


def commune_polygons_gzip(departement_code: str) -> bytes:
    """The département's FeatureCollection as stored: gzip-compressed GeoJSON bytes, ready to
    be served with ``Content-Encoding: gzip``. Raises LookupError for an unknown code."""
    return _polygons_path(departement_code).read_bytes()


def commune_polygons(departement_code: str) -> dict:
    """GeoJSON FeatureCollection of the communes of a département (properties ``insee`` and
    ``name``; simplified contours). Raises LookupError for an unknown code."""
    return json.loads(gzip.decompress(commune_polygons_gzip(departement_code)))


def available_departements() -> list[str]:
    """Codes of the départements whose contours are shipped."""
    return sorted(p.name.removesuffix(".geojson.gz") for p in POLYGONS_DIR.glob("*.geojson.gz"))
