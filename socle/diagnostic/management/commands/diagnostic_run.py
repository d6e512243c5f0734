"""Enqueue external diagnostics: ``diagnostic_run --all-members`` or ``diagnostic_run INSEE...``."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from socle.diagnostic.tasks import scan_collectivite
from socle.territoires.models import Collectivite


class Command(BaseCommand):
    help = "Met en file le diagnostic externe des collectivités membres."

    def add_arguments(self, parser):
        parser.add_argument("insee", nargs="*", help="codes INSEE des collectivités")
        parser.add_argument("--all-members", action="store_true", help="toutes les membres")

    def handle(self, *args, insee, all_members, **options):
        members = Collectivite.objects.members().current()
        if all_members == bool(insee):
            raise CommandError("Donnez soit --all-members, soit des codes INSEE.")
        if insee:
            members = members.filter(code_insee__in=insee)
            missing = set(insee) - set(members.values_list("code_insee", flat=True))
            if missing:
                raise CommandError(f"Membres introuvables : {', '.join(sorted(missing))}")
        count = 0
        for pk in members.values_list("pk", flat=True).iterator():
            scan_collectivite.enqueue(collectivite_id=pk)
            count += 1
        self.stdout.write(f"{count} diagnostic(s) mis en file.")
