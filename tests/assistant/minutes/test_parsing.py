"""Every accepted transcript format into segments, and the file checks (encoding, binary, size)."""

from __future__ import annotations

import pytest

from socle.assistant.minutes.parsing import (
    TranscriptError,
    decode,
    detect_format,
    is_speaker,
    parse,
    parse_bytes,
)


def test_speaker_labelled_lines_with_continuations():
    turns = parse("M. le Maire : Bonsoir.\nJe déclare la séance ouverte.\n"
                  "Mme DUPONT : Merci.\nJean-Pierre Martin : Une question.\n")
    assert [(t.speaker, t.text) for t in turns] == [
        ("M. le Maire", "Bonsoir. Je déclare la séance ouverte."),
        ("Mme DUPONT", "Merci."), ("Jean-Pierre Martin", "Une question.")]
    assert all(t.start is None and t.end is None for t in turns)


@pytest.mark.parametrize("label", ["Présents", "Ordre du jour", "Vote", "Secrétaire de séance",
                                   "Le Maire rappelle que", "Il est 20 heures, bonsoir"])
def test_field_labels_are_not_speakers(label):
    assert not is_speaker(label)


@pytest.mark.parametrize("label", ["Le Maire", "Monsieur le Maire", "Mme DUPONT", "Léa Roux",
                                   "M. d'Arbois"])
def test_names_are_speakers(label):
    assert is_speaker(label)


@pytest.mark.parametrize("line", ["00:04 Jean Martin : Bonjour à tous", "[00:04] Jean Martin : "
                                  "Bonjour à tous", "00:04 - Jean Martin : Bonjour à tous",
                                  "(00:04) Jean Martin: Bonjour à tous"])
def test_timestamp_with_or_without_separator(line):
    turns = parse(line + "\n00:10 Léa Roux : Merci\n")
    assert (turns[0].speaker, turns[0].start, turns[0].end, turns[0].text) == (
        "Jean Martin", 4.0, 10.0, "Bonjour à tous")


def test_hours_and_last_line_estimated_from_words():
    turns = parse("01:02:03 Léa Roux : un deux trois quatre cinq\n")
    assert turns[0].start == 3723.0
    assert turns[0].end == pytest.approx(3723.0 + 5 / 2.5)


def test_timestamps_without_speakers():
    turns = parse("00:00 Bonsoir à tous.\n00:05 Nous commençons.\n")
    assert [(t.speaker, t.start, t.end) for t in turns] == [("", 0.0, 5.0), ("", 5.0, 5.8)]


def test_webvtt_with_voice_tags_and_labels():
    text = ("WEBVTT\n\nNOTE fictif\n\n00:00:01.000 --> 00:00:04.500\n<v Jean Martin>Bonjour à "
            "tous.\n\n00:00:04.500 --> 00:00:07.000\nLéa Roux : Merci.\n\n"
            "00:00:07.000 --> 00:00:09.000\nEt bienvenue.\n")
    assert detect_format(text) == "vtt"
    turns = parse(text)
    assert [(t.speaker, t.start, t.end) for t in turns] == [
        ("Jean Martin", 1.0, 4.5), ("Léa Roux", 4.5, 7.0), ("Léa Roux", 7.0, 9.0)]


def test_srt_with_crlf():
    text = ("1\r\n00:00:01,000 --> 00:00:04,000\r\nJean Martin : Bonjour\r\n\r\n"
            "2\r\n00:01:05,250 --> 00:01:06,000\r\nLéa Roux : Oui\r\nsur deux lignes\r\n")
    turns = parse(text)
    assert [(t.speaker, t.start, t.end, t.text) for t in turns] == [
        ("Jean Martin", 1.0, 4.0, "Bonjour"), ("Léa Roux", 65.25, 66.0, "Oui sur deux lignes")]


def test_cue_announcing_the_next_point_is_split():
    turns = parse("00:00 Anne Exemple : Le budget est adopté. Point n° 2 : la cantine scolaire "
                  "et ses tarifs.\n00:10 Léa Roux : Merci.\n")
    assert [t.text for t in turns[:2]] == ["Le budget est adopté.",
                                           "Point n° 2 : la cantine scolaire et ses tarifs."]
    assert turns[0].start == 0.0 and turns[1].end == 10.0
    assert turns[0].end == turns[1].start


def test_decode_bom_latin1_and_binary():
    assert decode("\ufeffJean : été".encode()) == "Jean : été"
    assert decode("Jean : été".encode("cp1252")) == "Jean : été"
    assert decode("Jean : été".encode("utf-16")) == "Jean : été"
    with pytest.raises(TranscriptError, match="pas du texte"):
        decode(b"%PDF-1.7\x00\x01\x02binary")


def test_size_limit(settings):
    settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES = 10
    with pytest.raises(TranscriptError, match="trop volumineux"):
        parse_bytes(b"Jean Martin : bonjour tout le monde")


def test_empty_and_malformed():
    with pytest.raises(TranscriptError, match="vide"):
        parse("\n  \n")
    with pytest.raises(TranscriptError, match="aucun sous-titre lisible"):
        parse("WEBVTT\n\n00:00:01.000 --> nonsense\ntext\n")
