"""Cut a document's text into passages for search.

The text comes from an importer in a light Markdown form: ``#`` lines are headings, blank lines
separate paragraphs. Passages never straddle a heading or an "Article N" line (legal texts), carry
their heading path ("Sauvegardes > Comment faire"), and are packed up to ~300 words, with the last
sentence repeated at the start of the next passage of the same section so a sentence cut at the
boundary is still found whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .search.analysis import sentences

MAX_WORDS = 300
MIN_WORDS = 200       # a passage is closed past this size at a paragraph boundary
OVERLAP_WORDS = 40    # at most this much text is repeated from one passage to the next
SEPARATOR = " > "

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_ARTICLE = re.compile(
    r"^\s*\**\s*(Article\s+(?:premier|1er|unique|[LRDA]\.?\s*)?\d+[\w\-.]*)", re.IGNORECASE
)
ARTICLE_LEVEL = 7


@dataclass
class Passage:
    heading: str
    text: str
    metadata: dict = field(default_factory=dict)


@dataclass
class _Section:
    path: list[str]
    paragraphs: list[str] = field(default_factory=list)
    article: str = ""


def _sections(text: str) -> list[_Section]:
    stack: list[tuple[int, str]] = []
    sections = [_Section(path=[])]
    paragraph: list[str] = []

    def flush():
        if paragraph:
            sections[-1].paragraphs.append(" ".join(paragraph).strip())
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        article = None if heading else _ARTICLE.match(line)
        if heading or article:
            flush()
            level = len(heading.group(1)) if heading else ARTICLE_LEVEL
            title = heading.group(2).strip() if heading else article.group(1).strip()
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
            sections.append(_Section(path=[t for _, t in stack],
                                     article=title if article else ""))
            if article:
                paragraph.append(line)
            continue
        if not line:
            flush()
        elif _is_list_item(line):
            flush()
            paragraph.append(line)
        else:
            paragraph.append(line)
    flush()
    return [s for s in sections if s.paragraphs]


def _is_list_item(line: str) -> bool:
    return bool(re.match(r"^([-*•]|\d+[.)])\s+", line))


def _words(text: str) -> int:
    return len(text.split())


def _pieces(paragraph: str) -> list[str]:
    """A paragraph, or its sentences (then word windows) when it alone is too long."""
    if _words(paragraph) <= MAX_WORDS:
        return [paragraph]
    out = []
    for sentence in sentences(paragraph):
        words = sentence.split()
        for start in range(0, len(words), MAX_WORDS):
            out.append(" ".join(words[start:start + MAX_WORDS]))
    return out


def chunk_text(text: str, *, metadata: dict | None = None) -> list[Passage]:
    """The passages of ``text``, in reading order."""
    passages: list[Passage] = []
    for section in _sections(text):
        heading = SEPARATOR.join(section.path)
        meta = dict(metadata or {})
        if section.article:
            meta["article"] = section.article
        current: list[str] = []
        size = 0
        for paragraph in section.paragraphs:
            for piece in _pieces(paragraph):
                count = _words(piece)
                if current and (size + count > MAX_WORDS or size >= MIN_WORDS):
                    passages.append(Passage(heading, "\n".join(current), dict(meta)))
                    tail = _overlap(current[-1])
                    current, size = ([tail], _words(tail)) if tail else ([], 0)
                current.append(piece)
                size += count
        if current:
            passages.append(Passage(heading, "\n".join(current), dict(meta)))
    return passages


def _overlap(previous: str) -> str:
    last = sentences(previous)[-1:] or [""]
    tail = last[0]
    return tail if 0 < _words(tail) <= OVERLAP_WORDS and tail != previous else ""
