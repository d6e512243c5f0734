"""Plain text: paragraphs separated by blank lines; "Article N" lines still split passages."""

from __future__ import annotations

from . import Parsed, decode, title_from


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    text = decode(data, filename)
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0].strip()[:200] if lines and len(lines[0]) < 150 else title_from(filename)
    return [Parsed(key=filename, title=title, text=text)]
