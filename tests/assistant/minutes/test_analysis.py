"""Figures from transcripts: speakers, topics, key sentences, decisions, votes, actions,
attendance and quorum."""

from __future__ import annotations

import datetime as dt

import pytest

from socle.assistant.minutes import analysis, generation
from socle.assistant.minutes import attendance as roll
from socle.assistant.minutes.parsing import parse


def test_speakers_turns_words_seconds():
    turns = parse("00:00 Anne Exemple : Bonsoir à tous\n00:04 Anne Exemple : nous commençons\n"
                  "00:10 Léa Roux : Merci madame\n00:12 ANNE EXEMPLE : Bien\n")
    rows = {r["name"]: r for r in analysis.speakers(turns)}
    assert rows["Anne Exemple"] == {"name": "Anne Exemple", "turns": 2, "words": 6,
                                    "seconds": pytest.approx(10.4)}
    assert rows["Léa Roux"] == {"name": "Léa Roux", "turns": 1, "words": 2, "seconds": 2.0}


def test_seconds_are_null_without_times():
    rows = analysis.speakers(parse("Anne Exemple : Bonsoir\nLéa Roux : Merci\n"))
    assert [r["seconds"] for r in rows] == [None, None]


def test_demo_by_agenda(demo):
    data = generation.analyse(parse(demo["vtt"]), agenda=demo["ordre-du-jour.txt"],
                              attendance=demo["presences.txt"])
    assert data["segmentation"] == "agenda"
    assert [(t["title"][:30], t["start"], t["end"]) for t in data["topics"]] == [
        ("Ouverture de la séance", 0.0, 40.0),
        ("Approbation du procès-verbal d", 40.0, 78.0),
        ("Décision modificative du budge", 78.0, 194.0),
        ("Tarifs de la cantine scolaire", 194.0, 262.0),
        ("Questions diverses", 262.0, 318.0)]
    speakers = {s["name"]: s for s in data["speakers"]}
    assert speakers["Anne Exemple"]["turns"] == 7
    assert speakers["Bernard Essai"]["seconds"] == 62.0
    votes = [d["vote"] for d in data["decisions"]]
    assert votes[1] == {"for": 11, "against": 1, "abstention": 1, "unanimous": False}
    assert [v["unanimous"] for v in votes] == [True, False, True]
    assert [d["topic"][:9] for d in data["decisions"]] == ["Approbati", "Décision ",
                                                           "Tarifs de"]
    assert data["secretary"] == "Chloé Modèle" and data["president"] == "Anne Exemple"
    assert data["quorum"] == {"in_office": 15, "present": 11, "required": 8, "reached": True,
                              "proxies": 2, "voters": 13, "proxy_holders_over_limit": []}
    assert any(a["owner"] == "le secrétariat de mairie" for a in data["actions"])
    assert len(data["actions"]) == 3


def test_demo_without_agenda_follows_announcements(demo):
    data = generation.analyse(parse(demo["txt"]))
    assert data["segmentation"] == "announcements"
    assert [t["title"][:25] for t in data["topics"]] == [
        "Ouverture de la séance", "Approbation du procès-ver", "Décision modificative du ",
        "Tarifs de la cantine scol", "Questions diverses"]
    assert data["spoken_date"] == "2026-03-12"


def test_lexical_segmentation_finds_a_change_of_subject():
    budget = ("Le budget de fonctionnement prévoit des dépenses de voirie, des crédits pour "
              "l'entretien des routes et le remboursement de l'emprunt communal. ")
    school = ("La cantine de l'école accueille les élèves ; les repas, les menus et les "
              "tarifs des familles sont fixés par la commission scolaire. ")
    lines = [f"Anne Exemple : {budget}"] * 8 + [f"Léa Roux : {school}"] * 8
    topics, method = analysis.segment(parse("\n".join(lines)))
    assert method == "lexical"
    assert len(topics) >= 2
    assert any(abs(t.first - 8) <= 1 for t in topics[1:])
    assert topics[0].keywords and topics[0].title


@pytest.mark.parametrize(("text", "expected"), [
    ("Adopté à l'unanimité.", {"for": None, "against": None, "abstention": None,
                                "unanimous": True}),
    ("La délibération est adoptée par 12 voix pour, 2 contre et 1 abstention.",
     {"for": 12, "against": 2, "abstention": 1, "unanimous": False}),
    ("Adopté par douze voix pour et trois abstentions, aucune voix contre.",
     {"for": 12, "against": 0, "abstention": 3, "unanimous": False}),
    ("Pour : 10. Contre : 3. Abstentions : 2.",
     {"for": 10, "against": 3, "abstention": 2, "unanimous": False}),
])
def test_votes(text, expected):
    assert analysis.parse_vote(text) == expected


def test_no_vote_in_ordinary_sentence():
    assert analysis.parse_vote("Je suis pour un débat apaisé.") is None


def test_decisions_rejected_and_merged():
    turns = parse("Anne Exemple : Point n° 1 : le stade. Le conseil municipal décide de "
                  "rénover le stade. Adopté par 9 voix pour et 2 contre.\n"
                  "Anne Exemple : Point n° 2 : la piscine. La proposition est rejetée par "
                  "4 voix pour et 7 contre.\n")
    topics, _method = analysis.segment(turns)
    found = analysis.decisions(turns, topics)
    assert [(d["outcome"], d["vote"]["for"], d["vote"]["against"]) for d in found] == [
        ("adopté", 9, 2), ("rejeté", 4, 7)]


def test_actions_with_owner():
    turns = parse("Anne Exemple : Le secrétariat se charge de prévenir les familles. "
                  "Il faudra aussi relancer l'entreprise. Merci à tous.\n")
    topics, _ = analysis.segment(turns)
    found = analysis.actions(turns, topics)
    assert [(a["owner"], a["text"][:20]) for a in found] == [
        ("Le secrétariat", "Le secrétariat se ch"), ("", "Il faudra aussi rela")]


def test_attendance_headers_and_quorum():
    presence = roll.parse_attendance(
        "Membres en exercice : 7\nPrésents : Anne A, Bruno B, Carla C\n"
        "Absents excusés : Dora D (pouvoir à Anne A), Eric E (pouvoir à Anne A)\n"
        "Absents : Fanny F, Gilles G\nSecrétaire de séance : Bruno B\n")
    assert presence.present == ["Anne A", "Bruno B", "Carla C"]
    assert presence.excused == ["Dora D", "Eric E"]
    assert presence.absent == ["Fanny F", "Gilles G"]
    assert presence.secretary == "Bruno B"
    quorum = roll.quorum(presence)
    assert (quorum["required"], quorum["reached"]) == (4, False)
    assert quorum["proxy_holders_over_limit"] == ["Anne A"]  # L2121-20: one proxy each


def test_attendance_one_person_per_line():
    presence = roll.parse_attendance("Anne A : présente\nBruno B — absent excusé, pouvoir à "
                                     "Anne A\nCarla C : absente\nDora D : présent\n")
    assert presence.present == ["Anne A", "Dora D"]
    assert presence.absent == ["Carla C"]
    assert presence.excused == ["Bruno B"]
    assert presence.proxies == [{"from": "Bruno B", "to": "Anne A"}]
    quorum = roll.quorum(presence)
    assert (quorum["in_office"], quorum["present"], quorum["required"]) == (4, 2, 3)
    assert quorum["reached"] is False  # the majority of members in office, proxies excluded


def test_secretary_and_presidency_from_speech():
    turns = parse("M. le Maire : Je déclare la séance ouverte. Je propose que Léa Roux soit "
                  "secrétaire de séance.\nLéa Roux : J'accepte.\n")
    assert roll.secretary(turns) == "Léa Roux"
    assert roll.presidency(turns) == "M. le Maire"
    turns = parse("Anne Exemple : Séance du 3 février 2026, sous la présidence de Anne "
                  "Exemple.\n")
    assert roll.presidency(turns) == "Anne Exemple"
    assert roll.session_date(turns) == dt.date(2026, 2, 3)


def test_draft_marked_and_complete(demo):
    draft = generation.build(parse(demo["vtt"]), agenda=demo["ordre-du-jour.txt"],
                             attendance=demo["presences.txt"], collectivite_name="Alboussière",
                             session_date=dt.date(2026, 3, 12))
    assert draft.mode == "extractive"
    text = draft.text
    assert text.startswith("PROJET — À RELIRE ET VALIDER")
    for expected in ("Date de la séance : 12/03/2026", "Présidence : Anne Exemple",
                     "Pouvoirs : Denis Fictif à Bernard Essai", "quorum atteint",
                     "Secrétaire de séance : Chloé Modèle", "3. Décision modificative",
                     "Vote : 11 pour, 1 contre, 1 abstention(s)", "Actions à suivre"):
        assert expected in text
