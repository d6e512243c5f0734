"""Background work of the knowledge base (JSON arguments only)."""

from __future__ import annotations

from django_tasks import task


@task()
def index_collection(job_id: int) -> str | None:
    """Embed the new chunks of the job's collection and rebuild the search index."""
    from .models import IndexJob
    from .services import index_run

    job = IndexJob.objects.select_related("collection").filter(pk=job_id).first()
    if job is None:
        return None
    return index_run(job=job).status
