"""Assistant pages (knowledge base and search). Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import importers, selectors, services
from .forms import CollectionForm, ImportForm, SearchForm
from .models import Collection, Document
from .search import search

NAV = "assistant"
PARTS = [
    ("assistant_conversations:collectivite", _("Poser une question"),
     _("Une réponse rédigée à partir des sources, avec les passages cités.")),
    ("assistant_minutes:collectivite", _("Procès-verbaux"),
     _("Du compte rendu ou de l'enregistrement au procès-verbal de séance.")),
    ("assistant_courrier:collectivite", _("Courrier des habitants"),
     _("Classer le courrier et préparer des réponses à valider.")),
]


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    place = get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "assistant.use", place)
    return place


def _collection(request: HttpRequest, collection_pk: int) -> Collection:
    return get_object_or_404(
        Collection.objects.visible_to(request.user).select_related("collectivite"),
        pk=collection_pk,
    )


def _part_links(place: Collectivite) -> list[dict]:
    """Links to the other parts of the assistant (a part not installed is left out)."""
    links = []
    for name, title, text in PARTS:
        try:
            links.append({"url": reverse(name, args=[place.pk]), "title": title, "text": text})
        except NoReverseMatch:
            continue
    return links


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.is_operateur(request.user):
        places = list(Collectivite.objects.visible_to(request.user).order_by("search_name"))
        if len(places) == 1:
            return redirect("assistant:collectivite", pk=places[0].pk)
        return render(request, "assistant/home_member.html", {"nav_active": NAV,
                                                              "places": places})
    shared = selectors.collections_for(user=request.user).filter(collectivite__isnull=True)
    return render(request, "assistant/home.html", {
        "nav_active": NAV, "shared": shared, **selectors.territory_overview(),
    })


@login_required
@require_GET
def collectivite_home(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    collections = list(selectors.collections_for(user=request.user, collectivite=place))
    form = SearchForm(request.GET or None, collections=collections)
    result = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        result = search(user=request.user, query=form.cleaned_data["q"], collectivite=place,
                        collection_ids=form.cleaned_data["collection"] or None,
                        mode=form.cleaned_data["mode"] or "hybrid", limit=10)
    context = {
        "nav_active": NAV, "collectivite": place, "form": form, "result": result,
        "collections": collections, "parts": _part_links(place),
        "can_manage": services.can_manage(request.user, place),
    }
    if request.htmx and result is not None:
        return render(request, "assistant/collectivite.html#results", context)
    return render(request, "assistant/collectivite.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A private collection of collectivité ``pk``, or a shared one (operators) without ``pk``."""
    place = _collectivite(request, pk) if pk is not None else None
    if not services.can_manage(request.user, place):
        raise PermissionDenied
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            collection = services.collection_create(
                actor=request.user, collectivite=place, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Collection créée : importez maintenant des documents."))
            return redirect("assistant:collection", collection_pk=collection.pk)
    return render(request, "assistant/collection_form.html",
                  {"nav_active": NAV, "collectivite": place, "form": form})


@login_required
@require_GET
def collection_detail(request: HttpRequest, collection_pk: int) -> HttpResponse:
    collection = _collection(request, collection_pk)
    documents = collection.documents.defer("text").order_by("title", "pk")
    page = Paginator(documents, 25).get_page(request.GET.get("page"))
    can_manage = services.can_manage(request.user, collection)
    return render(request, "assistant/collection.html", {
        "nav_active": NAV, "collection": collection, "page": page, "can_manage": can_manage,
        "job": selectors.latest_job(collection),
        "import_form": ImportForm() if can_manage else None,
        "max_mb": _max_mb(),
    })


@login_required
@require_GET
def collection_progress(request: HttpRequest, collection_pk: int) -> HttpResponse:
    """The indexing progress block (polled by HTMX while a job runs)."""
    collection = _collection(request, collection_pk)
    return render(request, "assistant/_progress.html",
                  {"collection": collection, "job": selectors.latest_job(collection)})


def _max_mb() -> int:
    from django.conf import settings

    return settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES // (1024 * 1024)


@login_required
@require_http_methods(["GET", "POST"])
def collection_import(request: HttpRequest, collection_pk: int) -> HttpResponse:
    collection = _collection(request, collection_pk)
    if not services.can_manage(request.user, collection):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            report = services.documents_import(
                actor=request.user, collection=collection, files=files,
                kind=form.cleaned_data["kind"] or None, request=request)
        except importers.ImportFailed as error:
            form.add_error("files", str(error))
        else:
            messages.success(request, _(
                "Import terminé : %(created)s document(s) ajouté(s), %(updated)s mis à jour, "
                "%(unchanged)s inchangé(s). L'indexation se poursuit en arrière-plan."
            ) % {"created": len(report.created), "updated": len(report.updated),
                 "unchanged": len(report.unchanged)})
            return redirect("assistant:collection", collection_pk=collection.pk)
    return render(request, "assistant/import.html", {
        "nav_active": NAV, "collection": collection, "form": form, "max_mb": _max_mb()})


@login_required
@require_POST
def collection_delete(request: HttpRequest, collection_pk: int) -> HttpResponse:
    collection = _collection(request, collection_pk)
    place = collection.collectivite
    services.collection_delete(actor=request.user, collection=collection, request=request)
    messages.success(request, _("Collection supprimée."))
    if place is not None:
        return redirect("assistant:collectivite", pk=place.pk)
    return redirect("assistant:home")


@login_required
@require_GET
def document_detail(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("collection__collectivite"),
        pk=document_pk,
    )
    page = Paginator(document.chunks.order_by("position"), 50).get_page(request.GET.get("page"))
    return render(request, "assistant/document.html", {
        "nav_active": NAV, "document": document, "page": page,
        "can_manage": services.can_manage(request.user, document.collection),
    })


@login_required
@require_POST
def document_delete(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=document_pk)
    collection_pk = document.collection_id
    services.document_delete(actor=request.user, document=document, request=request)
    messages.success(request, _("Document supprimé."))
    return redirect("assistant:collection", collection_pk=collection_pk)
