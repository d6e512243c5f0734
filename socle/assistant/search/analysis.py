"""French text analysis for lexical search: tokens, stopwords, stems, accent folding.

Stems are computed on the accented word (the Snowball French stemmer expects accents), then
folded, so "réseau", "reseaux" and "Réseaux" meet on one term whatever the spelling in the query.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+")
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")

# Common French function words (written folded: no accents), plus the elided forms. Kept short
# on purpose: content words such as "pas" or "non" can matter in an administrative question.
STOPWORDS = frozenset(
    [
        "a", "afin", "ai", "aie", "aient", "aies", "ait", "al", "alors", "as", "au", "aucun",
        "aucune", "aupres", "aura", "aurai", "auraient", "aurais", "aurait", "auras", "aurez",
        "auriez", "aurions", "aurons", "auront", "aussi", "autre", "autres", "aux", "avaient",
        "avais", "avait", "avant", "avec", "avez", "aviez", "avions", "avoir", "avons", "ayant",
        "ayez", "ayons", "c", "ca", "car", "ce", "ceci", "cela", "celle", "celles", "celui",
        "cependant", "certain", "certaine", "certaines", "certains", "ces", "cet", "cette", "ceux",
        "chaque", "chez", "ci", "comme", "comment", "d", "dans", "de", "des", "donc", "dont", "du",
        "elle", "elles", "en", "encore", "entre", "es", "est", "et", "etaient", "etais", "etait",
        "etant", "ete", "etes", "etiez", "etions", "etre", "eu", "eue", "eues", "eurent", "eus",
        "eusse", "eussent", "eut", "eux", "fait", "faites", "fut", "il", "ils", "j", "je", "jusqu",
        "l", "la", "le", "les", "leur", "leurs", "lui", "m", "ma", "mais", "me", "meme", "memes",
        "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on", "ont", "ou", "par",
        "parce", "pendant", "peu", "peut", "peuvent", "plus", "pour", "pourquoi", "puis", "qu",
        "quand", "que", "quel", "quelle", "quelles", "quels", "qui", "quoi", "s", "sa", "sans",
        "se", "sera", "serai", "seraient", "serais", "serait", "seras", "serez", "seriez",
        "serions", "serons", "seront", "ses", "si", "sien", "soi", "soient", "sois", "soit",
        "sommes", "son", "sont", "sous", "soyez", "soyons", "suis", "sur", "t", "ta", "tandis",
        "te", "tel", "telle", "telles", "tels", "tes", "toi", "ton", "tous", "tout", "toute",
        "toutes", "tres", "tu", "un", "une", "unes", "uns", "vers", "voici", "voila", "vos",
        "votre", "vous", "y"
    ]
)


def fold(text: str) -> str:
    """Lower case without accents; ligatures spelled out."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return fold(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """The index terms of ``text``: words without stopwords, stemmed and folded, in order."""
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group(0)
        if fold(word) in STOPWORDS:
            continue
        out.append(_stem(word))
    return out


def sentences(text: str) -> list[str]:
    """Split a chunk into sentences (or list items, lines), dropping empty pieces."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, term) for every word of ``text`` (stopwords included, term '' for them)."""
    spans = []
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        term = "" if fold(word) in STOPWORDS else _stem(word)
        spans.append((match.start(), match.end(), term))
    return spans
