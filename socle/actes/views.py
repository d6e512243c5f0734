"""Acts inside Socle: the overview, a collectivité's acts, upload, review, publication.
Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socle import permissions
from socle.core.forms import apply_errors
from socle.territoires.models import Collectivite

from . import permissions as rights
from . import selectors, services
from .extraction import ExtractionError
from .forms import ActUploadForm, AddSpanForm, UnpublishForm
from .models import Act
from .review import review_context

NAV = "actes"


def _collectivite(request: HttpRequest, pk: int) -> Collectivite:
    return get_object_or_404(Collectivite.objects.visible_to(request.user), pk=pk)


def _act(request: HttpRequest, act_pk: int) -> Act:
    act = get_object_or_404(Act.objects.visible_to(request.user).select_related("collectivite"),
                            pk=act_pk)
    if not rights.can(request.user, "read", act.collectivite):
        raise Http404
    return act


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.is_operateur(request.user):
        places = list(Collectivite.objects.visible_to(request.user).order_by("search_name"))
        if len(places) == 1:
            return redirect("actes:collectivite", pk=places[0].pk)
        return render(request, "actes/home_member.html", {"nav_active": NAV, "places": places})
    rows = selectors.territory_counts(user=request.user)
    return render(request, "actes/home.html", {"nav_active": NAV, "rows": rows})


@login_required
@require_GET
def collectivite(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    acts = Act.objects.filter(collectivite=place).defer("text", "published_text", "spans")
    page = Paginator(acts, 25).get_page(request.GET.get("page"))
    return render(request, "actes/collectivite.html", {
        "nav_active": NAV, "collectivite": place, "page": page,
        "can_write": rights.can(request.user, "write", place),
        "public": selectors.has_public_page(collectivite=place)})


def _initial(place: Collectivite) -> dict:
    last = Act.objects.filter(collectivite=place).order_by("-pk").first()
    if last is None:
        return {"kind": "deliberation", "nature": "1"}
    return {"kind": "deliberation", "nature": "1", "siret": last.siret,
            "author_name": last.author_name, "author_title": last.author_title}


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    place = _collectivite(request, pk)
    if not rights.can(request.user, "write", place):
        raise PermissionDenied
    form = ActUploadForm(request.POST or None, request.FILES or None, initial=_initial(place))
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            act = services.act_upload(actor=request.user, collectivite=place,
                                      data=upload_file.read(), filename=upload_file.name,
                                      metadata=form.metadata())
        except ExtractionError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Acte déposé : relisez les suggestions de masquage."))
            return redirect("actes:act", act_pk=act.pk)
    return render(request, "actes/upload.html",
                  {"nav_active": NAV, "collectivite": place, "form": form})




@login_required
@require_http_methods(["GET", "POST"])
def act_review(request: HttpRequest, act_pk: int) -> HttpResponse:
    act = _act(request, act_pk)
    can_write = rights.can(request.user, "write", act.collectivite)
    add_form = AddSpanForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        masked, stale = _masked(request, act)
        if stale:
            messages.error(request, _("La relecture a changé entre-temps : vérifiez et "
                                      "enregistrez à nouveau."))
            return redirect("actes:act", act_pk=act.pk)
        if add_form.is_valid():
            additions = [(add_form.cleaned_data["add_text"], add_form.cleaned_data["add_label"])]
            try:
                services.act_review(actor=request.user, act=act, masked=masked,
                                    additions=[a for a in additions if a[0].strip()])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Relecture enregistrée."))
            return redirect(f"{request.path}#apercu")
    return render(request, "actes/review.html", {
        "nav_active": NAV, "act": act, "collectivite": act.collectivite, "add_form": add_form,
        "can_write": can_write, "can_publish": rights.can(request.user, "publish",
                                                          act.collectivite),
        **review_context(act=act)})


def _masked(request: HttpRequest, act: Act) -> tuple[set[int], bool]:
    stale = request.POST.get("span_count") != str(len(act.spans))
    masked = {int(v) for v in request.POST.getlist("mask") if v.isdigit()}
    return {i for i in masked if i < len(act.spans)}, stale


@login_required
@require_POST
def preview(request: HttpRequest, act_pk: int) -> HttpResponse:
    """The pseudonymised text for the choices of the form, unsaved (refreshed by the script)."""
    act = _act(request, act_pk)
    masked, _stale = _masked(request, act)
    spans = [{**s, "action": "mask" if i in masked else "keep"} for i, s in enumerate(act.spans)]
    _obj, text = services.pseudonymised(act=act, spans=spans)
    return render(request, "actes/_preview.html", {"preview_text": text})


@login_required
@require_GET
def original(request: HttpRequest, act_pk: int) -> FileResponse:
    act = _act(request, act_pk)
    return FileResponse(act.original.open("rb"), as_attachment=True,
                        filename=act.original_name)


@login_required
@require_POST
def publish(request: HttpRequest, act_pk: int) -> HttpResponse:
    act = _act(request, act_pk)
    try:
        services.act_publish(actor=request.user, act=act)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acte publié : seule la version pseudonymisée est en "
                                    "ligne."))
    return redirect("actes:act", act_pk=act.pk)


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request: HttpRequest, act_pk: int) -> HttpResponse:
    act = _act(request, act_pk)
    if not rights.can(request.user, "publish", act.collectivite):
        raise PermissionDenied
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.act_unpublish(actor=request.user, act=act,
                                   reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Acte dépublié ; il reste conservé dans Socle."))
        return redirect("actes:act", act_pk=act.pk)
    return render(request, "actes/unpublish.html", {"nav_active": NAV, "act": act,
                                                    "collectivite": act.collectivite,
                                                    "form": form})
