"""CSV export of the journal: what the file holds, who may export, and that exporting is itself
journaled."""

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from socle.journal.models import AuditEvent
from socle.journal.services import record

EXPORT = reverse("journal:export")


def _csv(response) -> tuple[str, list[list[str]]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))
    return raw, rows


def _essais(rows):
    return [row for row in rows[1:] if row[4].startswith(("Création", "Modification"))]


def test_export_file(login, operateur, journal):
    response = login(operateur).get(EXPORT, {"collectivite": "07005"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="journal-audit-')
    raw, rows = _csv(response)
    assert raw.startswith("\ufeffDate;Auteur;Collectivité;Code INSEE;Action;Objet;")
    assert rows[0] == ["Date", "Auteur", "Collectivité", "Code INSEE", "Action", "Objet",
                       "Détails (JSON)", "Adresse IP"]
    assert len(rows) == 3  # A's two events, newest first
    modified, created = rows[1], rows[2]
    assert modified[4] == "Modification d'un essai"
    assert created[1] == "Rémi Référent <" + journal.a.actor.email + ">"
    assert created[2:6] == ["Alboussière", "07005", "Création d'un essai", "Alboussière (07005)"]
    assert created[6] == '{"champ": "site internet"}'
    # ISO 8601 in Paris time, with its offset
    paris = journal.a.created_at.astimezone(ZoneInfo("Europe/Paris"))
    assert created[0] == paris.isoformat(timespec="seconds")
    assert created[0][19:] in {"+01:00", "+02:00"}


def test_export_is_journaled_with_its_filter(login, operateur, journal):
    login(operateur).get(EXPORT, {"action": "essai.cree", "actor": "exemple"}).getvalue()
    event = AuditEvent.objects.filter(action="journal.exported").get()
    assert event.actor == operateur
    assert event.collectivite is None  # an operator's export covers the whole platform
    assert event.details == {"filtre": {"action": "essai.cree", "auteur": "exemple"},
                             "lignes": 3}


def test_dpo_export_covers_and_journals_their_collectivites(login, dpo_ac, territory, journal):
    response = login(dpo_ac).get(EXPORT)
    _raw, rows = _csv(response)
    assert {row[2] for row in _essais(rows)} == {"Alboussière", "Champis"}
    exported = AuditEvent.objects.filter(action="journal.exported")
    # Each collectivité's journal shows that it was exported, and by whom.
    assert {e.collectivite for e in exported} == {territory.a, territory.c}
    assert all(e.actor == dpo_ac for e in exported)


def test_collectivite_export(login, referent_a, territory, journal):
    url = reverse("journal:collectivite-export", args=[territory.a.pk])
    response = login(referent_a).get(url)
    assert response.status_code == 200
    assert 'filename="journal-audit-07005-' in response["Content-Disposition"]
    _raw, rows = _csv(response)
    assert {row[3] for row in rows[1:]} == {"07005"}
    assert AuditEvent.objects.get(action="journal.exported").collectivite == territory.a


@pytest.mark.parametrize(("persona", "status"), [("agent_a", 403), ("agent_b", 404)])
def test_collectivite_export_refusals(request, login, territory, journal, persona, status):
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("journal:collectivite-export", args=[territory.a.pk])).status_code \
        == status
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="journal.exported").exists()


def test_formulas_are_not_executed_by_spreadsheets(login, operateur, territory, test_actions):
    record(actor=operateur, action="essai.cree", collectivite=territory.a,
           details={"note": "=1+1"}, obj=territory.a)
    territory.a.name = "=HYPERLINK(\"http://exemple.test\")"
    territory.a.save()
    _raw, rows = _csv(login(operateur).get(EXPORT, {"action": "essai.cree"}))
    assert rows[1][2] == "'=HYPERLINK(\"http://exemple.test\")"


def test_export_link_keeps_the_filter(login, operateur, journal):
    text = login(operateur).get(reverse("journal:list"), {"action": "essai.cree", "page": 1})
    assert f'href="{EXPORT}?action=essai.cree"' in text.content.decode()
