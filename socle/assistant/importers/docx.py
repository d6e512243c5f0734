"""Word documents (DOCX): "Heading N" / "Titre N" styles become headings; tables are read."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from django.utils.translation import gettext as _

from . import ImportFailed, Parsed, title_from

_LEVEL = re.compile(r"^(?:heading|titre)\s*(\d)$", re.IGNORECASE)


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFailed(_("« %(name)s » n'est pas un document Word (DOCX) valide.")
                           % {"name": filename}) from None
    lines = []
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = _LEVEL.match(style)
        if style.lower() == "title":
            lines.append(f"\n# {text}\n")
        elif level:
            lines.append(f"\n{'#' * min(int(level.group(1)), 6)} {text}\n")
        else:
            lines.append(f"{text}\n")
    for table in document.tables:
        for row in table.rows:
            cells = [" ".join(c.text.split()) for c in row.cells]
            if any(cells):
                lines.append(" | ".join(cells) + "\n")
    title = (document.core_properties.title or "").strip()
    return [Parsed(key=filename, title=title or title_from(filename), text="\n".join(lines))]
