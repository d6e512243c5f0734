"""Upload, review, publication and the public page, as people of the collectivité see them."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from socle.actes.models import Act
from socle.journal.models import AuditEvent
from tests.actes.conftest import ACT_TEXT, MASKED, blank_pdf, docx_bytes

pytestmark = pytest.mark.django_db


def _review(client, act, masked=None, add_text="", add_label="PERSONNE"):
    masked = [i for i, s in enumerate(act.spans) if s["action"] == "mask"] \
        if masked is None else masked
    return client.post(reverse("actes:act", args=[act.pk]), {
        "span_count": str(len(act.spans)), "mask": [str(i) for i in masked],
        "add_text": add_text, "add_label": add_label})


def _published(upload, user, collectivite, **overrides) -> Act:
    response = upload(user, collectivite, **overrides)
    assert response.status_code == 302, response.content.decode()[:3000]
    act = Act.objects.latest("pk")
    client = Client()
    client.force_login(user)
    _review(client, act)
    client.post(reverse("actes:publish", args=[act.pk]))
    act.refresh_from_db()
    return act


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_upload_stores_the_untouched_original_and_the_suggestions(upload, agent_a, territory):
    data = docx_bytes()
    response = upload(agent_a, territory.a, filename="délib 14.docx", data=data)
    act = Act.objects.get()
    assert response.url == reverse("actes:act", args=[act.pk])
    assert act.original.read() == data and act.file_format == "docx"
    assert f"actes/{territory.a.pk}/originaux/" in act.original.name
    found = {(s["text"], s["action"]) for s in act.spans}
    assert ("Jeanne Durand", "mask") in found and ("04/07/1961", "mask") in found
    assert ("Étienne Élu", "keep") in found  # the mayor signing, passed as an official
    assert AuditEvent.objects.filter(action="actes.uploaded", collectivite=territory.a).exists()


def test_review_page_shows_suggestions_and_the_keyboard_help(upload, agent_a, territory,
                                                             login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    page = login(agent_a).get(reverse("actes:act", args=[act.pk])).content.decode()
    assert 'class="span-mask"' in page and 'class="span-keep"' in page
    assert "Raccourcis clavier" in page and "js/actes-review.js" in page
    assert "Mme [Personne 1], née le [Date de naissance 1]" in page  # preview
    assert "encodage lu : UTF-8" in page


@pytest.mark.parametrize("name,data,message", [
    ("scan.pdf", blank_pdf(), "document numérisé"),
    ("chiffre.pdf", blank_pdf(password="x"), "protégé par un mot de passe"),
    ("faux.pdf", b"PK\x03\x04 pas un pdf", "ne correspond pas à son extension"),
])
def test_bad_file_is_refused_and_nothing_is_stored(upload, agent_a, territory, name, data,
                                                   message, _private_media):
    response = upload(agent_a, territory.a, filename=name, data=data)
    assert response.status_code == 200 and message in response.content.decode()
    assert 'aria-describedby="id_file_helptext id_file_error"' in response.content.decode()
    assert not Act.objects.exists()
    assert not _private_media.exists() or not any(_private_media.rglob("*.*"))


def test_file_over_the_size_limit_is_refused(upload, agent_a, territory, settings):
    settings.SOCLE_ACTES_MAX_BYTES = 100
    response = upload(agent_a, territory.a)
    assert "Fichier trop volumineux" in response.content.decode()
    assert not Act.objects.exists()


def test_votes_must_add_up_and_nothing_is_stored(upload, agent_a, territory, _private_media):
    response = upload(agent_a, territory.a, votes_pour="12")
    assert "différent des 13 votants" in response.content.decode()
    assert not Act.objects.exists()
    assert not _private_media.exists() or not any(_private_media.rglob("*.*"))


def test_agent_adds_a_span_that_masks_every_occurrence(upload, agent_a, territory, login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    client = login(agent_a)
    _review(client, act, add_text="section AB n° 123", add_label="CADASTRE")
    act.refresh_from_db()
    added = [s for s in act.spans if s["source"] == "agent"]
    assert [s["text"] for s in added] == ["section AB n° 123"] and act.status == "reviewed"
    _review(client, act, masked=[])  # reject everything: all kept in clear
    act.refresh_from_db()
    assert all(s["action"] == "keep" for s in act.spans)


def test_published_page_and_pdf_hold_no_masked_item(upload, agent_a, territory):
    act = _published(upload, agent_a, territory.a)
    assert act.status == "published"
    anonymous = Client()
    listing = anonymous.get(reverse("actes:public", args=[territory.a.pk])).content.decode()
    page = anonymous.get(reverse("actes:public-act", args=[act.pk])).content.decode()
    pdf = anonymous.get(reverse("actes:public-act-pdf", args=[act.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    pdf_text = _pdf_text(pdf.content)
    masked = {s["text"] for s in act.spans if s["action"] == "mask"}
    assert set(MASKED) <= masked
    for original in masked:
        for shown in (listing, page, pdf_text):
            assert original not in shown
    assert "[Personne 1]" in page and "Étienne Élu" in page and "[Personne 1]" in listing
    assert "originaux" not in page and reverse("actes:original", args=[act.pk]) not in page


def test_original_is_reachable_only_by_its_collectivite(upload, agent_a, elu_a, agent_b,
                                                         territory, login):
    act = _published(upload, agent_a, territory.a)
    url = reverse("actes:original", args=[act.pk])
    assert b"".join(login(elu_a).get(url).streaming_content) == ACT_TEXT.encode()
    assert login(agent_b).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # sign-in


def test_rights_elu_reads_only(upload, agent_a, elu_a, territory, login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    client = login(elu_a)
    page = client.get(reverse("actes:act", args=[act.pk])).content.decode()
    assert "Enregistrer la relecture" not in page and "Publier" not in page
    assert client.get(reverse("actes:upload", args=[territory.a.pk])).status_code == 403
    assert _review(client, act).status_code == 403
    assert client.post(reverse("actes:publish", args=[act.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["referent_a", "dpo_ac", "operateur"])
def test_referent_dpo_and_operator_upload(upload, persona, request, territory):
    user = request.getfixturevalue(persona)
    assert upload(user, territory.a).status_code == 302


def test_agent_of_another_collectivite_gets_404(upload, agent_a, agent_b, territory, login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    client = login(agent_b)
    for name in ("actes:act", "actes:unpublish"):
        assert client.get(reverse(name, args=[act.pk])).status_code == 404
    assert client.post(reverse("actes:publish", args=[act.pk])).status_code == 404
    assert client.get(reverse("actes:collectivite", args=[territory.a.pk])).status_code == 404


def test_draft_act_is_not_public_and_cannot_be_published_unreviewed(upload, agent_a,
                                                                    territory, login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    assert Client().get(reverse("actes:public-act", args=[act.pk])).status_code == 404
    assert Client().get(reverse("actes:public", args=[territory.a.pk])).status_code == 404
    response = login(agent_a).post(reverse("actes:publish", args=[act.pk]), follow=True)
    assert "Relisez et enregistrez" in response.content.decode()
    assert Act.objects.get().status == "draft"


def test_unpublish_needs_a_reason_and_is_journaled(upload, agent_a, territory, login):
    act = _published(upload, agent_a, territory.a)
    client = login(agent_a)
    url = reverse("actes:unpublish", args=[act.pk])
    assert "Ce champ est obligatoire" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "Erreur de pièce jointe"})
    act.refresh_from_db()
    assert act.status == "unpublished" and act.original  # kept, never deleted
    assert Client().get(reverse("actes:public-act", args=[act.pk])).status_code == 404
    event = AuditEvent.objects.get(action="actes.unpublished")
    assert event.details == {"motif": "Erreur de pièce jointe"}


def test_public_search_filters_and_scdl_csv_is_valid(upload, agent_a, territory):
    _published(upload, agent_a, territory.a)
    _published(upload, agent_a, territory.a, number="A-2025-3", kind="arrete_individuel",
               nature="3", date="2025-06-01", object="Permission de voirie",
               data="Le maire autorise l'occupation du trottoir par un échafaudage.".encode(),
               votes_effectif="", votes_presents="", votes_votants="", votes_pour="",
               votes_contre="", votes_abstentions="")
    public = Client()
    url = reverse("actes:public", args=[territory.a.pk])
    assert "Permission de voirie" in public.get(url, {"year": "2025"}).content.decode()
    assert "Permission de voirie" not in public.get(url, {"kind": "deliberation"}) \
        .content.decode()
    found = public.get(url, {"q": "ravalement"}).content.decode()
    assert "ravalement" in found and "Permission de voirie" not in found
    response = public.get(reverse("actes:public-csv", args=[territory.a.pk]))
    data = b"".join(response.streaming_content)
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith("COLL_NOM;COLL_SIRET;DELIB_ID")
    assert "Jeanne Durand" not in data.decode("utf-8-sig")
    validation = pytest.importorskip("socle.donnees.opendata.validation")
    from socle.donnees.opendata.schemas import load_schema

    report = validation.validate(load_schema("scdl/deliberations"), data)
    assert report.valid, [i.message for i in report.issues]


def test_home_operators_see_counts_members_are_redirected(upload, agent_a, operateur,
                                                          territory, login):
    upload(agent_a, territory.a)
    page = login(operateur).get(reverse("actes:home")).content.decode()
    assert "Alboussière" in page and "<td>1</td>" in page
    response = login(agent_a).get(reverse("actes:home"))
    assert response.url == reverse("actes:collectivite", args=[territory.a.pk])


def test_preview_follows_the_choices_without_saving(upload, agent_a, territory, login):
    upload(agent_a, territory.a)
    act = Act.objects.get()
    keep_all = login(agent_a).post(reverse("actes:preview", args=[act.pk]),
                                   {"span_count": str(len(act.spans))}).content.decode()
    assert "Jeanne Durand" in keep_all and "[Personne 1]" not in keep_all
    assert Act.objects.get().status == "draft"


def test_published_review_is_frozen_until_unpublished(upload, agent_a, territory, login):
    act = _published(upload, agent_a, territory.a)
    response = _review(login(agent_a), act, masked=[])
    assert response.status_code == 302
    act.refresh_from_db()
    assert any(s["action"] == "mask" for s in act.spans)
