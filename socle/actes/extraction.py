"""Text out of an uploaded act: PDF (pypdf), DOCX (python-docx), ODT (odfpy) or plain text.

Every refusal is an ``ExtractionError`` with a French message for the agent, raised before
anything is stored: too big, too many pages, encrypted, corrupted or truncated, a type that does
not match its extension (magic bytes), a scanned PDF without a text layer, an unknown encoding."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 200
CHARS_PER_PAGE = 3000  # a page of an office document, to apply the page limit to DOCX/ODT/text
EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".txt": "txt"}
ODT_MIME = b"application/vnd.oasis.opendocument.text"


class ExtractionError(ValueError):
    """The file cannot become an act; the message says why, in French."""


@dataclass(frozen=True)
class Extracted:
    text: str
    file_format: str
    pages: int | None = None
    encoding: str = ""


def max_bytes() -> int:
    return int(getattr(settings, "SOCLE_ACTES_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_pages() -> int:
    return int(getattr(settings, "SOCLE_ACTES_MAX_PAGES", DEFAULT_MAX_PAGES))


def extract(data: bytes, filename: str) -> Extracted:
    if len(data) > max_bytes():
        raise ExtractionError(_("Fichier trop volumineux : %(size)s Mo pour %(limit)s Mo au plus.")
                              % {"size": round(len(data) / 1048576, 1),
                                 "limit": round(max_bytes() / 1048576, 1)})
    if not data:
        raise ExtractionError(_("Le fichier est vide."))
    kind = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise ExtractionError(_("Format non pris en charge : déposez un PDF, un DOCX, un ODT "
                                "ou un fichier texte (.txt)."))
    _check_magic(data, kind)
    extracted = {"pdf": _pdf, "docx": _docx, "odt": _odt, "txt": _plain_text}[kind](data)
    if not extracted.text.strip():
        raise ExtractionError(_("Le document ne contient aucun texte."))
    if extracted.pages is None and len(extracted.text) > max_pages() * CHARS_PER_PAGE:
        raise ExtractionError(_("Document trop long : plus de %(pages)s pages.")
                              % {"pages": max_pages()})
    return extracted


def _check_magic(data: bytes, kind: str) -> None:
    """The content must be what the extension says (a renamed file is refused)."""
    is_pdf, is_zip = data.startswith(b"%PDF-"), data.startswith(b"PK\x03\x04")
    expected = {"pdf": is_pdf, "docx": is_zip, "odt": is_zip,
                "txt": not (is_pdf or is_zip) and b"\x00" not in data[:8192]}
    if not expected[kind]:
        raise ExtractionError(_("Le contenu du fichier ne correspond pas à son extension "
                                "« .%(ext)s » : vérifiez le fichier ou son nom.") % {"ext": kind})


def _pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError(_("PDF tronqué ou corrompu (fin de fichier absente) : "
                                "déposez le fichier complet."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ExtractionError(_("PDF protégé par un mot de passe ou chiffré : déposez une "
                                    "version sans protection."))
        count = len(reader.pages)
        if count > max_pages():
            raise ExtractionError(_("Document trop long : %(count)s pages pour %(limit)s au "
                                    "plus.") % {"count": count, "limit": max_pages()})
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ExtractionError(_("PDF illisible ou corrompu : déposez à nouveau le fichier "
                                "exporté depuis votre logiciel.")) from exc
    text = "\n\n".join(p.strip() for p in pages).strip()
    if not text:
        raise ExtractionError(_("Ce PDF ne contient pas de texte (document numérisé ?) : "
                                "déposez la version exportée par votre traitement de texte, "
                                "ou passez-le d'abord dans un logiciel de reconnaissance de "
                                "caractères (OCR)."))
    return Extracted(text=text, file_format="pdf", pages=count)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        bad = archive.testzip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ExtractionError(_("Fichier corrompu ou tronqué : l'archive du document est "
                                "illisible.")) from exc
    if bad is not None:
        raise ExtractionError(_("Fichier corrompu : une partie du document est illisible."))
    return archive


def _docx(data: bytes) -> Extracted:
    import docx

    archive = _open_zip(data)
    if "word/document.xml" not in archive.namelist():
        raise ExtractionError(_("Ce fichier n'est pas un document Word (DOCX)."))
    try:
        document = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ExtractionError(_("Document Word illisible ou corrompu.")) from exc
    except Exception as exc:  # lxml and opc errors: any failure to parse is a corrupted file
        raise ExtractionError(_("Document Word illisible ou corrompu.")) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ; ".join(cell.text for cell in row.cells))
    return Extracted(text="\n".join(lines).strip(), file_format="docx")


def _odt(data: bytes) -> Extracted:
    from odf import teletype, text
    from odf.opendocument import load

    archive = _open_zip(data)
    if "mimetype" not in archive.namelist() or archive.read("mimetype").strip() != ODT_MIME:
        raise ExtractionError(_("Ce fichier n'est pas un texte OpenDocument (ODT)."))
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises xml and key errors of many kinds on bad content
        raise ExtractionError(_("Document ODT illisible ou corrompu.")) from exc
    lines = [teletype.extractText(node)
             for node in document.text.getElementsByType(text.P)
             + document.text.getElementsByType(text.H)]
    return Extracted(text="\n".join(lines).strip(), file_format="odt")


def _plain_text(data: bytes) -> Extracted:
    """UTF-8 (with or without BOM), else Windows-1252 when it decodes cleanly (no undefined
    byte, no control character); anything else is refused rather than guessed."""
    for encoding, label in (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (avec BOM)")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and text.startswith("\ufeff"):
            continue
        return Extracted(text=text, file_format="txt", encoding=label)
    try:
        decoded = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ExtractionError(_("Encodage du texte inconnu : enregistrez le fichier en UTF-8."))\
            from exc
    if any(ord(c) < 32 and c not in "\t\r\n\f" for c in decoded):
        raise ExtractionError(_("Encodage du texte inconnu : enregistrez le fichier en UTF-8."))
    return Extracted(text=decoded, file_format="txt", encoding="Windows-1252")
