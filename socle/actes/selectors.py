"""Reads on acts: lists scoped to the visitor, the public page's search, the SCDL CSV rows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from socle.territoires.models import Collectivite

from .models import Act
from .nomenclature import ActKind, matiere_name

SCDL_COLUMNS = ["COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE",
                "DELIB_MATIERE_NOM", "DELIB_OBJET", "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID",
                "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
                "VOTE_ABSTENTION", "DELIB_URL"]


def territory_counts(*, user) -> QuerySet:
    """Collectivités with acts, with their counts (operators' overview)."""
    return (Collectivite.objects.visible_to(user)
            .annotate(act_count=Count("acts"),
                      published_count=Count("acts", filter=Q(acts__status="published")))
            .filter(act_count__gt=0).order_by("search_name"))


def has_public_page(*, collectivite: Collectivite) -> bool:
    """A collectivité's public page exists once it has published an act."""
    return Act.objects.filter(collectivite=collectivite, published_at__isnull=False).exists()


def public_acts(*, collectivite: Collectivite, q: str = "", kind: str = "",
                year: int | None = None) -> QuerySet:
    acts = Act.objects.published().filter(collectivite=collectivite)
    if q:
        for word in q.split()[:8]:
            acts = acts.filter(Q(published_object__icontains=word)
                               | Q(published_text__icontains=word) | Q(number__icontains=word))
    if kind:
        acts = acts.filter(kind=kind)
    if year:
        acts = acts.filter(date__year=year)
    return acts.defer("text", "published_text", "spans")


def public_years(*, collectivite: Collectivite) -> list[int]:
    dates = Act.objects.published().filter(collectivite=collectivite).dates("date", "year",
                                                                             order="DESC")
    return [d.year for d in dates]


def deliberation_rows(*, collectivite: Collectivite, url_for) -> list[list]:
    """One row per published délibération, in the columns of SCDL délibérations 2.1.5;
    ``url_for(act)`` gives the absolute address of the act's public page (DELIB_URL)."""
    rows = []
    acts = (Act.objects.published().filter(collectivite=collectivite, kind=ActKind.DELIBERATION)
            .order_by("date", "number"))
    for act in acts:
        votes = ([act.votes_effectif, act.votes_votants, act.votes_pour, act.votes_contre,
                  act.votes_abstentions] if act.has_votes else [""] * 5)
        rows.append([collectivite.name, act.siret, act.number, act.date.isoformat(),
                     act.matiere_code, matiere_name(act.matiere_code), act.published_object,
                     "", "", "", "", *votes, url_for(act)])
    return rows
