"""Results (scores, radar, median from 5 answers, history), the action plan and its exports,
the PDF report, and the operators' territorial view."""

from __future__ import annotations

import datetime

from django.urls import reverse

from socle.questionnaires import selectors, services
from socle.questionnaires.models import Action
from socle.questionnaires.radar import Axis, radar_svg
from tests.factories import CollectiviteFactory, MembershipFactory, UserFactory

from .conftest import answer_all, response_of, worst


def _submitted(campaign, collectivite, value_for=None, validate=False):
    person = MembershipFactory(collectivite=collectivite, role="referent",
                               user=UserFactory()).user
    response = response_of(campaign, collectivite)
    answer_all(response, person, value_for=value_for)
    services.response_submit(actor=person, response=response)
    if validate:
        services.response_validate(actor=person, response=response)
    return response


def test_results_show_radar_and_table_and_no_median_below_five(login, elu_a, territory, campaign):
    response = _submitted(campaign, territory.a)
    page = login(elu_a).get(reverse("questionnaires:response-results",
                                    kwargs={"pk": response.pk})).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "Hygiène cyber" in page and "Score global" in page
    assert "au moins 5 membres" in page
    assert "Médiane du territoire" not in page


def test_median_from_five_answers(login, elu_a, operateur, territory, campaign):
    extra = [CollectiviteFactory(epci=territory.epci) for _ in range(2)]
    campaign.responses.bulk_create(
        [campaign.responses.model(campaign=campaign, collectivite=c) for c in extra])
    for collectivite in [territory.a, territory.b, territory.c, *extra[:1]]:
        _submitted(campaign, collectivite)
    assert selectors.theme_medians(campaign=campaign) is None
    _submitted(campaign, extra[1], value_for=worst)
    medians = selectors.theme_medians(campaign=campaign)
    assert set(medians) == {"cyber", "nis2", "rgpd", "responsable", "inclusion", "ia", "donnees"}
    page = login(elu_a).get(reverse("questionnaires:response-results", kwargs={
        "pk": response_of(campaign, territory.a).pk})).content.decode()
    assert "Médiane du territoire" in page


def test_history_across_campaigns(login, operateur, elu_a, territory, campaign):
    first = _submitted(campaign, territory.a, value_for=worst)
    second = services.campaign_launch(
        actor=operateur, title="Autodiagnostic 2027", referential_slug="maturite-numerique",
        targets=selectors.campaign_targets(), opens_on=campaign.opens_on,
        deadline=campaign.deadline + datetime.timedelta(days=365))
    _submitted(second, territory.a)
    rows = selectors.history(user=elu_a, collectivite=territory.a)
    assert [r["response"].campaign.title for r in rows] == ["Autodiagnostic 2026",
                                                            "Autodiagnostic 2027"]
    assert rows[0]["report"].overall < rows[1]["report"].overall
    page = login(elu_a).get(reverse("questionnaires:response-results",
                                    kwargs={"pk": first.pk})).content.decode()
    assert "Autodiagnostic 2027" in page


def test_plan_edit_rules(login, agent_a, elu_a, agent_b, territory, campaign):
    response = _submitted(campaign, territory.a, value_for=worst, validate=True)
    action = Action.objects.filter(response=response).first()
    url = reverse("questionnaires:action-edit", kwargs={"pk": action.pk})
    assert login(elu_a).get(url).status_code == 403
    client = login(agent_a)
    page = client.post(url, {"status": "abandoned", "abandon_reason": ""})
    assert "Indiquez pourquoi" in page.content.decode()
    page = client.post(url, {"status": "doing", "owner": agent_b.pk})
    assert page.status_code == 200  # not a person of A: not a valid choice
    done = client.post(url, {"status": "doing", "owner": agent_a.pk, "due_date": "2026-12-31"})
    assert done.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.owner, action.due_date) == (
        "doing", agent_a, datetime.date(2026, 12, 31))


def test_plan_exports_and_pdf(login, elu_a, territory, campaign):
    response = _submitted(campaign, territory.a, value_for=worst, validate=True)
    client = login(elu_a)
    csv = client.get(reverse("questionnaires:response-plan-csv", kwargs={"pk": response.pk}))
    text = b"".join(csv.streaming_content).decode("utf-8")
    assert "Priorité;Action" in text
    assert Action.objects.filter(response=response).first().title in text
    ods = client.get(reverse("questionnaires:response-plan-ods", kwargs={"pk": response.pk}))
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    pdf = client.get(reverse("questionnaires:response-report", kwargs={"pk": response.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_territorial_view(login, operateur, agent_a, territory, campaign):
    _submitted(campaign, territory.a, value_for=worst)
    _submitted(campaign, territory.b)
    view = selectors.territorial_view(campaign=campaign, top=100)
    assert view.answered == 2
    backups = next(m for m in view.missing if m["question"].id == "cyber.sauvegardes")
    assert backups["share"] == 50
    assert view.to_help[0]["collectivite"] == territory.a
    client = login(operateur)
    page = client.get(reverse("questionnaires:campaign-territory", kwargs={"pk": campaign.pk}))
    body = page.content.decode()
    assert "<strong>100 %</strong> des membres ayant répondu" in body
    assert "Champis" in body  # C has not started: to help first
    csv = client.get(reverse("questionnaires:campaign-export-csv", kwargs={"pk": campaign.pk}))
    assert "Alboussière" in b"".join(csv.streaming_content).decode("utf-8")
    assert login(agent_a).get(reverse("questionnaires:campaign-territory",
                                      kwargs={"pk": campaign.pk})).status_code == 403


def test_radar_escapes_labels_and_needs_three_axes():
    svg = radar_svg([Axis("<script>", 50), Axis("B", None), Axis("C", 100)], title="T")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert radar_svg([Axis("A", 1), Axis("B", 2)], title="T") == ""
