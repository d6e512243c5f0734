"""HTML pages: headings become ``#`` lines, scripts, styles and navigation are dropped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from . import Parsed, decode, title_from

BLOCKS = ("p", "li", "td", "th", "pre", "blockquote", "dd", "dt", "figcaption")
HEADINGS = {f"h{n}": n for n in range(1, 7)}


def html_to_text(soup) -> str:
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "template"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines = []
    for element in root.find_all(list(HEADINGS) + list(BLOCKS)):
        if element.find_parent(list(BLOCKS)) is not None and element.name in BLOCKS:
            continue  # text already taken with its enclosing block
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text:
            continue
        if element.name in HEADINGS:
            lines.append(f"\n{'#' * HEADINGS[element.name]} {text}\n")
        elif element.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(f"{text}\n")
    return "\n".join(lines)


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    soup = BeautifulSoup(decode(data, filename), "lxml")
    title_tag = soup.find("title") or soup.find("h1")
    title = " ".join(title_tag.get_text(" ", strip=True).split()) if title_tag else ""
    canonical = soup.find("link", rel="canonical")
    url = canonical.get("href", "") if canonical else ""
    if not url.startswith(("http://", "https://")):
        url = ""
    return [Parsed(key=url or filename, title=title or title_from(filename),
                   text=html_to_text(soup), url=url)]
