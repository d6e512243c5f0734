"""Importers: one module per format, each exposing ``parse(data, *, filename) -> list[Parsed]``.

Registered in :data:`KINDS` (kind → dotted path). Every importer returns text in a light Markdown
form (``#`` headings, blank lines between paragraphs) that :mod:`socle.assistant.chunking` cuts.
Errors are :class:`ImportFailed` with a French message for the user.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

KINDS = {
    "markdown": "socle.assistant.importers.markdown",
    "html": "socle.assistant.importers.html",
    "pdf": "socle.assistant.importers.pdf",
    "docx": "socle.assistant.importers.docx",
    "odt": "socle.assistant.importers.odt",
    "text": "socle.assistant.importers.text",
    "json": "socle.assistant.importers.jsonlist",
    "fiche_vdd": "socle.assistant.importers.fiche_vdd",
}
EXTENSIONS = {
    ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".docx": "docx", ".odt": "odt", ".txt": "text", ".text": "text", ".json": "json",
}
ACCEPT = ",".join(EXTENSIONS)


class ImportFailed(Exception):
    """The file cannot be imported; ``str(exc)`` is a French message for the user."""


@dataclass
class Parsed:
    key: str            # stable identity across re-imports (URL, record id, file name)
    title: str
    text: str           # light Markdown
    url: str = ""
    metadata: dict = field(default_factory=dict)


def decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            _("« %(name)s » n'est pas un texte encodé en UTF-8 : enregistrez-le en UTF-8 et "
              "recommencez.") % {"name": filename}
        ) from None


def title_from(filename: str) -> str:
    return PurePath(filename).stem.replace("_", " ").replace("-", " ").strip() or filename


def guess_kind(filename: str, data: bytes) -> str:
    """The format of an upload from its extension (a JSON file: list or fiche, by its content)."""
    kind = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise ImportFailed(
            _("Format non pris en charge pour « %(name)s ». Formats acceptés : %(formats)s.")
            % {"name": filename, "formats": ", ".join(sorted(EXTENSIONS))}
        )
    if kind == "json":
        try:
            payload = json.loads(decode(data, filename))
        except json.JSONDecodeError:
            raise ImportFailed(
                _("« %(name)s » n'est pas un fichier JSON valide.") % {"name": filename}
            ) from None
        if isinstance(payload, dict) and isinstance(payload.get("children"), list):
            return "fiche_vdd"
    return kind


def parse(data: bytes, *, filename: str, kind: str | None = None) -> list[Parsed]:
    """Documents found in one uploaded file; raises :class:`ImportFailed`."""
    limit = settings.SOCLE_ASSISTANT_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ImportFailed(
            _("« %(name)s » dépasse la taille maximale (%(max)s Mo).")
            % {"name": filename, "max": limit // (1024 * 1024)}
        )
    if not data:
        raise ImportFailed(_("« %(name)s » est vide.") % {"name": filename})
    kind = kind or guess_kind(filename, data)
    if kind not in KINDS:
        raise ImportFailed(_("Format inconnu : %(kind)s.") % {"kind": kind})
    module = importlib.import_module(KINDS[kind])
    documents = module.parse(data, filename=filename)
    documents = [d for d in documents if d.text.strip()]
    if not documents:
        raise ImportFailed(
            _("Aucun texte n'a pu être extrait de « %(name)s ».") % {"name": filename}
        )
    return documents
