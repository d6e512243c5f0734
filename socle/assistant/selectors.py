"""Reads of the knowledge base for the pages."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Collection, IndexJob


def collections_for(*, user, collectivite=None):
    """Collections with their document counts: those searched for ``collectivite`` (shared and
    its own), or every visible one."""
    collections = Collection.objects.visible_to(user)
    if collectivite is not None:
        collections = collections.for_collectivite(collectivite)
    return collections.select_related("collectivite").annotate(
        document_count=Count("documents", distinct=True)
    ).order_by("collectivite_id", "name")


def latest_job(collection: Collection) -> IndexJob | None:
    return collection.jobs.order_by("-pk").first()


def territory_overview() -> dict:
    """For operators: shared collections and the members' private collections."""
    private = Collection.objects.filter(collectivite__isnull=False)
    return {
        "private_collections": private.count(),
        "private_members": private.values("collectivite").distinct().count(),
        "active_jobs": IndexJob.objects.filter(
            Q(status=IndexJob.Status.PENDING) | Q(status=IndexJob.Status.RUNNING)
        ).select_related("collection", "collection__collectivite")[:20],
    }
