"""Feedback from the field: proposed by members, moderated by operators, shown by status."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socle.journal.models import AuditEvent
from socle.questionnaires.fiches import services
from socle.questionnaires.fiches.models import FieldFeedback, GoodPracticeSheet
from socle.questionnaires.fiches.services import sheets_load

BODY = "Nous avons confié la sauvegarde au service mutualisé ; la restauration a pris deux heures."


@pytest.fixture
def sheet(db, tmp_path):
    (tmp_path / "sauvegardes.md").write_text(
        "---\ntitle: Sauvegarder\ntheme: cyber\nsummary: Résumé.\nversion: 1\n---\nCorps.\n")
    sheets_load(folder=tmp_path, themes={"cyber"})
    return GoodPracticeSheet.objects.get(slug="sauvegardes")


def propose(client, territory, **data):
    url = reverse("questionnaires:feedback-create", args=["sauvegardes"])
    payload = {"collectivite": territory.a.pk, "title": "Sauvegarde mutualisée", "body": BODY}
    return client.post(url, {**payload, **data})


def test_agent_proposes_and_only_their_collectivite_and_operators_see_it_pending(
        sheet, territory, login, agent_a, elu_a, agent_b, operateur):
    response = propose(login(agent_a), territory)
    assert response.status_code == 302
    feedback = FieldFeedback.objects.get()
    assert (feedback.status, feedback.collectivite, feedback.author) == (
        "pending", territory.a, agent_a)
    event = AuditEvent.objects.get(action="retour.proposed")
    assert event.collectivite == territory.a
    detail = reverse("questionnaires:sheet-detail", args=["sauvegardes"])
    for user in (agent_a, elu_a, operateur):
        page = login(user).get(detail).content.decode()
        assert "Sauvegarde mutualisée" in page and "en attente de modération" in page
    assert "Sauvegarde mutualisée" not in login(agent_b).get(detail).content.decode()


def test_operator_publishes_and_everyone_sees_it_with_the_collectivite_name(
        sheet, territory, login, agent_a, agent_b, operateur):
    propose(login(agent_a), territory)
    feedback = FieldFeedback.objects.get()
    client = login(operateur)
    queue = client.get(reverse("questionnaires:feedback-moderation")).content.decode()
    assert "Sauvegarde mutualisée" in queue
    url = reverse("questionnaires:feedback-moderate", args=[feedback.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "publish"}).status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == "published" and feedback.moderated_by == operateur
    assert AuditEvent.objects.filter(action="retour.published", collectivite=territory.a).exists()
    page = login(agent_b).get(reverse("questionnaires:sheet-detail", args=["sauvegardes"]))
    text = page.content.decode()
    assert "Sauvegarde mutualisée" in text and "Alboussière" in text
    queue = login(operateur).get(reverse("questionnaires:feedback-moderation")).content.decode()
    assert "Aucun retour d'expérience n'attend de modération" in queue


def test_rejecting_needs_a_reason_shown_to_the_collectivite_only(
        sheet, territory, login, agent_a, agent_b, operateur):
    propose(login(agent_a), territory)
    feedback = FieldFeedback.objects.get()
    client = login(operateur)
    url = reverse("questionnaires:feedback-moderate", args=[feedback.pk])
    page = client.post(url, {"decision": "reject", "reason": "  "}).content.decode()
    assert "Indiquez le motif du refus." in page and 'aria-invalid="true"' in page
    assert FieldFeedback.objects.get().status == "pending"
    client.post(url, {"decision": "reject", "reason": "Contient le nom d'un agent."})
    assert FieldFeedback.objects.get().status == "rejected"
    assert AuditEvent.objects.filter(action="retour.rejected").count() == 1
    detail = reverse("questionnaires:sheet-detail", args=["sauvegardes"])
    assert "Contient le nom d&#x27;un agent." in login(agent_a).get(detail).content.decode()
    assert "Sauvegarde mutualisée" not in login(agent_b).get(detail).content.decode()
    # Already moderated: a second decision is refused with a message, not a 500.
    again = login(operateur).post(url, {"decision": "publish"}, follow=True).content.decode()
    assert "déjà été modéré" in again
    assert FieldFeedback.objects.get().status == "rejected"


def test_elus_and_operators_do_not_propose_and_nobody_proposes_for_another_collectivite(
        sheet, territory, login, elu_a, agent_b, operateur):
    url = reverse("questionnaires:feedback-create", args=["sauvegardes"])
    assert login(elu_a).get(url).status_code == 403
    assert login(operateur).get(url).status_code == 403
    page = propose(login(agent_b), territory)  # agent of B names A
    assert page.status_code == 200
    assert "Sélectionnez un choix valide" in page.content.decode()
    assert not FieldFeedback.objects.exists()
    with pytest.raises(PermissionDenied):
        services.feedback_propose(actor=agent_b, collectivite=territory.a, sheet=sheet,
                                  title="Titre long", body=BODY)


def test_invalid_feedback_is_explained_and_nothing_is_written(sheet, territory, login, agent_a):
    page = propose(login(agent_a), territory, title="", body="trop court").content.decode()
    assert 'id="id_body_error"' in page
    assert 'aria-describedby="id_body_helptext id_body_error"' in page
    assert "Le formulaire contient 2 erreurs" in page
    assert not FieldFeedback.objects.exists()


def test_only_operators_moderate(sheet, territory, login, agent_a, referent_a):
    propose(login(agent_a), territory)
    feedback = FieldFeedback.objects.get()
    client = login(referent_a)
    assert client.get(reverse("questionnaires:feedback-moderation")).status_code == 403
    url = reverse("questionnaires:feedback-moderate", args=[feedback.pk])
    assert client.post(url, {"decision": "publish"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.feedback_publish(actor=referent_a, feedback=feedback)
    assert FieldFeedback.objects.get().status == "pending"


def test_rejection_without_reason_is_refused_by_the_service(sheet, territory, agent_a, operateur):
    feedback = services.feedback_propose(actor=agent_a, collectivite=territory.a, sheet=sheet,
                                         title="Un bon titre", body=BODY)
    with pytest.raises(ValidationError):
        services.feedback_reject(actor=operateur, feedback=feedback, reason="")
