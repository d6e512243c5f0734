"""Usage pages: figures per collectivité and for the operator; the plain-French page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socle.assistant.conversations import selectors, services
from socle.assistant.conversations.models import ModelCall

QUESTION = "Comment tester la restauration des sauvegardes ?"


def _call(collectivite, user, purpose, energy_wh, co2_g, **fields):
    return ModelCall.objects.create(collectivite=collectivite, user=user, purpose=purpose,
                                    model="m", prompt_tokens=100, completion_tokens=20,
                                    energy_wh=energy_wh, co2_g=co2_g, **fields)


@pytest.fixture
def calls(territory, agent_a, agent_b):
    _call(territory.a, agent_a, "questions", 0.5, 0.02)
    _call(territory.a, agent_a, "proces_verbal", 1.5, 0.06)
    _call(territory.a, agent_a, "questions", 0.0, 0.0, status=ModelCall.Status.ERROR)
    _call(territory.b, agent_b, "courrier", 9.0, 0.4)


def test_usage_figures_per_collectivite(calls, territory):
    usage = selectors.usage(collectivite=territory.a)
    rows = {row["purpose"]: row for row in usage["by_purpose"]}
    assert rows["questions"]["calls"] == 2 and rows["questions"]["failed"] == 1
    assert rows["proces_verbal"]["energy_wh"] == pytest.approx(1.5)
    assert usage["totals"]["calls"] == 3
    assert usage["totals"]["energy_wh"] == pytest.approx(2.0)
    assert usage["totals"]["prompt_tokens"] == 300
    assert "courrier" not in rows


def test_usage_compares_with_plain_search(llm_server, corpus, agent_a, territory):
    llm_server.respond = lambda payload: "Testez la restauration [1]."
    answer = services.ask(actor=agent_a, collectivite=territory.a, question=QUESTION)
    usage = selectors.usage(collectivite=territory.a)
    assert usage["questions"] == 1
    assert usage["compared"]["n"] == 1
    assert usage["compared"]["model_wh"] == pytest.approx(answer.model_call.energy_wh)
    assert usage["compared"]["search_wh"] == pytest.approx(answer.search_energy_wh)
    if answer.search_energy_wh:
        assert usage["ratio"] > 1


def test_usage_page_for_the_collectivite(calls, territory, referent_a, agent_a, login):
    url = reverse("assistant_conversations:usage", args=[territory.a.pk])
    page = login(referent_a).get(url)
    assert page.status_code == 200
    assert "proces_verbal" in page.text and "1,5000" in page.text
    assert "courrier" not in page.text  # B's usage is not shown
    assert login(agent_a).get(url).status_code == 403  # agents do not have assistant.usage


def test_territory_usage_for_the_operator(calls, territory, operateur, referent_a, login):
    url = reverse("assistant_conversations:territory_usage")
    page = login(operateur).get(url)
    assert page.status_code == 200
    assert territory.a.name in page.text and territory.b.name in page.text
    assert "9,0000" in page.text
    assert login(referent_a).get(url).status_code == 403


def test_about_page_says_what_is_logged(no_llm, territory, agent_a, login):
    page = login(agent_a).get(reverse("assistant_conversations:about", args=[territory.a.pk]))
    assert page.status_code == 200
    assert "Aucun modèle de langage n'est configuré" in page.text
    assert "Jamais le texte" in page.text and "Les décisions restent humaines" in page.text


def test_about_page_names_the_configured_model(llm_server, territory, agent_a, login):
    page = login(agent_a).get(reverse("assistant_conversations:about", args=[territory.a.pk]))
    assert "modele-local-test" in page.text and "127.0.0.1" in page.text
