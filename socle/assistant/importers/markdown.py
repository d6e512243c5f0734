"""Markdown, with an optional front matter block (``---`` lines, ``key: value`` pairs)."""

from __future__ import annotations

import re

from . import Parsed, decode, title_from

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")


def split_front_matter(source: str) -> tuple[dict, str]:
    if not source.startswith("---"):
        return {}, source
    parts = source.split("\n")
    try:
        end = next(i for i, line in enumerate(parts[1:], start=1) if line.strip() == "---")
    except StopIteration:
        return {}, source
    meta = {}
    for line in parts[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t", "-")):
            meta[key.strip()] = value.strip().strip("\"'")
    return meta, "\n".join(parts[end + 1:])


def clean_inline(text: str) -> str:
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text))


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    meta, body = split_front_matter(decode(data, filename))
    title = meta.pop("title", "") or ""
    if not title:
        first = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
        title = first.group(1).strip() if first else title_from(filename)
    url = meta.pop("url", "")
    return [Parsed(key=meta.get("id") or filename, title=clean_inline(title),
                   text=clean_inline(body), url=url, metadata=meta)]
