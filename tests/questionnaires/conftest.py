"""Fixtures of self-assessment: a campaign on the test territory (A, B and C are members), and a
helper that answers a theme, or everything, through the real pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socle.questionnaires import engine, referentiels, selectors, services
from socle.questionnaires.models import Response

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, tmp_path):
    """E-mails are sent at once (tasks run in-process), uploads go to a temporary folder."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def referential():
    return referentiels.load(referentiels.DEFAULT_SLUG)


@pytest.fixture
def campaign(operateur, territory, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        return services.campaign_launch(
            actor=operateur, title="Autodiagnostic 2026", referential_slug="maturite-numerique",
            targets=selectors.campaign_targets(), opens_on=today,
            deadline=today + datetime.timedelta(days=30),
        )


def response_of(campaign, collectivite) -> Response:
    return Response.objects.get(campaign=campaign, collectivite=collectivite)


def answer_all(response: Response, actor, value_for=None) -> None:
    """Answer every open question (sub-questions opened on the way) through the service."""
    referential = engine.referential_for(response.campaign)
    for _round in range(3):  # sub-questions open after their parent is saved
        values = selectors.response_values(response, referential)
        posted = {
            q.id: services.PostedAnswer(value=(value_for or _default)(q))
            for q in engine.open_questions(referential, values) if q.id not in values
        }
        if not posted:
            return
        assert services.answers_save(actor=actor, response=response, posted=posted) == {}


def _default(question) -> str:
    return "0" if question.type == "number" else question.choices()[0][0]


def worst(question) -> str:
    """The lowest-scoring real answer: every question becomes a gap."""
    if question.type == "number":
        return "0" if question.higher_is_better else "999999"
    if question.type == "ternary":
        return "no"
    if question.type == "scale":
        return "0"
    return min(question.options, key=lambda o: o.points).id
