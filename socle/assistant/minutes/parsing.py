"""Transcripts into speaker turns. Accepted: plain text, speaker-labelled lines
(``Prénom Nom : texte``, ``M. le Maire : …``, ``Mme DUPONT : …``), timestamped lines (``00:04``,
``01:02:03``, ``[00:04]``, with or without a separator before the text), WebVTT (voice tags
``<v Nom>`` included) and SRT.

The parser returns *segments* (one cue, one timestamped or labelled line, with its continuation
lines); a *turn* is a maximal run of consecutive segments by the same speaker (counted in
``analysis.speakers``): two cues of one speaker in a row are one turn. Times are seconds from
the start of the recording, or None when the transcript has none. Pure functions; nothing here
touches the database."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# Speaking rate used to estimate the length of the last timestamped line (no next time to end
# it): 150 words a minute, the usual figure for French public speech.
WORDS_PER_SECOND = 2.5


class TranscriptError(ValueError):
    """The file cannot be read as a transcript; the message is for the user, in French."""


@dataclass(frozen=True)
class Segment:
    speaker: str  # "" when the transcript does not say who speaks
    start: float | None
    end: float | None
    text: str

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))


WORD = re.compile(r"[\w’'-]+")
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
TIMESTAMPED = re.compile(
    rf"^\s*[\[(]?(?P<time>{TIME})[\])]?(?:\s*(?:-->|–>)\s*[\[(]?(?P<end>{TIME})[\])]?)?"
    rf"(?:\s*[-–—|:>]\s*|\s+|$)(?P<rest>.*)$")
LABELLED = re.compile(r"^\s*(?:[-–—•*]\s*)?(?P<speaker>[^:\n]{1,60}?)\s*:\s*(?P<text>\S.*)?$")
TITLES = r"(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Me|Pr)"
PARTICLES = {"le", "la", "les", "de", "du", "des", "d'", "l'", "d’", "l’", "van", "von", "et"}
# Labels that look like a name but introduce something else in minutes and attendance lists.
NOT_SPEAKERS = {
    "présents", "présent", "présentes", "absents", "absent", "absentes", "excusés", "excusé",
    "pouvoir", "pouvoirs", "procuration", "procurations", "vote", "votes", "pour", "contre",
    "abstention", "abstentions", "décision", "objet", "date", "lieu", "note", "remarque",
    "question", "questions", "réponse", "ordre", "point", "article", "annexe", "séance",
    "quorum", "votants", "exprimés", "résultat", "total", "rapporteur", "rapporteure",
    "délibération", "heure", "début", "fin", "nb", "ps", "nota", "webvtt", "kind", "language",
    "note bene", "style", "region", "http", "https",
}
MAX_SPEAKER_WORDS = 6


def max_bytes() -> int:
    return settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 / Latin-1.
    Binary files (NUL bytes, control characters) are refused with a French message."""
    if len(data) > max_bytes():
        raise TranscriptError(_("Fichier trop volumineux : %(size)s Mo pour %(limit)s Mo au plus.")
                              % {"size": round(len(data) / 1048576, 1),
                                 "limit": round(max_bytes() / 1048576, 1)})
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TranscriptError(_("Fichier UTF-16 illisible.")) from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or (sample and controls / len(sample) > 0.01):
        raise TranscriptError(_("Ce fichier n'est pas du texte : déposez une transcription en "
                                "texte brut (.txt), WebVTT (.vtt) ou SRT (.srt)."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def seconds(value: str) -> float:
    """``01:02:03`` (h:m:s), ``02:03`` (m:s), with optional ``.mmm`` or ``,mmm``."""
    parts = value.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def clean_speaker(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip(" \t-–—•*").strip()


def is_speaker(label: str) -> bool:
    """Whether the text before a colon names a person (``Jean Martin``, ``M. le Maire``,
    ``Mme DUPONT``, ``Le Maire``) rather than a field (``Présents``, ``Ordre du jour``)."""
    label = clean_speaker(label)
    if not label or len(label) > 60 or label.casefold() in NOT_SPEAKERS:
        return False
    if re.search(r"[0-9?!;,«»\"()\[\]/=<>]", label):
        return False
    words = label.split()
    if len(words) > MAX_SPEAKER_WORDS:
        return False
    named = 0
    for index, word in enumerate(words):
        if re.fullmatch(TITLES, word):
            continue
        if re.fullmatch(r"[dl][’'][A-ZÀ-Ý].*", word):
            named += 1
            continue
        if word.casefold() in PARTICLES or re.fullmatch(r"[dl][’']\w.*", word, re.I):
            if index == 0 and word[0].islower():
                return False
            continue
        if not word[0].isupper():
            return False
        named += 1
    return named > 0 and words[0].casefold() not in NOT_SPEAKERS


def _split_label(text: str) -> tuple[str | None, str]:
    match = LABELLED.match(text)
    if match and is_speaker(match["speaker"]):
        return clean_speaker(match["speaker"]), (match["text"] or "").strip()
    return None, text.strip()


@dataclass
class _Raw:
    speaker: str | None
    start: float | None
    end: float | None
    text: str


def _plain_segments(text: str) -> list[_Raw]:
    segments: list[_Raw] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        start = end = None
        body = line
        match = TIMESTAMPED.match(line)
        if match:
            start = seconds(match["time"])
            end = seconds(match["end"]) if match["end"] else None
            body = match["rest"]
        speaker, body = _split_label(body)
        if start is None and speaker is None and segments:
            segments[-1].text = f"{segments[-1].text} {body}".strip()  # continuation line
            continue
        segments.append(_Raw(speaker, start, end, body))
    return segments


def _caption_segments(text: str, fmt: str) -> list[_Raw]:
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=fmt).captions
    except (MalformedFileError, ValueError, IndexError) as error:
        raise TranscriptError(_("Fichier %(fmt)s mal formé : %(error)s")
                              % {"fmt": fmt.upper(), "error": error}) from error
    if not captions:
        raise TranscriptError(_("Fichier %(fmt)s mal formé : aucun sous-titre lisible "
                                "(horodatages « 00:00:01.000 --> 00:00:04.000 » attendus).")
                              % {"fmt": fmt.upper()})
    segments = []
    for caption in captions:
        body = " ".join(line.strip() for line in caption.text.splitlines() if line.strip())
        speaker = getattr(caption, "voice", None)
        if not speaker:
            speaker, body = _split_label(body)
        start = caption.start_time.in_seconds() + caption.start_time.milliseconds / 1000
        end = caption.end_time.in_seconds() + caption.end_time.milliseconds / 1000
        segments.append(_Raw(clean_speaker(speaker) if speaker else None, start, end, body))
    return segments


def detect_format(text: str) -> str:
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if re.match(r"\d+\s*\n\s*\d{1,2}:\d{2}:\d{2},\d{3}\s*-->", head):
        return "srt"
    return "txt"


ANNOUNCEMENT = re.compile(
    r"(?<=[.!?…])\s+(?=(?:Point n[°o]|Point numéro|Je passe au point|Nous passons au point|"
    r"Passons au point|J'appelle le point|Point suivant|Questions diverses|"
    r"Nous en venons au point))")


def _split_announcements(segment: _Raw) -> list[_Raw]:
    """A cue that ends one agenda item and opens the next ("… adopté. Point n° 2 : …") becomes
    two segments, its time shared in proportion to the words."""
    pieces = [p for p in ANNOUNCEMENT.split(segment.text) if p.strip()]
    if len(pieces) < 2:
        return [segment]
    if segment.start is None or segment.end is None:
        return [_Raw(segment.speaker, None, None, p) for p in pieces]
    total = sum(len(WORD.findall(p)) for p in pieces) or 1
    result, at = [], segment.start
    for piece in pieces:
        length = (segment.end - segment.start) * len(WORD.findall(piece)) / total
        result.append(_Raw(segment.speaker, round(at, 2), round(at + length, 2), piece))
        at += length
    result[-1].end = segment.end
    return result


def _finish(raw: list[_Raw]) -> list[Segment]:
    """Unlabelled segments continue the previous speaker when the transcript labels speakers at
    all; a timestamped segment without an end time ends where the next begins (the last one
    after its words at 150 words a minute)."""
    labelled = any(s.speaker for s in raw)
    for index, segment in enumerate(raw):
        if segment.start is not None and segment.end is None:
            following = next((s.start for s in raw[index + 1:] if s.start is not None), None)
            if following is not None and following >= segment.start:
                segment.end = following
            else:
                words = len(WORD.findall(segment.text))
                segment.end = segment.start + round(words / WORDS_PER_SECOND, 1)
    result: list[Segment] = []
    current = ""
    for segment in raw:
        if segment.speaker:
            current = segment.speaker
        if not segment.text:
            continue
        for piece in _split_announcements(segment):
            result.append(Segment(current if labelled else "", piece.start, piece.end,
                                  piece.text))
    return result


def parse(text: str) -> list[Segment]:
    """Any accepted transcript text to turns."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fmt = detect_format(text)
    segments = _plain_segments(text) if fmt == "txt" else _caption_segments(text, fmt)
    turns = _finish(segments)
    if not turns:
        raise TranscriptError(_("La transcription est vide."))
    return turns


def parse_bytes(data: bytes) -> tuple[str, list[Segment]]:
    text = decode(data)
    return text, parse(text)


def has_times(turns: list[Segment]) -> bool:
    return any(t.start is not None for t in turns)
