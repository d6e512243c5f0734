"""Self-assessment in the browser: an operator launches a campaign, agents of two communes
answer (one partially), a référent validates, each sees score, radar, action plan and PDF, and
the operator sees the territorial view. axe-core on every key page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socle.questionnaires import services
from socle.questionnaires.models import Campaign, Response
from tests.e2e.conftest import assert_accessible, sign_in
from tests.questionnaires.conftest import answer_all

pytestmark = pytest.mark.browser


def _click(browsing, locator) -> None:
    browsing.traffic.reset()
    with browsing.page.expect_navigation():
        locator.click()
    browsing.check_budgets()


def _launch(browsing, operateur) -> Campaign:
    sign_in(browsing, operateur)
    browsing.visit(reverse("questionnaires:campaign-create"))
    assert_accessible(browsing.page)
    page = browsing.page
    page.get_by_label("Titre").fill("Autodiagnostic du territoire")
    page.get_by_label("Date limite").fill(
        (timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    _click(browsing, page.get_by_role("button", name="Lancer et inviter les membres"))
    assert "Non commencée" in page.locator("table").inner_text()
    return Campaign.objects.get()


def _answer_backups_in_the_browser(browsing, response) -> None:
    page = browsing.page
    browsing.visit(reverse("questionnaires:response-theme",
                           kwargs={"pk": response.pk, "theme": "cyber"}))
    assert page.get_by_text("testé une restauration").count() == 0
    page.locator("#r-cyber-sauvegardes-1").check()  # "Oui": HTMX saves and opens the sub-question
    page.get_by_text("testé une restauration").wait_for()
    assert page.locator("#save-status").inner_text() == "Réponses enregistrées automatiquement."
    assert_accessible(page)


def test_campaign_from_launch_to_territorial_view(
    browsing, operateur, agent_a, agent_b, referent_a, territory
):
    campaign = _launch(browsing, operateur)
    a = Response.objects.get(campaign=campaign, collectivite=territory.a)
    b = Response.objects.get(campaign=campaign, collectivite=territory.b)
    page = browsing.page

    # Agent of B answers one theme in the browser and submits a partial response.
    sign_in(browsing, agent_b)
    _answer_backups_in_the_browser(browsing, b)
    browsing.visit(reverse("questionnaires:response", kwargs={"pk": b.pk}))
    page.get_by_label("Je soumets une réponse partielle").check()
    _click(browsing, page.get_by_role("button", name="Soumettre pour validation"))
    assert "(réponse partielle)" in page.locator("main").inner_text()

    # Agent of A answers in the browser, the rest of the questionnaire in further sittings.
    sign_in(browsing, agent_a)
    _answer_backups_in_the_browser(browsing, a)
    answer_all(a, agent_a)
    browsing.visit(reverse("questionnaires:response", kwargs={"pk": a.pk}))
    assert_accessible(page)
    _click(browsing, page.get_by_role("button", name="Soumettre pour validation"))

    # The référent of A validates: the action plan follows.
    sign_in(browsing, referent_a)
    browsing.visit(reverse("questionnaires:response", kwargs={"pk": a.pk}))
    _click(browsing, page.get_by_role("button", name="Valider et établir le plan d'action"))
    assert "Plan d'action de Alboussière" in page.locator("h1").inner_text()
    assert_accessible(page)

    for person, response in ((referent_a, a), (agent_b, b)):
        sign_in(browsing, person)
        browsing.visit(reverse("questionnaires:response-results", kwargs={"pk": response.pk}))
        assert page.locator("svg[role=img]").count() == 1
        assert "Score global" in page.locator("table").first.inner_text()
        assert_accessible(page)
        pdf = page.request.get(reverse("questionnaires:response-report",
                                       kwargs={"pk": response.pk}))
        assert pdf.headers["content-type"] == "application/pdf"
    browsing.visit(reverse("questionnaires:collectivite", kwargs={"pk": territory.b.pk}))
    assert "Derniers résultats" in page.locator("main").inner_text()
    assert_accessible(page)

    sign_in(browsing, operateur)
    browsing.visit(reverse("questionnaires:campaign-territory", kwargs={"pk": campaign.pk}))
    text = page.locator("main").inner_text()
    assert "2 membres sur 4 ont soumis leur réponse" in text
    assert "Champis" in text  # has not started: to help first
    assert_accessible(page)


def test_referent_sends_back_without_javascript(browser, live_server, agent_a, referent_a,
                                                operateur, territory):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    today = timezone.localdate()
    campaign = services.campaign_launch(
        actor=operateur, title="Sans JS", referential_slug="maturite-numerique",
        targets=territory.a.__class__.objects.filter(pk=territory.a.pk), opens_on=today,
        deadline=today + datetime.timedelta(days=5))
    response = campaign.responses.get()

    class _B:  # the minimal Browsing sign_in needs
        pass

    b = _B()
    b.page, b.base_url = page, live_server.url
    sign_in(b, agent_a)
    page.goto(reverse("questionnaires:response-theme",
                      kwargs={"pk": response.pk, "theme": "cyber"}))
    page.locator("#r-cyber-sauvegardes-2").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.get_by_text("testé une restauration").count() == 1
    context.close()
