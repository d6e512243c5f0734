"""Reads of the donnees app (part A): registers of one collectivité, the differences a new
template version brings, the mutualised DPO overview and the operator's indicators. The overview
counts with one query (correlated subqueries), whatever the number of collectivités."""

from __future__ import annotations

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from socle import permissions
from socle.territoires.models import Collectivite

from .models import (
    BREACH_CLOCK,
    CONTENT_FIELDS,
    PUBLIC_FIELDS,
    Breach,
    Processing,
    ProcessingTemplate,
    RegisterSettings,
    Risk,
    SubjectRequest,
)

OVERDUE_LIMIT = 100


def processings(*, collectivite: Collectivite, archived: bool = False) -> QuerySet[Processing]:
    qs = Processing.objects.filter(collectivite=collectivite, archived_at__isnull=not archived)
    return qs.select_related("template").order_by("name")


def breaches(*, collectivite: Collectivite) -> QuerySet[Breach]:
    return Breach.objects.filter(collectivite=collectivite).order_by(
        "archived_at", "closed_at", "-detected_at")


def subject_requests(*, collectivite: Collectivite) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(collectivite=collectivite).order_by(
        "archived_at", "closed_at", "due_on")


def _open_breaches() -> Q:
    return Q(closed_at__isnull=True, archived_at__isnull=True)


def _overdue_breaches(now) -> Q:
    return _open_breaches() & Q(cnil_notified_at__isnull=True,
                                detected_at__lt=now - BREACH_CLOCK) & ~Q(risk=Risk.NONE)


def _open_requests() -> Q:
    return Q(closed_at__isnull=True, archived_at__isnull=True)


def _overdue_requests(today) -> Q:
    return _open_requests() & Q(due_on__lt=today)


def _subquery(model, condition: Q, aggregate):
    rows = (model.objects.filter(condition, collectivite=OuterRef("pk")).order_by()
            .values("collectivite").annotate(value=aggregate).values("value"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def summary(*, collectivite: Collectivite) -> dict[str, int]:
    return overview(collectivites=Collectivite.objects.filter(pk=collectivite.pk))[0]


def overview(*, collectivites: QuerySet[Collectivite]) -> list[dict]:
    """One row per collectivité: register size and completeness, open and overdue items."""
    now, today = timezone.now(), timezone.localdate()
    current = Q(archived_at__isnull=True)
    rows = collectivites.annotate(
        processing_count=_subquery(Processing, current, Count("pk")),
        completeness=_subquery(Processing, current, Avg("completeness")),
        dpia_missing=_subquery(Processing, current & Q(dpia_status="requise"), Count("pk")),
        open_breaches=_subquery(Breach, _open_breaches(), Count("pk")),
        overdue_breaches=_subquery(Breach, _overdue_breaches(now), Count("pk")),
        open_requests=_subquery(SubjectRequest, _open_requests(), Count("pk")),
        overdue_requests=_subquery(SubjectRequest, _overdue_requests(today), Count("pk")),
    ).order_by("search_name")
    return [
        {"collectivite": c, "processing_count": c.processing_count,
         "completeness": c.completeness, "dpia_missing": c.dpia_missing,
         "open_breaches": c.open_breaches, "overdue_breaches": c.overdue_breaches,
         "open_requests": c.open_requests, "overdue_requests": c.overdue_requests,
         "overdue": c.overdue_breaches + c.overdue_requests}
        for c in rows.only("id", "name", "code_insee", "kind", "search_name")
    ]


def overdue_items(*, collectivite_ids) -> dict[str, list]:
    """Overdue breaches (72-hour clock passed, not notified) and requests (deadline passed)."""
    now, today = timezone.now(), timezone.localdate()
    breach_rows = (Breach.objects
                   .filter(_overdue_breaches(now), collectivite_id__in=collectivite_ids)
                   .select_related("collectivite").order_by("detected_at")[:OVERDUE_LIMIT])
    request_rows = (SubjectRequest.objects
                    .filter(_overdue_requests(today), collectivite_id__in=collectivite_ids)
                    .select_related("collectivite").order_by("due_on")[:OVERDUE_LIMIT])
    return {"breaches": list(breach_rows), "requests": list(request_rows)}


def served_collectivites(user) -> QuerySet[Collectivite]:
    """The collectivités of a member's overview: every one where they hold a role."""
    return Collectivite.objects.filter(pk__in=list(permissions._member_roles(user)))


def is_dpo(user) -> bool:
    return permissions.Role.DPO in permissions._member_roles(user).values()


def territory_indicators() -> dict[str, object]:
    """The operator's figures over the member collectivités."""
    members = Collectivite.objects.members()
    now, today = timezone.now(), timezone.localdate()
    current = Processing.objects.filter(archived_at__isnull=True, collectivite__is_member=True)
    with_register = current.values("collectivite").distinct().count()
    breaches_qs = Breach.objects.filter(collectivite__is_member=True)
    requests_qs = SubjectRequest.objects.filter(collectivite__is_member=True)
    return {
        "members": members.count(),
        "with_register": with_register,
        "processings": current.count(),
        "completeness": round(current.aggregate(v=Avg("completeness"))["v"] or 0),
        "dpia_missing": current.filter(dpia_status="requise").count(),
        "adoptions": current.filter(template__isnull=False).count(),
        "open_breaches": breaches_qs.filter(_open_breaches()).count(),
        "overdue_breaches": breaches_qs.filter(_overdue_breaches(now)).count(),
        "open_requests": requests_qs.filter(_open_requests()).count(),
        "overdue_requests": requests_qs.filter(_overdue_requests(today)).count(),
        "public_registers": RegisterSettings.objects.filter(is_public=True).count(),
        "templates": ProcessingTemplate.objects.filter(is_active=True).count(),
    }


def collectivites_with_overdue(limit: int = 50) -> list[dict]:
    now, today = timezone.now(), timezone.localdate()
    ids = set(Breach.objects.filter(_overdue_breaches(now)).values_list("collectivite_id",
                                                                        flat=True)[:limit])
    ids |= set(SubjectRequest.objects.filter(_overdue_requests(today))
               .values_list("collectivite_id", flat=True)[:limit])
    return overview(collectivites=Collectivite.objects.filter(pk__in=ids))


# --- Templates ---------------------------------------------------------------------------------


def template_library() -> QuerySet[ProcessingTemplate]:
    return ProcessingTemplate.objects.filter(is_active=True).annotate(
        adoption_count=Count("adoptions", filter=Q(adoptions__archived_at__isnull=True))
    ).order_by("slug")


def template_diff(*, processing: Processing) -> list[dict]:
    """Fields the template changed since the adopted version: the old and new template values,
    the register's current value, and whether the adopter had adapted that field."""
    template = processing.template
    if template is None:
        return []
    snapshot = processing.template_snapshot or {}
    rows = []
    for field in CONTENT_FIELDS:
        before, after = snapshot.get(field), template.content.get(field)
        if field not in template.content or before == after:
            continue
        current = getattr(processing, field)
        rows.append({"field": field, "label": Processing._meta.get_field(field).verbose_name,
                     "before": before, "after": after, "current": current,
                     "adapted": current != before})
    return rows


def public_register(*, collectivite: Collectivite) -> list[dict] | None:
    """The public page's rows, or None when the collectivité has not published its register.
    Only the fields of ``PUBLIC_FIELDS``: no security measures, no processors, no names."""
    if not RegisterSettings.objects.filter(collectivite=collectivite, is_public=True).exists():
        return None
    rows = []
    for processing in processings(collectivite=collectivite):
        rows.append({"name": processing.name, "fields": [
            (Processing._meta.get_field(f).verbose_name, _display(processing, f))
            for f in PUBLIC_FIELDS if f != "name"]})
    return rows


def _display(processing: Processing, field: str) -> str:
    getter = getattr(processing, f"get_{field}_display", None)
    return str(getter() if getter else getattr(processing, field))
