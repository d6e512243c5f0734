"""Background tasks of the external diagnostic (JSON arguments only, so the database worker and
RQ workers on other machines run them alike)."""

from __future__ import annotations

from django_tasks import task

from socle.territoires.models import Collectivite


@task()
def scan_collectivite(collectivite_id: int) -> int | None:
    """Scan one collectivité as the system; return the new scan's id (None if it is gone)."""
    from socle.diagnostic.services import scan_run

    collectivite = Collectivite.objects.filter(pk=collectivite_id).first()
    if collectivite is None:
        return None
    return scan_run(actor=None, collectivite=collectivite).pk


@task()
def scan_chunk(run_id: int, collectivite_ids: list[int]) -> int:
    """Scan one chunk of a run (see ``socle.diagnostic.runs``); return the scans stored."""
    from socle.diagnostic import runs

    return runs.scan_chunk(run_id, collectivite_ids)
