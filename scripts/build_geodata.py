"""Build the commune geodata shipped in socle/data/geo from ANCT's st-home polygons.

Input: a directory of ``<dep>.json`` GeoJSON files (one FeatureCollection of commune polygons per
département, properties INSEE_GEO/NAME, or CODE/NOM for a few communes), from the
suitenumerique/st-home repository (MIT, ANCT). Output, in socle/data/geo:

- ``communes_points.csv.gz``: ``insee,lat,lon``, one representative point per commune, always
  inside its polygon (not the centroid, which can fall outside), 5 decimals (about 1 m);
- ``communes/<dep>.geojson.gz``: the polygons of one département, simplified as a coverage
  (shared borders stay shared: no gaps nor overlaps between neighbours), properties ``insee`` and
  ``name`` only, coordinates rounded to 5 decimals;
- ``LICENSE-st-home`` and ``SOURCE.md``.

    .venv/bin/python scripts/build_geodata.py --source /work/shared/data/territoires

shapely (a dev dependency) is needed here only; the platform reads the built files.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "socle" / "data" / "geo"
# Coverage simplification (Visvalingam-Whyatt): roughly the square root, in degrees, of the area
# of the triangles removed. 0.002 (~200 m) keeps communes recognisable at département scale and
# brings the whole of France to about 7 MB compressed (10 MB unsimplified).
DEFAULT_TOLERANCE = 0.002
DECIMALS = 5
DEP_FILE = re.compile(r"^(\d{2}|2[AB]|97\d)\.json$")


def _properties(raw: dict) -> tuple[str, str]:
    """(insee, name): most features say INSEE_GEO/NAME, a few older ones CODE/NOM."""
    insee = raw.get("INSEE_GEO") or raw.get("CODE")
    name = raw.get("NAME") or raw.get("NOM") or ""
    if not insee:
        raise ValueError(f"feature without an INSEE code: {raw}")
    return insee, name


def _rounded(geometry):
    return shapely.transform(geometry, lambda coords: np.round(coords, DECIMALS))


def build_departement(path: Path, tolerance: float) -> tuple[dict, list[tuple[str, float, float]]]:
    """(simplified FeatureCollection, [(insee, lat, lon)]) for one département file."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    props = [_properties(f["properties"]) for f in features]
    geoms = [shapely.make_valid(shape(f["geometry"])) for f in features]
    points = []
    for (insee, _name), geom in zip(props, geoms, strict=True):
        point = geom.representative_point()
        points.append((insee, round(point.y, DECIMALS), round(point.x, DECIMALS)))
    if shapely.coverage_is_valid(geoms):
        simplified = shapely.coverage_simplify(geoms, tolerance)
    else:  # not a clean coverage: simplify each polygon on its own
        simplified = [g.simplify(tolerance / 4, preserve_topology=True) for g in geoms]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"insee": insee, "name": name},
             "geometry": mapping(_rounded(geom))}
            for (insee, name), geom in sorted(zip(props, simplified, strict=True))
        ],
    }
    return collection, points


def _gzip_bytes(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def _points_csv(points: list[tuple[str, float, float]]) -> str:
    lines = ["insee,lat,lon"]
    lines.extend(
        f"{insee},{lat:.{DECIMALS}f},{lon:.{DECIMALS}f}" for insee, lat, lon in sorted(points)
    )
    return "\n".join(lines) + "\n"


SOURCE_TEMPLATE = """# Contours et points des communes

- Source : dépôt `suitenumerique/st-home` de l'ANCT (Agence nationale de la cohésion des
  territoires), fichiers `communes_par_departement/<département>.json`.
- Licence : MIT (texte dans `LICENSE-st-home`, copyright ANCT).
- Construit le {built} par `scripts/build_geodata.py` (tolérance de simplification {tolerance}°).

Fichiers :

- `communes_points.csv.gz` : `insee,lat,lon`, un point représentatif (toujours à l'intérieur
  du contour) pour {points} communes, 5 décimales.
- `communes/<département>.geojson.gz` : {departements} départements, contours simplifiés des
  communes (bordures partagées préservées), propriétés `insee` et `name`, coordonnées à
  5 décimales.

Les collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Terres
australes, Wallis-et-Futuna, Polynésie française) ne sont pas couvertes par la source.
"""


def build(source: Path, out: Path, tolerance: float = DEFAULT_TOLERANCE) -> dict[str, int]:
    """Write every output file; return counts and total size in bytes."""
    dep_files = sorted(p for p in (source / "communes_par_departement").iterdir()
                       if DEP_FILE.match(p.name))
    (out / "communes").mkdir(parents=True, exist_ok=True)
    all_points: list[tuple[str, float, float]] = []
    for path in dep_files:
        collection, points = build_departement(path, tolerance)
        all_points.extend(points)
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        (out / "communes" / f"{path.stem}.geojson.gz").write_bytes(_gzip_bytes(text))
    (out / "communes_points.csv.gz").write_bytes(_gzip_bytes(_points_csv(all_points)))
    shutil.copyfile(source / "LICENSE-st-home", out / "LICENSE-st-home")
    (out / "SOURCE.md").write_text(SOURCE_TEMPLATE.format(
        built=datetime.date.today().isoformat(), tolerance=tolerance,
        points=len(all_points), departements=len(dep_files),
    ), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"departements": len(dep_files), "points": len(all_points), "bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/work/shared/data/territoires"),
                        help="directory holding communes_par_departement/ and LICENSE-st-home")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE)
    args = parser.parse_args(argv)
    counts = build(args.source, args.out, args.tolerance)
    print(f"{counts['points']} communes, {counts['departements']} départements, "
          f"{counts['bytes'] / 1e6:.1f} Mo dans {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
