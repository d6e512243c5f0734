"""A JSON list of ``{"title", "text", "url", "metadata"}`` objects (an export from another tool)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from . import ImportFailed, Parsed, decode


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    try:
        payload = json.loads(decode(data, filename))
    except json.JSONDecodeError as exc:
        raise ImportFailed(_("« %(name)s » n'est pas un JSON valide (ligne %(line)s).")
                           % {"name": filename, "line": exc.lineno}) from None
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        raise ImportFailed(_("« %(name)s » doit contenir une liste d'objets "
                             "{title, text, url, metadata}.") % {"name": filename})
    documents = []
    for number, item in enumerate(payload, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ImportFailed(_("Élément %(n)s de « %(name)s » : un objet avec un champ "
                                 "« text » est attendu.") % {"n": number, "name": filename})
        metadata = item.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise ImportFailed(_("Élément %(n)s de « %(name)s » : « metadata » doit être un "
                                 "objet.") % {"n": number, "name": filename})
        url = item.get("url") or ""
        url = url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""
        title = str(item.get("title") or "").strip() or _("Document %(n)s") % {"n": number}
        key = str(item.get("id") or url or f"{filename}#{title}")
        documents.append(Parsed(key=key, title=title[:500], text=item["text"], url=url,
                                metadata=metadata))
    return documents
