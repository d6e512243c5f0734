"""OpenDocument text (ODT): ``text:h`` elements become headings at their outline level."""

from __future__ import annotations

import io
import zipfile
from xml.parsers.expat import ExpatError

from django.utils.translation import gettext as _
from odf import teletype
from odf.opendocument import load

from . import ImportFailed, Parsed, title_from


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, ExpatError):
        raise ImportFailed(_("« %(name)s » n'est pas un document OpenDocument (ODT) valide.")
                           % {"name": filename}) from None
    lines = []
    for element in _walk(document.text):
        content = " ".join(teletype.extractText(element).split())
        if not content:
            continue
        if element.qname[1] == "h":
            level = element.getAttribute("outlinelevel") or "1"
            lines.append(f"\n{'#' * min(int(level), 6)} {content}\n")
        else:
            lines.append(f"{content}\n")
    title = ""
    for meta in document.meta.childNodes:
        if meta.qname[1] == "title":
            title = teletype.extractText(meta).strip()
    return [Parsed(key=filename, title=title or title_from(filename), text="\n".join(lines))]


def _walk(node):
    """Headings and paragraphs in document order (paragraphs inside lists and tables too)."""
    for child in node.childNodes:
        name = getattr(child, "qname", (None, None))[1]
        if name in ("h", "p"):
            yield child
        elif getattr(child, "childNodes", None):
            yield from _walk(child)
