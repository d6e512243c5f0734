"""``manage.py sobriete_footprint FILE [--json]``: the footprint of an inventory file in the
documented CSV import format, without touching the database (scripting and evaluation)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from socle.sobriete.footprint import device_footprint
from socle.sobriete.importers import ImportFileError
from socle.sobriete.importers.rows import clean_row
from socle.sobriete.importers.tabular import read_csv


def footprint_report(data: bytes) -> dict:
    devices, rejected, total = [], [], 0.0
    for number, raw in read_csv(data):
        fields, errors = clean_row(raw)
        if errors:
            rejected.append({"row": number, "reason": " ; ".join(errors)})
            continue
        fp = device_footprint(fields["kind"], fields.get("brand", ""), fields.get("model", ""))
        if fp.manufacture_kgco2e is not None and fp.lifetime_years:
            total += fp.manufacture_kgco2e / fp.lifetime_years + (fp.use_kgco2e_year or 0)
        devices.append({
            "row": number, "type": fields["kind"], "model": fields.get("model", ""),
            "manufacture_kgco2e": fp.manufacture_kgco2e,
            "use_kgco2e_per_year": fp.use_kgco2e_year, "lifetime_years": fp.lifetime_years,
            "source": str(fp.footprint_source), "quality": int(fp.footprint_quality),
        })
    return {"devices": devices, "total_kgco2e_per_year": round(total, 3), "rejected": rejected}


class Command(BaseCommand):
    help = "Empreinte d'un inventaire au format CSV documenté (sans rien enregistrer)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="Sortie JSON")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = footprint_report(path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        for device in report["devices"]:
            self.stdout.write(f"ligne {device['row']} {device['type']} {device['model']} : "
                              f"{device['manufacture_kgco2e']} kgCO2e fabrication")
        for row in report["rejected"]:
            self.stdout.write(f"ligne {row['row']} rejetée : {row['reason']}")
        self.stdout.write(f"Total : {report['total_kgco2e_per_year']} kgCO2e par an")
