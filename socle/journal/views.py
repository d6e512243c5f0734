"""The audit journal pages: read-only lists with filters, and their CSV export.

There is no view that edits or deletes an event: the journal is append-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socle import permissions
from socle.core.csv_export import csv_response
from socle.territoires.models import Collectivite

from .exports import journal_export
from .forms import JournalFilterForm
from .selectors import audit_events, can_read_journal, hide_ips, journal_collectivite_ids

PER_PAGE = 50


def _journal_collectivite(request: HttpRequest, pk: int, action: str) -> Collectivite:
    """The collectivité if visible (404 otherwise) and its journal readable (403 otherwise)."""
    collectivite = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    if not permissions.can(request.user, action, collectivite):
        raise PermissionDenied(_("Vous n'avez pas accès au journal de cette collectivité."))
    return collectivite


def _render_list(request: HttpRequest, collectivite: Collectivite | None) -> HttpResponse:
    form = JournalFilterForm(request.GET or None, with_collectivite=collectivite is None)
    filters = form.to_filter()
    events = audit_events(user=request.user, filters=filters, collectivite=collectivite)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = hide_ips(request.user, page.object_list)
    context = {
        "nav_active": "journal",
        "collectivite": collectivite,
        "form": form,
        "page": page,
        "is_filtered": bool(filters.as_dict()),
        "can_export": _can_export(request.user, collectivite),
        "shows_collectivite": collectivite is None,
        "shows_ip": any(e.shown_ip is not None for e in page.object_list)
        or permissions.can_see_ip(request.user, collectivite.pk if collectivite else None),
    }
    template = "journal/list.html#results" if request.htmx else "journal/list.html"
    return render(request, template, context)


def _can_export(user, collectivite: Collectivite | None) -> bool:
    if collectivite is not None:
        return permissions.can(user, "journal.export", collectivite)
    ids = journal_collectivite_ids(user, action="journal.export")
    return ids is None or bool(ids)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if not can_read_journal(request.user):
        raise PermissionDenied(_("Le journal d'audit n'est pas accessible avec votre rôle."))
    return _render_list(request, None)


@login_required
@require_GET
def collectivite_event_list(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_list(request, _journal_collectivite(request, pk, "journal.view"))


def _csv_response(request: HttpRequest, collectivite: Collectivite | None) -> HttpResponse:
    form = JournalFilterForm(request.GET or None, with_collectivite=collectivite is None)
    lines = journal_export(
        actor=request.user, filters=form.to_filter(), collectivite=collectivite, request=request
    )
    scope = f"-{collectivite.code_insee or collectivite.pk}" if collectivite else ""
    return csv_response(lines, basename=f"journal-audit{scope}")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    return _csv_response(request, None)


@login_required
@require_GET
def collectivite_export(request: HttpRequest, pk: int) -> HttpResponse:
    return _csv_response(request, _journal_collectivite(request, pk, "journal.export"))
