"""The public page of a collectivité's acts: no sign-in, only the published pseudonymised
copies (HTML and PDF) and the SCDL délibérations CSV. Originals are never reachable here."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from socle.core.csv_export import csv_lines, csv_response
from socle.core.documents import pdf_response
from socle.territoires.models import Collectivite

from . import selectors
from .forms import PublicFilterForm
from .models import Act


def _public_collectivite(pk: int) -> Collectivite:
    place = get_object_or_404(Collectivite, pk=pk)
    if not selectors.has_public_page(collectivite=place):
        raise Http404
    return place


def _published(act_pk: int) -> Act:
    return get_object_or_404(Act.objects.published().select_related("collectivite"),
                             pk=act_pk)


@require_GET
def public_list(request: HttpRequest, pk: int) -> HttpResponse:
    place = _public_collectivite(pk)
    form = PublicFilterForm(request.GET or None,
                            years=selectors.public_years(collectivite=place))
    filters = form.cleaned_data if form.is_valid() else {}
    acts = selectors.public_acts(collectivite=place, q=filters.get("q", ""),
                                 kind=filters.get("kind", ""), year=filters.get("year"))
    page = Paginator(acts, 20).get_page(request.GET.get("page"))
    return render(request, "actes/public/list.html",
                  {"collectivite": place, "form": form, "page": page})


@require_GET
def public_act(request: HttpRequest, act_pk: int) -> HttpResponse:
    act = _published(act_pk)
    return render(request, "actes/public/act.html", {"act": act,
                                                     "collectivite": act.collectivite})


@require_GET
def public_act_pdf(request: HttpRequest, act_pk: int) -> HttpResponse:
    act = _published(act_pk)
    return pdf_response("actes/public/act_pdf.html", {"act": act},
                        basename=f"acte-{act.pk}")


@require_GET
def public_csv(request: HttpRequest, pk: int) -> HttpResponse:
    place = _public_collectivite(pk)

    def url_for(act: Act) -> str:
        return request.build_absolute_uri(reverse("actes:public-act", args=[act.pk]))

    rows = selectors.deliberation_rows(collectivite=place, url_for=url_for)
    return csv_response(csv_lines(selectors.SCDL_COLUMNS, rows),
                        basename=f"deliberations-{place.code_insee or place.pk}")
