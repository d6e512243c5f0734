"""The browser path without JavaScript: register, letter page, draft, validate, mark sent;
filters and exports; who sees what (élu refused, other tenants 404, DPO reads only)."""

from __future__ import annotations

import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from socle.assistant.courrier.models import Letter, Reply

from .conftest import answered, make_letter


def _new(client, territory, **data):
    url = reverse("assistant_courrier:new", args=[territory.a.pk])
    form = {"channel": "courrier", "sender_civility": "Monsieur", "sender_name": "Yves Reboul",
            "sender_email": "yves.reboul@exemple.test", "subject": "Poubelles oubliées",
            "body": "Notre bac d'ordures ménagères n'a pas été collecté mardi.", **data}
    return client.post(url, form)


def test_agent_registers_drafts_validates_and_marks_sent(login, agent_a, territory):
    answered(territory.a, subject="Bac non ramassé", body="Les ordures n'ont pas été collectées.",
             reply="Madame,\n\nLa collecte de rattrapage aura lieu jeudi.\n\nLe maire",
             code="dechets")
    client = login(agent_a)
    response = _new(client, territory)
    letter = Letter.objects.get(sender_name="Yves Reboul")
    assert response.status_code == 302
    page = client.get(reverse("assistant_courrier:letter", args=[letter.pk])).content.decode()
    assert "Catégorie proposée : <strong>Déchets et propreté</strong>" in page
    assert "Bac non ramassé" in page  # similar reply shown
    client.post(reverse("assistant_courrier:draft", args=[letter.pk]), {"source": "similar"})
    reply = Reply.objects.get(letter=letter)
    assert reply.text.startswith("Monsieur Yves Reboul,")
    assert "rattrapage aura lieu jeudi" in reply.text
    client.post(reverse("assistant_courrier:reply", args=[letter.pk]),
                {"text": reply.text + "\nAjout de l'agent.", "action": "validate"})
    reply.refresh_from_db()
    assert reply.is_validated and reply.text.endswith("Ajout de l'agent.")
    client.post(reverse("assistant_courrier:update", args=[letter.pk]),
                {"category": letter.predicted_category_id, "status": "prete",
                 "assignee": agent_a.pk})
    client.post(reverse("assistant_courrier:sent", args=[letter.pk]),
                {"sent_on": timezone.localdate().isoformat()})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ANSWERED
    assert letter.category.code == "dechets" and letter.assignee == agent_a
    assert mail.outbox == []


def test_empty_form_is_a_french_error(login, agent_a, territory):
    response = _new(login(agent_a), territory, body="", subject="")
    assert response.status_code == 200
    assert "Collez le texte du courrier ou déposez son fichier." in response.content.decode()


def test_unreadable_upload_is_a_form_error(login, agent_a, territory):
    upload = io.BytesIO(b"%PDF-1.4 rien")
    upload.name = "scan.pdf"
    response = _new(login(agent_a), territory, body="", file=upload)
    assert response.status_code == 200
    assert "PDF illisible" in response.content.decode()
    assert not Letter.objects.exists()


def test_register_filters_and_overdue_text(login, agent_a, territory):
    make_letter(territory.a, subject="Ancienne demande", body="x", days_ago=80)
    make_letter(territory.a, subject="Demande récente", body="x", days_ago=1)
    client = login(agent_a)
    url = reverse("assistant_courrier:collectivite", args=[territory.a.pk])
    page = client.get(url).content.decode()
    assert "Ancienne demande" in page and "Demande récente" in page and "en retard" in page
    page = client.get(url, {"overdue": "on"}).content.decode()
    assert "Ancienne demande" in page and "Demande récente" not in page


def test_csv_and_ods_exports(login, referent_a, territory):
    make_letter(territory.a, subject="=HYPERLINK(\"x\")", body="x", code="voirie",
                sender_name="Anne Roche")
    client = login(referent_a)
    response = client.get(reverse("assistant_courrier:export-csv", args=[territory.a.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Voirie et éclairage" in text and "'=HYPERLINK" in text
    response = client.get(reverse("assistant_courrier:export-ods", args=[territory.a.pk]))
    from odf.opendocument import load

    document = load(io.BytesIO(response.content))
    assert "Voirie et éclairage" in str(document.spreadsheet)


def test_elu_is_refused_and_dpo_reads_without_writing(login, elu_a, dpo_ac, territory):
    letter = make_letter(territory.a, subject="Acte de naissance", body="x",
                         sender_name="Marie Testud")
    url = reverse("assistant_courrier:collectivite", args=[territory.a.pk])
    assert login(elu_a).get(url).status_code == 403
    assert login(elu_a).get(reverse("assistant_courrier:letter",
                                    args=[letter.pk])).status_code == 404
    client = login(dpo_ac)
    assert client.get(url).status_code == 200
    page = client.get(reverse("assistant_courrier:letter", args=[letter.pk])).content.decode()
    assert "Marie Testud" in page and "Valider la réponse" not in page
    response = client.post(reverse("assistant_courrier:draft", args=[letter.pk]))
    assert response.status_code == 403


def test_other_tenant_gets_404(login, agent_b, territory):
    letter = make_letter(territory.a, subject="Secret", body="x")
    client = login(agent_b)
    for name in ("letter", "attachment", "draft", "reply", "sent", "update"):
        method = client.get if name in ("letter", "attachment") else client.post
        assert method(reverse(f"assistant_courrier:{name}", args=[letter.pk])).status_code == 404
    assert client.get(reverse("assistant_courrier:collectivite",
                              args=[territory.a.pk])).status_code == 404
