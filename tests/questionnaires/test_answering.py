"""Answering in several sittings: theme pages, sub-questions, HTMX autosave, evidence,
submission (complete, partial, late), validation or sending back, and who may do what."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socle.questionnaires import services
from socle.questionnaires.models import Action, Answer, Evidence, Response

from .conftest import answer_all, response_of, worst


def _theme_url(response, theme="cyber"):
    return reverse("questionnaires:response-theme", kwargs={"pk": response.pk, "theme": theme})


def test_sub_question_appears_after_saving_the_parent(login, agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    client = login(agent_a)
    page = client.get(_theme_url(response)).content.decode()
    assert "Les données de la collectivité" in page
    assert "testé une restauration" not in page

    saved = client.post(_theme_url(response), {"q-cyber.sauvegardes": "yes", "go": "stay"})
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "testé une restauration" in page
    assert Answer.objects.get(response=response, question_id="cyber.sauvegardes").value == "yes"


def test_htmx_autosave_returns_the_questions_with_the_sub_question(
    login, agent_a, territory, campaign
):
    response = response_of(campaign, territory.a)
    page = login(agent_a).post(_theme_url(response), {"q-cyber.sauvegardes": "partial"},
                               headers={"HX-Request": "true"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "<html" not in body
    assert "testé une restauration" in body
    assert "Réponses enregistrées automatiquement." in body


def test_an_invalid_answer_is_refused_and_the_others_are_kept(login, agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    page = login(agent_a).post(_theme_url(response), {
        "q-cyber.sauvegardes": "yes", "q-cyber.mises-a-jour": "beaucoup",
        "c-cyber.sauvegardes": "Sur un NAS",
    })
    assert page.status_code == 400
    assert "Indiquez un nombre" in page.content.decode()
    stored = dict(Answer.objects.filter(response=response).values_list("question_id", "value"))
    assert stored == {"cyber.sauvegardes": "yes"}
    assert Answer.objects.get(question_id="cyber.sauvegardes").comment == "Sur un NAS"


def test_dont_know_beside_a_number_field(login, agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    login(agent_a).post(_theme_url(response), {"q-cyber.mises-a-jour": "",
                                               "x-cyber.mises-a-jour": "ne-sait-pas"})
    assert Answer.objects.get(question_id="cyber.mises-a-jour").value == "ne-sait-pas"


def test_an_unticked_radio_never_erases_a_saved_answer(login, agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    client = login(agent_a)
    client.post(_theme_url(response), {"q-cyber.sauvegardes": "no"})
    client.post(_theme_url(response), {"c-cyber.sauvegardes": "Commentaire ajouté"})
    answer = Answer.objects.get(question_id="cyber.sauvegardes")
    assert (answer.value, answer.comment) == ("no", "Commentaire ajouté")


def test_elu_reads_but_cannot_answer(login, elu_a, territory, campaign):
    response = response_of(campaign, territory.a)
    client = login(elu_a)
    page = client.get(_theme_url(response)).content.decode()
    assert "seuls les agents, référents et DPO" in page
    client.post(_theme_url(response), {"q-cyber.sauvegardes": "yes"})
    assert not Answer.objects.exists()


def test_submit_needs_completeness_or_an_explicit_partial(login, agent_a, territory, campaign):
    response = response_of(campaign, territory.a)
    client = login(agent_a)
    client.post(_theme_url(response), {"q-cyber.sauvegardes": "yes"})
    url = reverse("questionnaires:response-submit", kwargs={"pk": response.pk})
    page = client.post(url, follow=True).content.decode()
    assert "soumettez explicitement une réponse partielle" in page
    assert Response.objects.get(pk=response.pk).status == "draft"

    client.post(url, {"partial": "1"})
    response.refresh_from_db()
    assert (response.status, response.is_partial, response.is_late) == ("submitted", True, False)
    # Submitted: answers are frozen.
    client.post(_theme_url(response), {"q-cyber.sauvegardes": "no"})
    assert Answer.objects.get(question_id="cyber.sauvegardes").value == "yes"


def test_late_complete_submission_is_accepted_and_flagged(agent_a, territory, campaign):
    campaign.opens_on = campaign.deadline = datetime.date(2020, 1, 1)
    campaign.save()
    response = response_of(campaign, territory.a)
    answer_all(response, agent_a)
    services.response_submit(actor=agent_a, response=response)
    response.refresh_from_db()
    assert (response.is_partial, response.is_late) == (False, True)


def test_referent_validates_and_the_plan_follows_the_gaps(
    login, agent_a, referent_a, territory, campaign
):
    response = response_of(campaign, territory.a)
    answer_all(response, agent_a, value_for=worst)
    services.response_submit(actor=agent_a, response=response)
    with pytest.raises(PermissionDenied):
        services.response_validate(actor=agent_a, response=response)
    page = login(referent_a).post(
        reverse("questionnaires:response-validate", kwargs={"pk": response.pk}),
        {"decision": "validate"})
    assert page["Location"] == reverse("questionnaires:response-plan", kwargs={"pk": response.pk})
    actions = list(Action.objects.filter(response=response))
    assert actions and all(a.sheets for a in actions)
    ranks = [(-a.impact, a.effort) for a in actions]
    assert ranks == sorted(ranks)
    plan = login(referent_a).get(page["Location"]).content.decode()
    assert actions[0].title in plan


def test_dpo_sends_back_with_a_comment(login, agent_a, dpo_ac, territory, campaign):
    response = response_of(campaign, territory.a)
    services.response_submit(actor=agent_a, response=response, partial=True)
    url = reverse("questionnaires:response-validate", kwargs={"pk": response.pk})
    client = login(dpo_ac)
    client.post(url, {"decision": "return", "comment": ""})
    assert Response.objects.get(pk=response.pk).status == "submitted"
    client.post(url, {"decision": "return", "comment": "Merci de compléter le thème RGPD."})
    response.refresh_from_db()
    assert response.status == "returned"
    page = login(agent_a).get(reverse("questionnaires:response", kwargs={"pk": response.pk}))
    assert "Merci de compléter le thème RGPD." in page.content.decode()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize("name,content,ok", [
    ("charte.pdf", b"%PDF-1.7\n...", True),
    ("photo.png", b"\x89PNG\r\n\x1a\n....", True),
    ("note.odt", None, True),
    ("faux.pdf", b"MZ\x90\x00 executable", False),
    ("script.exe", b"MZ\x90\x00", False),
])
def test_evidence_types_are_checked(login, agent_a, territory, campaign, name, content, ok):
    response = response_of(campaign, territory.a)
    upload = SimpleUploadedFile(name, _odt() if content is None else content)
    login(agent_a).post(reverse("questionnaires:response-evidence", kwargs={"pk": response.pk}),
                        {"question": "cyber.sauvegardes", "file": upload})
    assert Evidence.objects.exists() is ok


def test_evidence_too_large(agent_a, territory, campaign, monkeypatch):
    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 10)
    response = response_of(campaign, territory.a)
    with pytest.raises(ValidationError, match="dépasse"):
        services.evidence_add(actor=agent_a, response=response, question_id="cyber.sauvegardes",
                              upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))


def test_evidence_is_served_only_to_readers(login, agent_a, elu_a, agent_b, territory, campaign):
    response = response_of(campaign, territory.a)
    evidence = services.evidence_add(
        actor=agent_a, response=response, question_id="cyber.sauvegardes",
        upload=SimpleUploadedFile("preuve.pdf", b"%PDF-1.4 contenu"))
    assert f"questionnaires/{territory.a.pk}/" in evidence.file.name
    url = reverse("questionnaires:evidence", kwargs={"pk": evidence.pk})
    got = login(elu_a).get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == b"%PDF-1.4 contenu"
    assert login(agent_b).get(url).status_code == 404
