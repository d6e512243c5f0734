"""The official referential import (``manage.py import_referentiel``): first run on an empty
database, second run (the checksum matches: ``make run`` pays only this), and a forced run that
compares every row and changes none. On a fresh SQLite file and, when DATABASE_URL is set, on a
throwaway PostgreSQL database, each run a separate ``manage.py`` process after ``migrate``.

Baseline, measured in the same run: reading and parsing the four shipped JSON files (gzip +
json), the least any import must do. The figures include the start of the Python process and of
Django (about a second); the note gives the time the import reports for itself.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time

from benchmarks.harness import BASE_DIR, Instance, throwaway_instance

# As in socle/territoires/referentiel.py (not imported: it needs Django set up).
SOURCE_DIR = BASE_DIR / "socle" / "data" / "referentiel"
DATA_FILES = ("communes", "epci", "departements", "regions")

RUNS = (
    ("premier import", ()),
    ("deuxième passage, déjà à jour", ()),
    ("--force, rien ne change", ("--force",)),
)
REPORTED = re.compile(r"importé en ([\d,]+) s")


def parse_shipped_files() -> float:
    """Seconds to decompress and parse the shipped referential files."""
    started = time.perf_counter()
    for name in DATA_FILES:
        with gzip.open(SOURCE_DIR / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            json.load(handle)
    return time.perf_counter() - started


def _timed(instance: Instance, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    output = instance.manage(*args)
    return time.perf_counter() - started, output


def _note(output: str) -> str:
    reported = REPORTED.search(output)
    if reported:
        return f"processus complet ; l'import annonce {reported.group(1)} s"
    if "déjà à jour" in output:
        return "somme de contrôle identique : aucun fichier relu"
    return output.strip()[:120]


def _measure(label: str, url: str | None, baseline: float) -> list[dict]:
    rows = []
    with throwaway_instance(f"import-{label}", url) as instance:
        instance.manage("migrate", "--noinput", "-v0")
        for run_name, args in RUNS:
            seconds, output = _timed(instance, "import_referentiel", *args)
            rows.append({
                "name": f"import_referentiel ({label}, {run_name})",
                "value": round(seconds, 2),
                "unit": "s",
                "baseline": round(baseline, 2),
                "note": _note(output),
            })
    return rows


def databases() -> list[tuple[str, str | None]]:
    targets: list[tuple[str, str | None]] = [("SQLite", None)]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        targets.append(("PostgreSQL", url))
    return targets


def run() -> list[dict]:
    baseline = parse_shipped_files()
    results = []
    for label, url in databases():
        results += _measure(label, url, baseline)
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
