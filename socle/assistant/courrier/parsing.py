"""A letter out of an uploaded file: an e-mail (.eml), plain text (.txt) or a PDF with a text
layer. Every refusal is a ``ParseError`` with a French message, raised before anything is stored.
"""

from __future__ import annotations

import datetime
import email
import email.policy
import email.utils
import io
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

MAX_PDF_PAGES = 50
EXTENSIONS = (".eml", ".txt", ".pdf")


class ParseError(ValueError):
    """The file cannot become a letter; the message says why, in French."""


@dataclass(frozen=True)
class Parsed:
    body: str
    subject: str = ""
    sender_name: str = ""
    sender_email: str = ""
    received_on: datetime.date | None = None
    file_format: str = ""
    encoding: str = ""


def max_bytes() -> int:
    return int(settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES)


def parse(data: bytes, filename: str) -> Parsed:
    if len(data) > max_bytes():
        raise ParseError(_("Fichier trop volumineux : %(size)s Mo pour %(limit)s Mo au plus.")
                         % {"size": round(len(data) / 1048576, 1),
                            "limit": round(max_bytes() / 1048576, 1)})
    if not data.strip():
        raise ParseError(_("Le fichier est vide."))
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ParseError(_("Format non pris en charge : déposez un e-mail (.eml), un fichier "
                           "texte (.txt) ou un PDF."))
    is_pdf = data.startswith(b"%PDF-")
    if (suffix == ".pdf") != is_pdf or (b"\x00" in data[:8192] and not is_pdf):
        raise ParseError(_("Le contenu du fichier ne correspond pas à son extension : "
                           "vérifiez le fichier ou son nom."))
    parsed = {".eml": _eml, ".txt": _txt, ".pdf": _pdf}[suffix](data)
    if not parsed.body.strip():
        raise ParseError(_("Le fichier ne contient aucun texte lisible (un courrier scanné "
                           "doit d'abord être reconnu par OCR, ou collez son texte)."))
    return parsed


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252/Latin-1; returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1"


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _txt(data: bytes) -> Parsed:
    text, encoding = decode_text(data)
    return Parsed(body=_clean(text), file_format="txt", encoding=encoding)


def html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return _clean(soup.get_text("\n"))


def _part_text(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeDecodeError):  # unknown or lying charset
        raw = part.get_payload(decode=True) or b""
        return decode_text(raw)[0]


def _eml(data: bytes) -> Parsed:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.keys():
        raise ParseError(_("Ce fichier n'est pas un e-mail lisible (.eml)."))
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if plain is not None:
        body = _clean(_part_text(plain))
    elif html is not None:
        body = html_to_text(_part_text(html))
    else:
        body = ""
    name, address = email.utils.parseaddr(str(message.get("From", "")))
    received = None
    if message.get("Date"):
        try:
            received = email.utils.parsedate_to_datetime(str(message["Date"])).date()
        except (TypeError, ValueError):
            received = None
    return Parsed(body=body, subject=str(message.get("Subject", "")).strip()[:300],
                  sender_name=name.strip()[:200], sender_email=address.strip()[:254],
                  received_on=received, file_format="eml")


def _pdf(data: bytes) -> Parsed:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError(_("PDF protégé par un mot de passe : déposez une version non "
                               "protégée."))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ParseError(_("PDF trop long : plus de %(pages)s pages.")
                             % {"pages": MAX_PDF_PAGES})
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, ParseError):
            raise
        raise ParseError(_("PDF illisible ou corrompu.")) from error
    return Parsed(body=_clean(text), file_format="pdf")
