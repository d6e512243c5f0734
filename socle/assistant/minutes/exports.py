"""The procès-verbal as a document: ODT (odfpy) and DOCX (python-docx) for the agent to finish
in LibreOffice or Word, PDF (WeasyPrint, through socle.core.documents) to read and sign."""

from __future__ import annotations

import io
import re

from socle.core.documents import render_pdf

from .models import Minutes

ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADING = re.compile(r"^(?:\d{1,2}\. \S|PROCÈS-VERBAL|Actions à suivre$|PROJET — )")


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, line): "heading" for the title and numbered sections, "paragraph" otherwise."""
    result = []
    for line in text.splitlines():
        if not line.strip():
            continue
        result.append(("heading" if HEADING.match(line) else "paragraph", line.strip()))
    return result


def odt(minutes: Minutes) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.text import H, P

    document = OpenDocumentText()
    heading = Style(name="Heading", family="paragraph")
    heading.addElement(TextProperties(fontweight="bold", fontsize="13pt"))
    heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
    document.styles.addElement(heading)
    for kind, line in blocks(minutes.text):
        if kind == "heading":
            document.text.addElement(H(outlinelevel=1, stylename=heading, text=line))
        else:
            document.text.addElement(P(text=line))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def docx(minutes: Minutes) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = minutes.title
    for kind, line in blocks(minutes.text):
        if kind == "heading":
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf(minutes: Minutes) -> bytes:
    return render_pdf("assistant_minutes/document.html",
                      {"minutes": minutes, "blocks": blocks(minutes.text)})
