"""The minutes pages as people of the collectivité see them: list, new draft (paste or upload),
detail, edit, validation, exports; élus read; other collectivités get 404."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socle.assistant.minutes.models import Minutes
from socle.journal.models import AuditEvent

from .conftest import DEMO

pytestmark = pytest.mark.django_db


def _new(client, collectivite, **data):
    payload = {"title": "", "session_date": "2026-03-12", "transcript": "", "agenda": "",
               "attendance": "", **data}
    return client.post(reverse("assistant_minutes:new", args=[collectivite.pk]), payload)


@pytest.fixture
def minutes(login, agent_a, territory, demo) -> Minutes:
    response = _new(login(agent_a), territory.a, transcript=demo["txt"],
                    agenda=demo["ordre-du-jour.txt"], attendance=demo["presences.txt"])
    assert response.status_code == 302, response.content.decode()[:2000]
    return Minutes.objects.get()


def test_empty_list(login, agent_a, territory):
    response = login(agent_a).get(reverse("assistant_minutes:collectivite",
                                          args=[territory.a.pk]))
    assert response.status_code == 200
    assert "Aucun procès-verbal pour l'instant" in response.content.decode()


def test_agent_pastes_a_transcript_and_sees_the_analysis(minutes, login, agent_a):
    assert minutes.collectivite.name == "Alboussière"
    assert minutes.mode == "extractive" and minutes.status == "draft"
    assert minutes.title == "Séance du conseil du 12/03/2026"
    page = login(agent_a).get(reverse("assistant_minutes:detail", args=[minutes.pk]))
    html = page.content.decode()
    for expected in ("Anne Exemple", "2:16", "Tarifs de la cantine scolaire", "3:14",
                     "11 pour, 1 contre, 1 abstention(s)", "le secrétariat de mairie",
                     "quorum atteint", "PROJET — À RELIRE ET VALIDER", "Valider le procès-verbal"):
        assert expected in html
    event = AuditEvent.objects.get(action="assistant_minutes.drafted")
    assert event.collectivite_id == minutes.collectivite_id
    listing = login(agent_a).get(reverse("assistant_minutes:collectivite",
                                         args=[minutes.collectivite_id]))
    assert minutes.title in listing.content.decode()


def test_upload_vtt_and_date_from_speech(login, agent_a, territory):
    upload = SimpleUploadedFile("seance.vtt", (DEMO / "conseil-municipal.vtt").read_bytes(),
                                content_type="text/vtt")
    response = login(agent_a).post(
        reverse("assistant_minutes:new", args=[territory.a.pk]),
        {"transcript_file": upload, "session_date": "", "title": "Conseil de mars"})
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.source_format, minutes.source_name) == ("vtt", "seance.vtt")
    assert minutes.session_date.isoformat() == "2026-03-12"
    assert minutes.analysis["segmentation"] == "announcements"


@pytest.mark.parametrize(("data", "message"), [
    ({"transcript": ""}, "Déposez un fichier ou collez la transcription"),
    ({"transcript": "Bonjour sans date", "session_date": ""}, "Indiquez la date de la séance"),
    ({"transcript_file": SimpleUploadedFile("a.srt", b"\x00\x01binary")}, "pas du texte"),
    ({"transcript": "WEBVTT\n\n00:00:01.000 --> nonsense\nx\n"}, "mal formé"),
])
def test_clear_errors_and_nothing_written(login, agent_a, territory, data, message):
    response = _new(login(agent_a), territory.a, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Minutes.objects.exists()


def test_agent_edits_then_validates_and_it_becomes_read_only(minutes, login, agent_a):
    client = login(agent_a)
    url = reverse("assistant_minutes:detail", args=[minutes.pk])
    edited = minutes.text.replace("[à compléter ou « point d'information sans vote »]",
                                  "Point d'information, sans vote.")
    assert client.post(url, {"text": edited}).status_code == 302
    minutes.refresh_from_db()
    assert "Point d'information, sans vote." in minutes.text
    assert client.post(reverse("assistant_minutes:validate", args=[minutes.pk])).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == "validated" and minutes.validated_by == agent_a
    assert not minutes.text.startswith("PROJET")
    html = client.get(url).content.decode()
    assert "Valider le procès-verbal" not in html and "<textarea" not in html
    assert client.post(url, {"text": "autre"}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.text != "autre"
    assert {e.action for e in AuditEvent.objects.all()} >= {
        "assistant_minutes.edited", "assistant_minutes.validated"}


def test_elu_reads_but_cannot_edit_or_validate(minutes, login, elu_a):
    client = login(elu_a)
    url = reverse("assistant_minutes:detail", args=[minutes.pk])
    html = client.get(url).content.decode()
    assert "Anne Exemple" in html and "<textarea" not in html
    assert client.post(url, {"text": "modifié"}).status_code == 403
    assert client.post(reverse("assistant_minutes:validate", args=[minutes.pk])).status_code \
        == 403
    minutes.refresh_from_db()
    assert minutes.status == "draft"


def test_other_collectivite_gets_404(minutes, login, agent_b, territory):
    client = login(agent_b)
    for url in (reverse("assistant_minutes:detail", args=[minutes.pk]),
                reverse("assistant_minutes:export", args=[minutes.pk, "odt"]),
                reverse("assistant_minutes:collectivite", args=[territory.a.pk]),
                reverse("assistant_minutes:new", args=[territory.a.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("assistant_minutes:validate", args=[minutes.pk])).status_code \
        == 404


def test_dpo_and_operateur_may_edit(minutes, login, dpo_ac, operateur):
    for user in (dpo_ac, operateur):
        html = login(user).get(reverse("assistant_minutes:detail",
                                       args=[minutes.pk])).content.decode()
        assert "<textarea" in html


def test_exports_open(minutes, login, agent_a):
    client = login(agent_a)

    def get(fmt):
        response = client.get(reverse("assistant_minutes:export", args=[minutes.pk, fmt]))
        assert response.status_code == 200
        assert f".{fmt}" in response["Content-Disposition"]
        return response.content

    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(io.BytesIO(get("odt")))
    lines = [teletype.extractText(e) for e in document.getElementsByType(H)
             + document.getElementsByType(P)]
    assert any("Tarifs de la cantine scolaire" in line for line in lines)
    assert any(line.startswith("Secrétaire de séance : Chloé Modèle") for line in lines)

    from docx import Document

    docx = Document(io.BytesIO(get("docx")))
    assert any("Décision modificative" in p.text for p in docx.paragraphs)

    pdf = get("pdf")
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Questions diverses" in text
    assert client.get(reverse("assistant_minutes:export", args=[minutes.pk, "exe"])) \
        .status_code == 404
    assert AuditEvent.objects.filter(action="assistant_minutes.exported").count() == 3
