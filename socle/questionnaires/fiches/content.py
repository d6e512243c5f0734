"""Sheet files: a small ``key: value`` front matter between two ``---`` lines, then Markdown.
Rendering turns Markdown into HTML and sanitises it with nh3 (allow-list of tags and
attributes), so a sheet can never carry a script, a style or an event handler into a page."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import nh3
from django.utils.translation import gettext_lazy as _

REQUIRED_KEYS = ("title", "theme", "summary", "version")
# Themes that have sheets but no question in any referential yet (id -> label). The themes of
# the referentials come first; these are added to the allowed themes and to the theme filter.
SHEET_ONLY_THEMES = {"conseil": _("Fonctionnement du conseil municipal")}
KEY_RE = re.compile(r"^([a-z_]+):\s*(.*)$")
ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code", "pre",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"https", "http", "mailto"}


class SheetFileError(ValueError):
    """A sheet file is invalid; the message names the file."""


@dataclass(frozen=True)
class SheetFile:
    slug: str
    title: str
    theme: str
    summary: str
    version: int
    updated: str
    body_markdown: str
    content_hash: str


def parse_sheet(path: Path) -> SheetFile:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        raise SheetFileError(f"{path} : l'en-tête doit être encadré par deux lignes « --- ».")
    end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        match = KEY_RE.match(line.strip())
        if not match:
            raise SheetFileError(f"{path}, ligne {number} : attendu « clé: valeur ».")
        meta[match[1]] = match[2].strip()
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        raise SheetFileError(f"{path} : champs manquants dans l'en-tête : {', '.join(missing)}.")
    if not meta["version"].isdigit():
        raise SheetFileError(f"{path} : « version » doit être un entier.")
    body = "\n".join(lines[end + 1:]).strip() + "\n"
    return SheetFile(
        slug=path.stem, title=meta["title"], theme=meta["theme"], summary=meta["summary"],
        version=int(meta["version"]), updated=meta.get("updated", ""), body_markdown=body,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def render_markdown(text: str) -> str:
    """Markdown to sanitised HTML; the page's h1 is the sheet's title, so headings start at h2."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
