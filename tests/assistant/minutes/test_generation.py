"""The model path, against a real local OpenAI-compatible server (tests/assistant/llm_server):
staged calls (plan, summaries, clean-up, actions), speaker names never sent, personal data
masked by the gateway, figures kept from the transcript; failure falls back to extractive."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from socle.assistant.minutes import services
from socle.assistant.minutes.models import Minutes

pytestmark = pytest.mark.django_db

TRANSCRIPT = """00:00 Anne Exemple : Bonsoir, je déclare la séance ouverte.
00:05 Anne Exemple : Point n° 1 : le budget de l'école. Bernard Essai, vous avez la parole.
00:12 Bernard Essai : La toiture coûte 18 400 euros. Joignez-moi au 06 12 34 56 78 pour le devis.
00:30 Gaston Maquette : Nous aurions pu l'anticiper.
00:40 Anne Exemple : La délibération est adoptée par 11 voix pour, 1 contre et 1 abstention.
00:50 Anne Exemple : Point n° 2 : questions diverses. Le secrétariat se charge du courrier.
"""
NAMES = ("Anne Exemple", "Bernard Essai", "Gaston Maquette")


def _user_prompt(payload: dict) -> str:
    return next(m["content"] for m in payload["messages"] if m["role"] == "user")


def _respond(payload: dict) -> str:
    prompt = _user_prompt(payload)
    if prompt.startswith("Découpe cette séance"):
        return json.dumps([{"titre": "Ouverture", "premier_tour": 0},
                           {"titre": "Budget de l'école", "premier_tour": 1},
                           {"titre": "Questions diverses", "premier_tour": 5}])
    if prompt.startswith("Point :"):
        return "Intervenant 2 a présenté le coût de la toiture ; Intervenant 3 a regretté le " \
               "retard."
    if prompt.startswith("Harmonise"):
        items = json.loads(prompt[prompt.index("\n\n[") + 2:])
        return json.dumps([{"titre": i["titre"], "resume": i["resume"] + " (relu)"}
                           for i in items], ensure_ascii=False)
    if prompt.startswith("Liste les actions"):
        return json.dumps([{"action": "Écrire aux familles", "responsable": "le secrétariat",
                            "tour": 5}])
    return "?"


def test_staged_model_path(llm_server, agent_a, territory):
    llm_server.respond = _respond
    minutes = services.minutes_draft(actor=agent_a, collectivite=territory.a,
                                     transcript=TRANSCRIPT, session_date=dt.date(2026, 3, 12),
                                     use_model=True)
    assert minutes.mode == Minutes.Mode.MODEL
    prompts = [_user_prompt(p) for p in llm_server.received]
    stages = [p.split(" ", 1)[0] for p in prompts]
    assert stages == ["Découpe", "Point", "Point", "Point", "Harmonise", "Liste"]
    sent = json.dumps(llm_server.received, ensure_ascii=False)
    for name in NAMES:
        assert name not in sent
    assert "06 12 34 56 78" not in sent  # masked by the gateway before sending
    data = minutes.analysis
    assert [t["title"] for t in data["topics"]] == ["Ouverture", "Budget de l'école",
                                                    "Questions diverses"]
    assert data["topics"][1]["summary"].startswith("Bernard Essai a présenté")
    assert data["topics"][1]["summary"].endswith("(relu)")
    assert data["actions"][0]["owner"] == "le secrétariat"
    assert data["decisions"][0]["vote"]["for"] == 11  # from the transcript, not the model
    assert {s["name"] for s in data["speakers"]} == set(NAMES)
    assert "Bernard Essai a présenté" in minutes.text


def test_model_failure_keeps_the_extractive_draft(llm_server, agent_a, territory):
    llm_server.respond = lambda payload: "pas de JSON ici"
    minutes = services.minutes_draft(actor=agent_a, collectivite=territory.a,
                                     transcript=TRANSCRIPT, session_date=dt.date(2026, 3, 12),
                                     use_model=True)
    assert minutes.mode == Minutes.Mode.EXTRACTIVE
    assert minutes.analysis["segmentation"] == "announcements"


def test_no_model_no_call_and_no_checkbox(no_llm, login, agent_a, territory):
    from django.urls import reverse

    html = login(agent_a).get(reverse("assistant_minutes:new", args=[territory.a.pk])) \
        .content.decode()
    assert "Aucun modèle de langage n'est configuré" in html
    assert "use_model" not in html
    minutes = services.minutes_draft(actor=agent_a, collectivite=territory.a,
                                     transcript=TRANSCRIPT, session_date=dt.date(2026, 3, 12),
                                     use_model=True)
    assert minutes.mode == Minutes.Mode.EXTRACTIVE


def test_checkbox_when_a_model_is_configured(llm_server, login, agent_a, territory):
    from django.urls import reverse

    html = login(agent_a).get(reverse("assistant_minutes:new", args=[territory.a.pk])) \
        .content.decode()
    assert 'name="use_model"' in html
