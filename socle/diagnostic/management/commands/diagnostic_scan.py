"""``manage.py diagnostic_scan DOMAIN_OR_URL [--email ADDRESS] --json``: scan one target.

``--resolver HOST:PORT`` and ``--ca-bundle PATH`` let it run on a private test network;
``--port-map`` and ``--geo`` exist for the simulated Internet of the tests only
(docs/diagnostic.md).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from socle.diagnostic.collector import ScanConfig, host_of
from socle.diagnostic.engine import scan

PUBLIC_FIELDS = ("id", "family", "status", "evidence")


def _pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        for item in filter(None, value.split(",")):
            key, sep, mapped = item.partition("=")
            if not sep or not key or not mapped:
                raise CommandError(f"{option} : « {item} » n'est pas de la forme CLÉ=VALEUR.")
            pairs.append((key.strip(), mapped.strip()))
    return pairs


def _port_map(values: list[str]) -> dict:
    result: dict = {}
    for key, port in _pairs(values, "--port-map"):
        if not port.isdigit():
            raise CommandError(f"--port-map : port invalide « {port} ».")
        result[int(key) if key.isdigit() else key] = int(port)
    return result


class Command(BaseCommand):
    help = (
        "Diagnostic externe d'un site et d'une adresse de messagerie (critères RCPNT et au-delà)."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="Domaine ou URL du site (https://www.ma-commune.fr)")
        parser.add_argument("--email", default="", help="Adresse de contact déclarée")
        parser.add_argument("--json", action="store_true", help="Sortie JSON")
        parser.add_argument("--resolver", default="", help="Résolveur DNS HÔTE:PORT")
        parser.add_argument(
            "--ca-bundle", default=None, help="Fichier d'autorités de certification"
        )
        parser.add_argument(
            "--timeout", type=float, default=5.0, help="Délai par échange (secondes)"
        )
        parser.add_argument(
            "--port-map", action="append", default=[], help="Tests : 443=8443,IP:25=2525"
        )
        parser.add_argument("--geo", action="append", default=[], help="Tests : CIDR=PAYS")

    def handle(self, *args, **options):
        if not host_of(options["target"]):
            raise CommandError(f"« {options['target']} » n'est ni un domaine ni une adresse web.")
        if options["email"] and "@" not in options["email"]:
            raise CommandError(f"« {options['email']} » n'est pas une adresse de messagerie.")
        if options["resolver"] and ":" not in options["resolver"]:
            raise CommandError("--resolver attend HÔTE:PORT.")
        config = ScanConfig(
            resolver=options["resolver"],
            ca_bundle=options["ca_bundle"],
            timeout=max(0.1, min(options["timeout"], 60.0)),
            port_map=_port_map(options["port_map"]),
            geo_overrides=dict(_pairs(options["geo"], "--geo")),
        )
        outcome = scan(options["target"], email=options["email"], config=config)
        if options["json"]:
            public = {
                **outcome,
                "checks": [{k: c[k] for k in PUBLIC_FIELDS} for c in outcome["checks"]],
            }
            self.stdout.write(json.dumps(public, ensure_ascii=False, indent=2))
            return
        for check in outcome["checks"]:
            self.stdout.write(f"{check['id']:<18} {check['status']:<15} {check['evidence']}")
        self.stdout.write(
            f"Niveau RCPNT : {outcome['rcpnt_level']} ({outcome['scores']['rcpnt_level_label']})"
        )
