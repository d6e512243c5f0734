"""Asking questions: extractive without a model; with the local OpenAI-compatible server, cited
sources only, refusals, masking, and no personal data sent."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from socle.assistant.conversations import services
from socle.assistant.conversations.models import Conversation, Message, ModelCall
from socle.journal.models import AuditEvent

QUESTION = "Comment tester la restauration des sauvegardes ?"


def _ask(user, collectivite, question=QUESTION, **kwargs):
    return services.ask(actor=user, collectivite=collectivite, question=question, **kwargs)


def test_extractive_answer_without_model(no_llm, corpus, agent_a, territory):
    answer = _ask(agent_a, territory.a)
    assert answer.mode == Message.Mode.EXTRACTIVE
    assert answer.text.startswith("Réponse extractive")
    assert answer.sources[0]["document_title"] == "Sauvegarder les données de la mairie"
    assert answer.sources[0]["number"] == 1
    assert any("restauration" in s for s in answer.sources[0]["highlights"])
    assert answer.model_call is None and answer.search_cpu_ms >= 0
    assert not ModelCall.objects.exists()
    conversation = answer.conversation
    assert conversation.user == agent_a and conversation.title == QUESTION
    assert list(conversation.messages.values_list("role", flat=True)) == ["user", "assistant"]
    event = AuditEvent.objects.get(action="assistant.question_asked")
    assert event.details["mode"] == "extractive" and "restauration" not in json.dumps(event.details)


def test_unreliable_search_is_refused_without_calling_the_model(llm_server, corpus, agent_a,
                                                                territory):
    answer = _ask(agent_a, territory.a, "xylophone quadrature zeppelin")
    assert answer.mode == Message.Mode.REFUSED and answer.sources == []
    assert "ne permettent pas de répondre" in answer.text
    assert llm_server.received == [] and not ModelCall.objects.exists()


def test_model_answer_cites_only_used_chunks(llm_server, corpus, agent_a, territory):
    def respond(payload):
        prompt = payload["messages"][1]["content"]
        assert "[1] Sauvegarder les données de la mairie" in prompt
        return "Testez la restauration chaque trimestre [1]. Voir aussi [9]."

    llm_server.respond = respond
    answer = _ask(agent_a, territory.a)
    assert answer.mode == Message.Mode.MODEL
    assert [s["number"] for s in answer.sources] == [1]
    assert answer.sources[0]["document_title"] == "Sauvegarder les données de la mairie"
    assert "[9]" not in answer.text and "[1]" in answer.text
    assert answer.model_call.purpose == "questions" and answer.model_call.energy_wh > 0
    system = llm_server.chat_requests[0]["messages"][0]["content"]
    assert "AUCUNE_SOURCE" in system


def test_model_refusal(llm_server, corpus, agent_a, territory):
    llm_server.respond = lambda payload: "AUCUNE_SOURCE"
    answer = _ask(agent_a, territory.a)
    assert answer.mode == Message.Mode.REFUSED and answer.sources == []
    assert answer.model_call is not None  # the call was made and is accounted for


def test_answer_without_citation_is_refused(llm_server, corpus, agent_a, territory):
    llm_server.respond = lambda payload: "Il suffit de tester."
    assert _ask(agent_a, territory.a).mode == Message.Mode.REFUSED


def test_invented_contacts_are_masked(llm_server, corpus, agent_a, territory):
    llm_server.respond = lambda payload: (
        "Guide : https://cyber.gouv.fr/sauvegarde, support au 01 23 45 67 89 [1]. "
        "Écrivez à hotline@arnaque.example ou appelez le 06 11 22 33 44, voir www.arnaque.example."
    )
    answer = _ask(agent_a, territory.a)
    assert "https://cyber.gouv.fr/sauvegarde" in answer.text and "01 23 45 67 89" in answer.text
    assert "arnaque" not in answer.text and "06 11 22 33 44" not in answer.text
    assert "[lien masqué]" in answer.text and "[courriel masqué]" in answer.text
    assert "[téléphone masqué]" in answer.text


def test_no_personal_data_of_the_question_reaches_the_endpoint(llm_server, corpus, agent_a,
                                                               territory):
    llm_server.respond = lambda payload: "[Personne 1] doit tester la restauration [1]."
    answer = _ask(agent_a, territory.a,
                  "Comment M. Gérard LEBLANC (06 55 44 33 22, gerard.leblanc@example.org) "
                  "doit-il tester la restauration des sauvegardes ?")
    sent = json.dumps(llm_server.chat_requests, ensure_ascii=False)
    for value in ("LEBLANC", "Gérard", "06 55 44 33 22", "gerard.leblanc@example.org"):
        assert value not in sent
    assert "[Personne 1]" in sent
    assert answer.mode == Message.Mode.MODEL and "LEBLANC" in answer.text


def test_model_failure_falls_back_to_extracts(llm_server, corpus, agent_a, territory):
    llm_server.fail = 500
    answer = _ask(agent_a, territory.a)
    assert answer.mode == Message.Mode.EXTRACTIVE
    assert "n'a pas pu répondre" in answer.text and answer.sources
    assert ModelCall.objects.get().status == ModelCall.Status.ERROR


def test_follow_up_in_the_same_conversation(no_llm, corpus, agent_a, territory):
    first = _ask(agent_a, territory.a)
    second = _ask(agent_a, territory.a, "Comment publier la déclaration d'accessibilité ?",
                  conversation=first.conversation)
    assert second.conversation_id == first.conversation_id
    assert second.conversation.messages.count() == 4


def test_empty_or_long_question_is_a_form_error(no_llm, corpus, agent_a, territory, login):
    client = login(agent_a)
    url = reverse("assistant_conversations:collectivite", args=[territory.a.pk])
    response = client.post(url, {"question": "   "})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.text
    response = client.post(url, {"question": "x" * 2001})
    assert response.status_code == 200 and "2000" in response.text.replace("\u202f", "")
    assert not Conversation.objects.exists()


def test_ask_in_the_browser_without_javascript(no_llm, corpus, agent_a, territory, login):
    client = login(agent_a)
    url = reverse("assistant_conversations:collectivite", args=[territory.a.pk])
    response = client.post(url, {"question": QUESTION}, follow=True)
    assert response.status_code == 200
    page = response.text
    assert "Réponse extractive" in page
    assert "Sauvegarder les données de la mairie" in page
    document_url = reverse("assistant:document",
                           args=[Message.objects.get(role="assistant").sources[0]["document_id"]])
    assert document_url in page
    listing = client.get(url).text
    assert QUESTION.replace("'", "&#x27;") in listing or "tester la restauration" in listing


@pytest.fixture
def agent_a2(territory):
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(collectivite=territory.a, role="agent",
                             user=UserFactory(full_name="Autre Agent")).user


def test_conversations_are_private_to_their_author(no_llm, corpus, agent_a, agent_a2, agent_b,
                                                   territory, login):
    answer = _ask(agent_a, territory.a)
    convo = answer.conversation
    urls = [
        reverse("assistant_conversations:conversation", args=[convo.pk]),
        reverse("assistant_conversations:conversation_delete", args=[convo.pk]),
        reverse("assistant_conversations:feedback", args=[answer.pk]),
    ]
    for other in (agent_a2, agent_b):
        client = login(other)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(urls[1]).status_code == 404
        listing = client.get(reverse("assistant_conversations:collectivite",
                                     args=[territory.a.pk]))
        assert listing.status_code == (200 if other == agent_a2 else 404)
        if listing.status_code == 200:
            assert "tester la restauration" not in listing.text
    assert Conversation.objects.filter(pk=convo.pk).exists()


def test_delete_conversation(no_llm, corpus, agent_a, territory, login):
    answer = _ask(agent_a, territory.a)
    client = login(agent_a)
    url = reverse("assistant_conversations:conversation_delete", args=[answer.conversation_id])
    assert "Supprimer définitivement" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    assert not Conversation.objects.exists() and not Message.objects.exists()
    event = AuditEvent.objects.get(action="assistant.conversation_deleted")
    assert event.details["messages"] == 2


def test_feedback_on_an_answer(no_llm, corpus, agent_a, territory, login):
    answer = _ask(agent_a, territory.a)
    client = login(agent_a)
    url = reverse("assistant_conversations:feedback", args=[answer.pk])
    response = client.post(url, {"rating": "down", "comment": "Il manque la fréquence."})
    assert response.status_code == 302
    feedback = answer.feedback.get()
    assert feedback.rating == "down" and feedback.comment == "Il manque la fréquence."
    client.post(url, {"rating": "up", "comment": ""})
    assert answer.feedback.get().rating == "up"  # one opinion per person, updated
    page = client.get(reverse("assistant_conversations:conversation",
                              args=[answer.conversation_id])).text
    assert "Votre avis : Utile" in page
    assert client.post(url, {"rating": "bof"}).status_code == 200  # form error, no 500
    question = answer.conversation.messages.get(role="user")
    assert client.post(reverse("assistant_conversations:feedback", args=[question.pk]),
                       {"rating": "up"}).status_code == 404
