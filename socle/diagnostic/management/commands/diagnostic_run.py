"""Start a run of external diagnostics: ``diagnostic_run --all-members``, ``diagnostic_run
INSEE...``, or ``diagnostic_run --resume RUN_ID`` (only the collectivités still without a scan
in that run). ``--wait`` stays until the run is done (the workers do the scanning)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from socle.diagnostic import runs
from socle.diagnostic.models import Run
from socle.territoires.models import Collectivite


class Command(BaseCommand):
    help = "Lance une tournée de diagnostic externe (mise en file par lots)."

    def add_arguments(self, parser):
        parser.add_argument("insee", nargs="*", help="codes INSEE des collectivités")
        parser.add_argument("--all-members", action="store_true", help="toutes les membres")
        parser.add_argument("--resume", type=int, metavar="RUN_ID", help="reprendre une tournée")
        parser.add_argument("--nightly", action="store_true", help="type « tournée de nuit »")
        parser.add_argument(
            "--wait", type=float, default=0, metavar="SECONDES", help="attendre la fin"
        )

    def handle(self, *args, insee, all_members, resume, nightly, wait, **options):
        if sum((bool(insee), all_members, resume is not None)) != 1:
            raise CommandError("Donnez soit --all-members, soit des codes INSEE, soit --resume.")
        if resume is not None:
            run = Run.objects.filter(pk=resume).first()
            if run is None:
                raise CommandError(f"Tournée introuvable : {resume}")
            count = runs.run_resume(run)
            self.stdout.write(f"Tournée {run.pk} : {count} diagnostic(s) remis en file.")
        else:
            members = Collectivite.objects.members().current()
            if insee:
                members = members.filter(code_insee__in=insee)
                found = set(members.values_list("code_insee", flat=True))
                if set(insee) - found:
                    missing = ", ".join(sorted(set(insee) - found))
                    raise CommandError(f"Membres introuvables : {missing}")
            kind = Run.Kind.NIGHTLY if nightly else Run.Kind.MANUAL
            run = runs.run_start(actor=None, kind=kind, collectivites=members)
            self.stdout.write(
                f"Tournée {run.pk} : {run.total} diagnostic(s) mis en file "
                f"(lots de {runs.chunk_size()})."
            )
        if wait:
            run = runs.wait_for(run, timeout=wait)
            summary = runs.run_summary(run)
            self.stdout.write(
                f"Tournée {run.pk} : {run.get_status_display()}, {summary['scanned']}/"
                f"{summary['total']} analysée(s), {summary['failed']} en échec."
            )
