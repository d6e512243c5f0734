"""PDF: the text layer of each page (scanned PDFs without text are refused)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from . import ImportFailed, Parsed, title_from


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    if not data.startswith(b"%PDF"):
        raise ImportFailed(_("« %(name)s » n'est pas un PDF.") % {"name": filename})
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportFailed(_("« %(name)s » est protégé par un mot de passe.")
                               % {"name": filename})
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise ImportFailed(_("« %(name)s » est un PDF illisible.") % {"name": filename}) from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ImportFailed(
            _("« %(name)s » ne contient pas de texte (PDF scanné ?) : importez une version "
              "avec une couche texte.") % {"name": filename}
        )
    return [Parsed(key=filename, title=str(title).strip() or title_from(filename), text=text,
                   metadata={"pages": len(pages)})]
