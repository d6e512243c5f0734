"""Key sentences of a passage for a query, and <mark> around the query's words."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import analysis

MAX_SENTENCE = 320


def key_sentences(text: str, query: str, *, count: int = 3) -> list[str]:
    """Up to ``count`` sentences of ``text`` containing the most distinct query terms, in reading
    order; the opening sentences when none contains a query term (a purely semantic match)."""
    wanted = set(analysis.terms(query))
    pieces = analysis.sentences(text)
    scored = []
    for position, sentence in enumerate(pieces):
        found = len(wanted & set(analysis.terms(sentence))) if wanted else 0
        if found:
            scored.append((found, position))
    if scored:
        best = sorted(scored, key=lambda item: (-item[0], item[1]))[:count]
        chosen = [pieces[position] for _, position in sorted(best, key=lambda item: item[1])]
    else:
        chosen = pieces[:min(count, 2)]
    return [_shorten(s, wanted) for s in chosen]


def _shorten(sentence: str, wanted: set[str]) -> str:
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    start = 0
    for begin, _end, term in analysis.word_spans(sentence):
        if term and term in wanted:
            start = max(0, begin - 80)
            break
    piece = sentence[start:start + MAX_SENTENCE]
    return ("… " if start else "") + piece.strip() + " …"


def mark(text: str, query: str) -> SafeString:
    """``text`` escaped, with each word sharing a term with ``query`` wrapped in <mark>."""
    wanted = set(analysis.terms(query))
    out, last = [], 0
    for begin, end, term in analysis.word_spans(text):
        if term and term in wanted:
            out.append(escape(text[last:begin]))
            out.append(f"<mark>{escape(text[begin:end])}</mark>")
            last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece of text is escaped above
