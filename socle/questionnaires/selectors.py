"""Reads of self-assessment: campaign progress, a member's results (scores, radar, median,
history), the action plan, and the territorial view of a campaign. Tenant rows are read through
``visible_to(user)`` by the views before they reach these functions."""

from __future__ import annotations

import datetime
import itertools
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from socle.territoires.models import Collectivite, Membership
from socle.territoires.selectors import filter_population_band

from . import engine
from .models import Action, Answer, Campaign, Response
from .radar import Axis

ANSWERED_STATUSES = (Response.Status.SUBMITTED, Response.Status.VALIDATED)
MEDIAN_MINIMUM = 5  # the territory's median is shown only when at least this many answered
BANDS = 5  # histogram bands of 20 points


def campaign_targets(*, departement: str = "", epci: Collectivite | None = None,
                     population: str = "") -> QuerySet:
    """Current members matching the filters (all of them when no filter is given)."""
    qs = Collectivite.objects.members().current()
    if departement:
        qs = qs.filter(departement_code=departement)
    if epci is not None:
        qs = qs.filter(Q(epci=epci) | Q(pk=epci.pk))
    return filter_population_band(qs, population).order_by("pk")


def campaigns_with_counts(*, user) -> QuerySet:
    return Campaign.objects.visible_to(user).annotate(
        targets=Count("responses"),
        answered=Count("responses", filter=Q(responses__status__in=ANSWERED_STATUSES)),
        validated=Count("responses", filter=Q(responses__status=Response.Status.VALIDATED)),
    )


def progress_label(response: Response, today: datetime.date | None = None) -> tuple[str, str]:
    """(key, French label) of a response's progress, as the operator's table shows it."""
    today = today or timezone.localdate()
    late = response.is_open and today > response.campaign.deadline
    if response.status == Response.Status.VALIDATED:
        key, label = "validated", _("Validée")
    elif response.status == Response.Status.SUBMITTED:
        key, label = "submitted", _("Soumise")
    elif response.answered_count == 0 and response.status == Response.Status.DRAFT:
        key, label = "not_started", _("Non commencée")
    else:
        key, label = "in_progress", _("En cours (%(p)d %%)") % {"p": response.percent}
    if late:
        return "late", _("En retard") + f" — {label}"
    if response.is_late and not response.is_open:
        label += " " + _("(en retard)")
    if response.is_partial and not response.is_open:
        label += " " + _("(partielle)")
    return key, label


def campaign_progress(*, campaign: Campaign) -> list[dict]:
    responses = (
        campaign.responses.select_related("collectivite", "campaign")
        .order_by("collectivite__search_name", "pk")
    )
    rows = []
    for response in responses:
        key, label = progress_label(response)
        rows.append({"response": response, "key": key, "label": label})
    return rows


def collectivite_responses(*, user, collectivite: Collectivite) -> list[Response]:
    return list(
        Response.objects.visible_to(user).filter(collectivite=collectivite)
        .select_related("campaign").order_by("-campaign__opens_on", "-pk")
    )


def stored_answers(response: Response) -> dict:
    return {a.question_id: a for a in response.answers.prefetch_related("evidence")}


def response_values(response: Response, referential) -> dict:
    return engine.parse_stored(referential, response.answers.values_list("question_id", "value"))


# --- Scores of a whole campaign ---------------------------------------------------------------


def _answers_by_response(campaign: Campaign, referential) -> dict[int, dict]:
    rows = (
        Answer.objects.filter(response__campaign=campaign,
                              response__status__in=ANSWERED_STATUSES)
        .exclude(value="")
        .order_by("response_id")
        .values_list("response_id", "question_id", "value")
    )
    result = {}
    for response_id, group in itertools.groupby(rows, key=lambda row: row[0]):
        result[response_id] = engine.parse_stored(referential, ((q, v) for _r, q, v in group))
    return result


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def theme_medians(*, campaign: Campaign) -> dict[str, float | None] | None:
    """{theme id: median score} over the members who submitted, or None with fewer than
    MEDIAN_MINIMUM of them. Cached until a response of the campaign changes."""
    stamp = campaign.responses.filter(status__in=ANSWERED_STATUSES).aggregate(
        n=Count("pk"), last=Max("updated_at"))
    if stamp["n"] < MEDIAN_MINIMUM:
        return None
    key = f"questionnaires:medians:{campaign.pk}:{stamp['n']}:{stamp['last']:%s%f}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    referential = engine.referential_for(campaign)
    per_theme: dict[str, list[float]] = {t.id: [] for t in referential.themes}
    for answers in _answers_by_response(campaign, referential).values():
        for theme_score in engine.score(referential, answers).themes:
            if theme_score.score is not None:
                per_theme[theme_score.theme.id].append(theme_score.score)
    medians = {theme_id: _median(values) for theme_id, values in per_theme.items()}
    cache.set(key, medians, 3600)
    return medians


@dataclass
class Results:
    response: Response
    referential: object
    report: object
    axes: list[Axis]
    medians: dict | None
    history: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        return [{"theme_score": t, "median": a.median}
                for t, a in zip(self.report.themes, self.axes, strict=True)]


def response_results(*, user, response: Response) -> Results:
    referential = engine.referential_for(response.campaign)
    report = engine.score(referential, response_values(response, referential))
    medians = theme_medians(campaign=response.campaign)
    axes = [
        Axis(label=t.theme.title, value=t.score,
             median=(medians or {}).get(t.theme.id) if medians else None)
        for t in report.themes
    ]
    return Results(response=response, referential=referential, report=report, axes=axes,
                   medians=medians, history=history(user=user, collectivite=response.collectivite))


def history(*, user, collectivite: Collectivite) -> list[dict]:
    """Overall and per-theme scores of the collectivité's answered campaigns, oldest first."""
    responses = (
        Response.objects.visible_to(user)
        .filter(collectivite=collectivite, status__in=ANSWERED_STATUSES)
        .select_related("campaign").order_by("campaign__opens_on", "pk")
    )
    rows = []
    for response in responses:
        referential = engine.referential_for(response.campaign)
        report = engine.score(referential, response_values(response, referential))
        rows.append({"response": response, "report": report})
    return rows


def plan(*, response: Response) -> QuerySet:
    return response.actions.select_related("owner").order_by("rank", "pk")


def people_of(collectivite: Collectivite):
    """People who may own an action: those holding a role in the collectivité."""
    from socle.comptes.models import User

    ids = Membership.objects.filter(collectivite=collectivite).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email")


# --- Territorial view -------------------------------------------------------------------------


@dataclass
class ThemeDistribution:
    theme_id: str
    title: str
    count: int
    minimum: float | None
    median: float | None
    maximum: float | None
    bands: list[int]


@dataclass
class TerritorialView:
    campaign: Campaign
    referential: object
    targets: int
    answered: int
    themes: list[ThemeDistribution]
    overall: ThemeDistribution
    missing: list[dict]  # measures most often missing: question, share (%), count
    to_help: list[dict]  # lowest scores, then no answer
    rows: list[dict]  # one per target member, for the exports


def _distribution(theme_id: str, title: str, values: list[float]) -> ThemeDistribution:
    bands = [0] * BANDS
    for value in values:
        bands[min(BANDS - 1, int(value // (100 / BANDS)))] += 1
    return ThemeDistribution(theme_id, title, len(values), min(values, default=None),
                             _median(values), max(values, default=None), bands)


def territorial_view(*, campaign: Campaign, top: int = 10) -> TerritorialView:
    """Distribution per theme, measures most often missing and members to help first, computed
    from every answered response of the campaign in one query of answers."""
    referential = engine.referential_for(campaign)
    answers = _answers_by_response(campaign, referential)
    reports, missing = {}, Counter()
    for response_id, values in answers.items():
        reports[response_id] = engine.score(referential, values)
        missing.update(gap.question.id for gap in engine.gaps(referential, values))
    themes = [
        _distribution(t.id, t.title, [
            s for r in reports.values() if (s := r.theme(t.id).score) is not None
        ])
        for t in referential.themes
    ]
    overall = _distribution("", _("Global"), [
        r.overall for r in reports.values() if r.overall is not None])
    answered = len(reports)
    worst = [
        {"question": referential.question(qid), "count": n,
         "share": round(100 * n / answered) if answered else 0}
        for qid, n in missing.most_common(top)
    ]
    rows = _member_rows(campaign, reports)
    return TerritorialView(campaign, referential, len(rows), answered, themes, overall,
                           worst, _to_help(rows, top), rows)


def _member_rows(campaign: Campaign, reports: dict) -> list[dict]:
    responses = campaign.responses.select_related("collectivite", "campaign").order_by(
        "collectivite__search_name", "pk")
    rows = []
    for response in responses:
        report = reports.get(response.pk)
        rows.append({"response": response, "collectivite": response.collectivite,
                     "progress": progress_label(response)[1], "report": report,
                     "overall": report.overall if report else None})
    return rows


def _to_help(rows: list[dict], top: int) -> list[dict]:
    scored = sorted((r for r in rows if r["overall"] is not None), key=lambda r: r["overall"])
    silent = [r for r in rows if r["report"] is None and r["response"].answered_count == 0]
    return scored[:top] + silent[:top]


def territorial_table(view: TerritorialView) -> tuple[list[str], list[list]]:
    """Headers and rows of the territorial exports (CSV and ODS)."""
    themes = list(view.referential.themes)
    headers = [_("Collectivité"), _("Code INSEE"), _("Avancement"), _("Score global"),
               *[t.title for t in themes]]
    rows = []
    for row in view.rows:
        report = row["report"]
        rows.append([
            row["collectivite"].name, row["collectivite"].code_insee, row["progress"],
            row["overall"],
            *[report.theme(t.id).score if report else None for t in themes],
        ])
    return headers, rows


def plan_table(actions) -> tuple[list[str], list[list]]:
    headers = [_("Priorité"), _("Action"), _("Thème"), _("Impact"), _("Effort"),
               _("Responsable"), _("Échéance"), _("État"), _("Raison de l'abandon"), _("Fiches")]
    rows = [
        [a.rank, a.title, a.theme, a.impact, a.effort,
         (a.owner.full_name or a.owner.email) if a.owner else "", a.due_date,
         a.get_status_display(), a.abandon_reason, ", ".join(a.sheets)]
        for a in actions
    ]
    return headers, rows


def action_sheets(actions: list[Action]) -> None:
    """Attach ``sheet_links`` [(slug, title, url)] to each action: the good-practice sheets
    (part A's ``fiches``) its gap leads to; a sheet not loaded yet keeps its slug as title."""
    from django.urls import reverse

    from .fiches.selectors import sheets_by_slug

    sheets = sheets_by_slug({slug for action in actions for slug in action.sheets})
    for action in actions:
        action.sheet_links = [
            (slug, sheets[slug].title if slug in sheets else slug,
             reverse("questionnaires:sheet-detail", kwargs={"slug": slug}))
            for slug in action.sheets
        ]
