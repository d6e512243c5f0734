"""Reading a home page's HTML into PageFacts: third-party hosts, known trackers, and the links
to the accessibility statement and the legal notice.

Parsing only: nothing the page references is fetched (no request ever goes to a third party).
Only the first ``PARSE_LIMIT`` bytes are parsed, so a huge page costs a bounded time.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.parse
from functools import cache

from socle.diagnostic.data import DATA_DIR
from socle.diagnostic.facts import PageFacts

PARSE_LIMIT = 512 * 1024
MAX_HOSTS = 50  # evidence stays readable; more hosts than this is noted as "…"
# Elements whose attribute makes the browser load something as soon as the page opens.
LOADING = {
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LINK_LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "preconnect",  # opens a connection: the visitor's address reaches the host
}
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Names that appear as URLs in inline code without being loaded (namespaces, vocabularies).
NOT_LOADED = {"www.w3.org", "schema.org", "ogp.me", "purl.org", "xmlns.com"}
URL_IN_TEXT = re.compile(
    r"""(?:https?:)?//([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+)""", re.I
)
CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
LEVEL = re.compile(r"\b(non|partiellement|totalement)\s+conforme")


@cache
def trackers() -> tuple[dict, ...]:
    raw = json.loads((DATA_DIR / "trackers.json").read_text(encoding="utf-8"))
    return tuple(raw["trackers"])


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def plain(text: str) -> str:
    """Lower case, accents removed, spaces (and non-breaking ones) collapsed: for matching."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'")
    return " ".join(text.split())


def _host(value: str, base: str) -> str:
    value = (value or "").strip()
    if not value or value.startswith(("data:", "javascript:", "mailto:", "tel:", "#", "blob:")):
        return ""
    try:
        host = urllib.parse.urlsplit(urllib.parse.urljoin(base, value)).hostname or ""
        return host.encode("idna").decode("ascii").lower().rstrip(".")
    except (ValueError, UnicodeError):
        return ""


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split(" ")[0] for part in (value or "").split(",") if part.strip()]


def parse(body: bytes, *, url: str, first_party: list[str], content_type: str = "") -> PageFacts:
    """PageFacts of a home page read at ``url``; ``first_party`` lists the collectivité's domains
    (a host under one of them is not a third party)."""
    import lxml.etree
    import lxml.html

    page = PageFacts(url=url, size=len(body), truncated=len(body) > PARSE_LIMIT)
    kind = content_type.split(";")[0].strip().lower()
    if kind and kind not in ("text/html", "application/xhtml+xml"):
        page.error = f"la page d'accueil n'est pas du HTML ({kind})"
        return page
    text = decode(body[:PARSE_LIMIT], content_type).replace("\x00", "")
    text = XML_DECLARATION.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text) if text.strip() else None
    except (lxml.etree.ParserError, ValueError) as exc:
        page.error = f"page d'accueil illisible ({exc})"
        return page
    elements = [e for e in root.iter() if isinstance(e.tag, str)] if root is not None else []
    own = [d for d in first_party if d]
    page_host = _host(url, url)
    if page_host:
        own.append(page_host.removeprefix("www."))
    hosts: dict[str, None] = {}
    for element in elements:
        name = element.tag.lower()
        if name == "script" and _script_type(element) not in SCRIPT_TYPES:
            continue  # JSON-LD, templates, or a tag held back until consent (type="text/plain")
        values: list[str] = []
        for attribute in LOADING.get(name, ()):
            raw = element.get(attribute)
            if raw:
                values += _srcset_urls(raw) if attribute == "srcset" else [raw]
        if name == "link":
            rels = set((element.get("rel") or "").lower().split())
            if rels & LINK_LOADING_RELS:
                values.append(element.get("href") or "")
        if name in ("script", "style") and not element.get("src"):
            values += ["//" + h for h in URL_IN_TEXT.findall(element.text or "")]
        if element.get("style"):
            values += ["//" + h for h in URL_IN_TEXT.findall(element.get("style"))]
        for value in values:
            host = _host(value, url)
            if host and host not in NOT_LOADED and not any(_under(host, d) for d in own):
                hosts.setdefault(host, None)
        if name == "a":
            _read_link(page, element)
    page.third_party_hosts = sorted(hosts)
    for host in page.third_party_hosts:
        known = next((t for t in trackers() if _under(host, t["domain"])), None)
        if known:
            page.trackers.append({**known, "host": host})
    return page


def decode(body: bytes, content_type: str = "") -> str:
    """The page as text: the charset of the header, else of a <meta> near the top, else UTF-8
    when it decodes (a multi-byte character cut by the parse limit is tolerated), else
    Windows-1252 (what browsers assume for Latin-1 pages)."""
    for found in (
        CHARSET.search(content_type),
        CHARSET.search(body[:4096].decode("ascii", "ignore")),
    ):
        if found:
            try:
                return body.decode(found.group(1).strip("\"'"), errors="replace")
            except LookupError:
                break  # unknown encoding name: guess below
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # the limit cut a character in two
            return body[: exc.start].decode("utf-8", errors="replace")
        return body.decode("cp1252", errors="replace")


def _script_type(element) -> str:
    raw = element.get("type") or ""
    return raw.split(";")[0].strip().lower()


def _read_link(page: PageFacts, link) -> None:
    visible = " ".join(link.itertext())
    text = " ".join([visible, link.get("title") or "", link.get("aria-label") or ""])
    words, href = plain(text), plain(urllib.parse.unquote(link.get("href") or ""))
    shown = visible.strip() or link.get("title") or link.get("aria-label") or ""
    label = " ".join(shown.split())[:120] or href[:120]
    if "accessibilit" in words or "accessibilite" in href or "accessibility" in href:
        page.accessibility_links.append(label)
        level = LEVEL.search(words)
        if level and not page.accessibility_level:
            page.accessibility_level = level.group(1)
    squeezed = re.sub(r"[^a-z]", "", href)
    if re.search(r"mentions? legales?", words) or "mentionslegale" in squeezed:
        page.legal_notice_links.append(label)
