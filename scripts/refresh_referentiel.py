"""Refresh the official referential shipped in socle/data/referentiel.

Downloads the newest ``@etalab/decoupage-administratif`` tarball with ``npm pack`` (into a
temporary directory), then rewrites the gzip-compressed copies of communes.json, epci.json,
departements.json and regions.json, the package's LICENSE, source.json and SOURCE.md.

    .venv/bin/python scripts/refresh_referentiel.py               # newest version from npm
    .venv/bin/python scripts/refresh_referentiel.py --version 6.0.0
    .venv/bin/python scripts/refresh_referentiel.py --tarball decoupage-administratif-6.0.0.tgz

Then run ``manage.py import_referentiel``: the checksum of the shipped files changed, so the
import runs again and reports what changed.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
DATA_FILES = ("communes", "epci", "departements", "regions")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "socle" / "data" / "referentiel"
MAX_MEMBER_BYTES = 100 * 1024 * 1024


class RefreshError(Exception):
    """The tarball is not the package we expect, or npm failed."""


def npm_pack(workdir: Path, *, version: str | None = None) -> Path:
    """Download the package tarball with ``npm pack`` into ``workdir``; return its path."""
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    try:
        done = subprocess.run(  # noqa: S603
            ["npm", "pack", spec, "--json", "--ignore-scripts", "--pack-destination", str(workdir)],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    except FileNotFoundError as exc:
        raise RefreshError("npm est introuvable : installez Node.js et npm.") from exc
    except subprocess.CalledProcessError as exc:
        raise RefreshError(f"npm pack a échoué : {exc.stderr.strip()}") from exc
    filename = json.loads(done.stdout)[0]["filename"]
    # npm names a scoped package's tarball "etalab-decoupage-administratif-6.0.0.tgz".
    return workdir / Path(filename).name.lstrip("@").replace("/", "-")


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    """Read one regular file of the tarball in memory (nothing is extracted to disk)."""
    try:
        member = tar.getmember(f"package/{name}")
    except KeyError as exc:
        raise RefreshError(f"Le paquet ne contient pas {name}.") from exc
    if not member.isfile() or member.size > MAX_MEMBER_BYTES:
        raise RefreshError(f"{name} n'est pas un fichier ordinaire de taille raisonnable.")
    handle = tar.extractfile(member)
    assert handle is not None
    return handle.read()


def read_package(tarball: Path) -> tuple[dict, dict[str, bytes], bytes]:
    """(package.json, {data file: raw JSON bytes}, LICENSE bytes) read from the tarball."""
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            meta = json.loads(_read_member(tar, "package.json"))
            if meta.get("name") != PACKAGE:
                raise RefreshError(f"Paquet inattendu : {meta.get('name')!r} au lieu de {PACKAGE}.")
            data = {name: _read_member(tar, f"data/{name}.json") for name in DATA_FILES}
            licence = _read_member(tar, "LICENSE")
    except (OSError, tarfile.TarError) as exc:
        raise RefreshError(f"Archive illisible ({tarball}) : {exc}") from exc
    for name, raw in data.items():
        if not isinstance(json.loads(raw), list):
            raise RefreshError(f"data/{name}.json n'est pas une liste JSON.")
    return meta, data, licence


def _write_atomic(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def describe(data: dict[str, bytes]) -> dict[str, int]:
    """Row counts quoted in SOURCE.md."""
    communes = json.loads(data["communes"])
    types = Counter(row.get("type") for row in communes)
    return {
        "communes_actuelles": types.get("commune-actuelle", 0),
        "communes_total": len(communes),
        "epci": len(json.loads(data["epci"])),
        "departements": len(json.loads(data["departements"])),
        "regions": len(json.loads(data["regions"])),
    }


SOURCE_TEMPLATE = """# Référentiel officiel des collectivités

- Paquet : `{package}` (registre npm), version **{version}**
- Récupéré le : {retrieved}
- Licence : {license} (texte dans `LICENSE`, copyright Etalab)
- Dépôt : https://github.com/etalab/decoupage-administratif
- Rafraîchir : `.venv/bin/python scripts/refresh_referentiel.py`, puis
  `manage.py import_referentiel`.

Fichiers :

- `communes.json.gz` : {communes_total} entrées dont {communes_actuelles} communes actuelles
  (type `commune-actuelle`, les seules importées) ; aussi les communes déléguées, associées et
  les arrondissements municipaux. Code INSEE, nom, département, région, SIREN, codes postaux,
  population municipale.
- `epci.json.gz` : {epci} EPCI à fiscalité propre : SIREN, nom, nature (CC, CA, CU, METRO,
  MET69), populations et communes membres.
- `departements.json.gz` : {departements} départements et collectivités d'outre-mer : code,
  nom, région, chef-lieu.
- `regions.json.gz` : {regions} régions et collectivités d'outre-mer : code, nom, chef-lieu.

Les fichiers sont des copies compressées (gzip) des fichiers `data/*.json` du paquet, sans
autre modification. `source.json` reprend ces informations pour l'import.
"""


def refresh_from_tarball(
    tarball: Path, out_dir: Path = DEFAULT_OUT, *, today: datetime.date | None = None
) -> dict:
    """Rewrite the shipped referential from a package tarball; return what source.json holds."""
    meta, data, licence = read_package(tarball)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, raw in data.items():
        _write_atomic(out_dir / f"{name}.json.gz", gzip.compress(raw, compresslevel=9, mtime=0))
    _write_atomic(out_dir / "LICENSE", licence)
    source = {
        "package": PACKAGE,
        "version": meta.get("version", ""),
        "license": meta.get("license", ""),
        "retrieved": (today or datetime.date.today()).isoformat(),
        "counts": describe(data),
    }
    _write_atomic(out_dir / "source.json", (json.dumps(source, indent=2) + "\n").encode())
    text = SOURCE_TEMPLATE.format(**{k: v for k, v in source.items() if k != "counts"},
                                  **source["counts"])
    _write_atomic(out_dir / "SOURCE.md", text.encode())
    return source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="a tarball already downloaded")
    parser.add_argument("--version", help="a given version instead of the newest one")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        if args.tarball:
            source = refresh_from_tarball(args.tarball, args.out)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                tarball = npm_pack(Path(workdir), version=args.version)
                source = refresh_from_tarball(tarball, args.out)
    except RefreshError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    counts = source["counts"]
    print(
        f"{PACKAGE} {source['version']} écrit dans {args.out} : "
        f"{counts['communes_actuelles']} communes actuelles, {counts['epci']} EPCI."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
