"""Commune points and contours shipped in socle/data/geo, and the script that builds them."""

import gzip
import json

import pytest
from shapely.geometry import Point, shape

from scripts import build_geodata
from socle.territoires import geodata
from socle.territoires.referentiel import SOURCE_DIR


def _coordinates(geometry):
    rings = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        rings = [rings]
    for polygon in rings:
        for ring in polygon:
            yield from ring


def test_commune_points_cover_the_referential():
    points = geodata.commune_points()

    with gzip.open(SOURCE_DIR / "communes.json.gz", "rt", encoding="utf-8") as handle:
        current = {c["code"] for c in json.load(handle) if c["type"] == "commune-actuelle"}
    assert len(points) >= 34_800
    assert set(points) <= current
    assert len(current - set(points)) < 150  # the overseas collectivités without contours
    lat, lon = points["07010"]  # Annonay
    assert 45.2 < lat < 45.3 and 4.6 < lon < 4.7
    assert geodata.commune_points() is points


def test_polygons_of_a_departement_are_a_feature_collection_of_its_communes():
    collection = geodata.commune_polygons("07")

    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == 335
    assert all(f["properties"].keys() == {"insee", "name"} for f in features)
    annonay = next(f for f in features if f["properties"]["insee"] == "07010")
    assert annonay["properties"]["name"] == "Annonay"
    lat, lon = geodata.commune_points()["07010"]
    assert shape(annonay["geometry"]).contains(Point(lon, lat))
    for x, y in _coordinates(annonay["geometry"]):
        assert round(x, 5) == x and round(y, 5) == y


@pytest.mark.parametrize("code", ["2A", "2B", "971", "976", "75", "01", "95"])
def test_polygons_exist_for_corsica_and_overseas(code):
    assert geodata.commune_polygons(code)["features"]


@pytest.mark.parametrize(
    "code", ["20", "2a", "7", "007", "96", "975", "../07", "07/../01", "07\n", "", None, 7]
)
def test_unknown_or_malformed_code_raises_lookup_error(code):
    with pytest.raises(LookupError):
        geodata.commune_polygons(code)


def test_gzip_bytes_are_served_as_stored():
    raw = geodata.commune_polygons_gzip("07")

    assert json.loads(gzip.decompress(raw)) == geodata.commune_polygons("07")
    assert len(geodata.available_departements()) == 101


def test_shipped_geodata_stays_small_and_licensed():
    files = [p for p in geodata.GEO_DIR.rglob("*") if p.is_file()]

    assert sum(p.stat().st_size for p in files) < 12 * 1024 * 1024
    assert (geodata.GEO_DIR / "LICENSE-st-home").read_text().startswith("MIT License")
    assert "st-home" in (geodata.GEO_DIR / "SOURCE.md").read_text()


def _square(x, y, size=0.1):
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def test_build_script_writes_points_and_simplified_contours(tmp_path):
    source = tmp_path / "source"
    (source / "communes_par_departement").mkdir(parents=True)
    (source / "LICENSE-st-home").write_text("MIT License\n")
    features = [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": _square(4.0, 45.0)},
         "properties": {"INSEE_GEO": "07001", "INSEE_DEP": "07", "NAME": "Première",
                        "SIRET": "21070001000011", "EPCI_SIREN": "200000001"}},
        # Older shape of the properties, as a few st-home features have.
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": _square(4.1, 45.0)},
         "properties": {"CODE": "07002", "INSEE_DEP": "07", "NOM": "Seconde"}},
    ]
    (source / "communes_par_departement" / "07.json").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}))
    out = tmp_path / "geo"

    counts = build_geodata.build(source, out)

    assert counts["points"] == 2 and counts["departements"] == 1
    lines = gzip.decompress((out / "communes_points.csv.gz").read_bytes()).decode().splitlines()
    assert lines[0] == "insee,lat,lon"
    insee, lat, lon = lines[1].split(",")
    assert insee == "07001" and 45.0 < float(lat) < 45.1 and 4.0 < float(lon) < 4.1
    collection = json.loads(gzip.decompress((out / "communes" / "07.geojson.gz").read_bytes()))
    assert [f["properties"] for f in collection["features"]] == [
        {"insee": "07001", "name": "Première"}, {"insee": "07002", "name": "Seconde"}]
    assert (out / "LICENSE-st-home").exists() and "2 communes" in (out / "SOURCE.md").read_text()
