"""Good-practice sheets: loading from files, safe rendering, pages, links from gaps."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from socle.journal.models import AuditEvent
from socle.questionnaires import referentiels as refs
from socle.questionnaires.fiches import selectors
from socle.questionnaires.fiches.content import SheetFileError, render_markdown
from socle.questionnaires.fiches.models import GoodPracticeSheet
from socle.questionnaires.fiches.services import sheets_load

SHEET = """---
title: {title}
theme: cyber
summary: Un résumé.
version: 1
---
## De quoi s'agit-il ?

{body}
"""


@pytest.fixture
def sheets(db):
    call_command("load_referentiels", stdout=io.StringIO())
    return GoodPracticeSheet.objects.all()


def test_command_loads_every_sheet_once_and_is_idempotent(sheets, capsys):
    assert sheets.count() == len(refs.sheet_slugs()) >= 28
    assert AuditEvent.objects.filter(action="fiches.loaded").count() == 1
    call_command("load_referentiels")
    out = capsys.readouterr().out
    assert "0 créée(s), 0 mise(s) à jour" in out and "maturite-numerique v1" in out
    assert AuditEvent.objects.filter(action="fiches.loaded").count() == 1


def test_every_recommendation_leads_to_a_loaded_sheet(sheets):
    loaded = set(sheets.filter(is_active=True).values_list("slug", flat=True))
    for ref in refs.load_all():
        for question in ref.questions:
            assert set(question.sheets) <= loaded, question.id


def test_changed_files_update_and_removed_files_retire(db, tmp_path):
    (tmp_path / "a.md").write_text(SHEET.format(title="Fiche A", body="Texte."))
    (tmp_path / "b.md").write_text(SHEET.format(title="Fiche B", body="Texte."))
    first = sheets_load(folder=tmp_path, themes={"cyber"})
    assert sorted(first.created) == ["a", "b"]
    (tmp_path / "a.md").write_text(SHEET.format(title="Fiche A, version revue", body="Autre."))
    (tmp_path / "b.md").unlink()
    second = sheets_load(folder=tmp_path, themes={"cyber"})
    assert (second.updated, second.retired, second.created) == (["a"], ["b"], [])
    assert GoodPracticeSheet.objects.get(slug="a").title == "Fiche A, version revue"
    assert GoodPracticeSheet.objects.get(slug="b").is_active is False


@pytest.mark.parametrize(
    ("text", "message"),
    [("title: Sans délimiteur\n", "deux lignes « --- »"),
     ("---\ntitle: T\n---\nCorps\n", "champs manquants"),
     ("---\nceci n'est pas une clé\n---\n", "ligne 2"),
     (SHEET.format(title="T", body="x").replace("theme: cyber", "theme: cuisine"),
      "thème inconnu « cuisine »")],
)
def test_invalid_sheet_files_are_refused_and_nothing_is_written(db, tmp_path, text, message):
    (tmp_path / "ok.md").write_text(SHEET.format(title="Bonne", body="x"))
    (tmp_path / "mauvaise.md").write_text(text)
    with pytest.raises(SheetFileError, match=message):
        sheets_load(folder=tmp_path, themes={"cyber"})
    assert not GoodPracticeSheet.objects.exists()


def test_rendering_strips_scripts_handlers_and_dangerous_links():
    html = render_markdown(
        "# Titre\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[lien](javascript:alert(1)) [cnil](https://www.cnil.fr) <b onclick='x'>gras</b>\n\n"
        "| a | b |\n| - | - |\n| 1 | 2 |\n"
    )
    for bad in ("<script", "onerror", "javascript:", "onclick", "<img", "<h1"):
        assert bad not in html
    assert '<a href="https://www.cnil.fr" rel="noopener noreferrer">cnil</a>' in html
    assert "<table>" in html


def test_list_search_is_accent_insensitive_and_filters_by_theme(sheets, login, elu_a):
    client = login(elu_a)
    url = reverse("questionnaires:sheet-list")
    page = client.get(url)
    assert page.status_code == 200
    assert f"{sheets.filter(is_active=True).count()} fiches trouvées" in page.content.decode()
    found = client.get(url, {"q": "rancongiciel"}).content.decode()
    assert "Sauvegarder ses données" in found
    rgpd = client.get(url, {"theme": "rgpd"}).content.decode()
    assert "Tenir le registre des traitements" in rgpd and "Sauvegarder ses données" not in rgpd
    empty = client.get(url, {"q": "zzz introuvable"}).content.decode()
    assert "Aucune fiche ne correspond" in empty
    assert client.get(url, {"theme": "inconnu"}).status_code == 200


def test_detail_shows_the_sanitised_sheet_and_its_questions(sheets, login, agent_b, client):
    url = reverse("questionnaires:sheet-detail", args=["sauvegardes"])
    assert client.get(url).status_code == 302  # sign-in first
    page = login(agent_b).get(url).content.decode()
    assert "<h1>Sauvegarder ses données et vérifier qu&#x27;on sait les restaurer</h1>" in page
    assert "Comment faire, en 5 étapes" in page
    assert "Avez-vous testé une restauration" in page
    assert "Aucun retour d'expérience publié" in page
    missing = reverse("questionnaires:sheet-detail", args=["inconnue"])
    assert login(agent_b).get(missing).status_code == 404


def test_retired_sheets_are_not_shown(sheets, login, agent_a):
    GoodPracticeSheet.objects.filter(slug="open-data").update(is_active=False)
    url = reverse("questionnaires:sheet-detail", args=["open-data"])
    assert login(agent_a).get(url).status_code == 404


def test_sheets_of_a_gap_in_the_gap_order(sheets):
    ref = refs.load(refs.DEFAULT_SLUG)
    answers = {"rgpd.violations": refs.AnswerValue.of("no")}
    gap = refs.gaps(ref, answers)[0]
    assert [s.slug for s in selectors.sheets_for_gap(gap)] == [
        "violations-donnees", "notification-incidents"]
    assert set(selectors.sheets_by_slug(["sauvegardes", "inconnue"])) == {"sauvegardes"}


def test_sheet_data_files_cite_sources_and_five_steps():
    for path in sorted(Path(refs.SHEETS_DIR).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "## Sources" in text and "## Qui peut aider" in text, path.name
        assert "\n5. " in text and "## Ordre de grandeur du coût" in text, path.name
