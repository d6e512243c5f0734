"""Writes on acts: upload (extract, store the untouched original, ask the engine), review,
publication of the pseudonymised copy and unpublication. Each checks rights and journals."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.confidentialite import engine
from socle.confidentialite.engine.model import LABELS, Entity
from socle.journal.services import record, register_actions
from socle.territoires.models import Membership

from . import permissions as rights
from .extraction import extract
from .models import Act

register_actions({
    "actes.uploaded": gettext_lazy("Dépôt d'un acte"),
    "actes.reviewed": gettext_lazy("Relecture de la pseudonymisation d'un acte"),
    "actes.published": gettext_lazy("Publication d'un acte (version pseudonymisée)"),
    "actes.unpublished": gettext_lazy("Dépublication d'un acte"),
})
MASK, KEEP = "mask", "keep"


def act_officials(*, act: Act) -> list[str]:
    """Names kept in clear: the collectivité's élus, the signing authority, names on the act."""
    names = list(Membership.objects.filter(collectivite_id=act.collectivite_id, role="elu")
                 .exclude(user__full_name="").values_list("user__full_name", flat=True))
    names.append(act.author_name)
    names += [line.strip() for line in act.other_officials.splitlines()]
    return [n for n in dict.fromkeys(names) if n]


def _suggestions(act: Act) -> list[dict]:
    analysis = engine.analyse(act.text, officials=act_officials(act=act))
    return [{**entity.as_dict(), "source": "engine"} for entity in analysis.entities]


def act_upload(*, actor, collectivite, data: bytes, filename: str, metadata: dict) -> Act:
    """Extract first (ExtractionError before anything is written), then store the original, the
    metadata and the engine's suggestions in one transaction; the file is removed if it fails."""
    rights.require(actor, "write", collectivite)
    extracted = extract(data, filename)
    act = Act(collectivite=collectivite, created_by=actor, text=extracted.text,
              file_format=extracted.file_format, pages=extracted.pages,
              encoding=extracted.encoding, original_name=filename[-200:],
              sha256=hashlib.sha256(data).hexdigest(), **metadata)
    act.spans = _suggestions(act)
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)[-80:]
    act.original.save(safe_name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            act.full_clean()
            act.save()
            record(actor=actor, action="actes.uploaded", collectivite=collectivite, obj=act,
                   details={"format": act.file_format, "pages": act.pages,
                            "suggestions": len(act.spans)})
    except BaseException:
        act.original.storage.delete(act.original.name)
        raise
    return act


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def add_spans(*, text: str, spans: list[dict], needle: str, label: str) -> list[dict]:
    """Mask every occurrence of ``needle``; the agent's span replaces any it overlaps."""
    needle = needle.strip()
    if not needle or label not in LABELS:
        return spans
    result = list(spans)
    for start, end in _occurrences(text, needle):
        result = [s for s in result if s["end"] <= start or s["start"] >= end]
        result.append({"start": start, "end": end, "label": label, "text": text[start:end],
                       "action": MASK, "reason": _("Ajouté à la relecture"), "score": 1.0,
                       "source": "agent"})
    return sorted(result, key=lambda s: (s["start"], s["end"]))


def _entities(spans: list[dict]) -> list[Entity]:
    return [Entity(start=s["start"], end=s["end"], label=s["label"], text=s["text"],
                   action=s["action"], reason=s.get("reason", ""), score=s.get("score", 1.0))
            for s in spans if s["action"] == MASK]


def pseudonymised(*, act: Act, spans: list[dict] | None = None) -> tuple[str, str]:
    """(object, text) as they would be published: the engine's pseudonymisation, then every
    remaining occurrence of a masked original (in the text or in the object) replaced too."""
    entities = _entities(act.spans if spans is None else spans)
    result = engine.pseudonymise(act.text, entities)
    text, obj = result.text, act.object
    replacements = {original: placeholder for placeholder, original in result.mapping.items()}
    for entity in entities:  # a surname alone, masked with its full name's placeholder
        replacements.setdefault(entity.text, f"[{LABELS.get(entity.label, entity.label)}]")
    for original, placeholder in sorted(replacements.items(), key=lambda i: -len(i[0])):
        if len(original.strip()) < 2:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(original) + r"(?!\w)", re.IGNORECASE)
        text, obj = pattern.sub(placeholder, text), pattern.sub(placeholder, obj)
    return obj, text


def act_review(*, actor, act: Act, masked: set[int], additions: list[tuple[str, str]]) -> Act:
    """Save the agent's choices: span indexes in ``masked`` are masked, the others kept."""
    rights.require(actor, "write", act.collectivite)
    if act.status == Act.Status.PUBLISHED:
        raise ValidationError(_("Dépubliez l'acte avant de modifier sa relecture."))
    spans = [{**s, "action": MASK if i in masked else KEEP} for i, s in enumerate(act.spans)]
    for needle, label in additions:
        spans = add_spans(text=act.text, spans=spans, needle=needle, label=label)
    with transaction.atomic():
        act.spans = spans
        if act.status == Act.Status.DRAFT:
            act.status = Act.Status.REVIEWED
        act.full_clean()
        act.save()
        record(actor=actor, action="actes.reviewed", collectivite=act.collectivite, obj=act,
               details={"masked": sum(s["action"] == MASK for s in spans),
                        "kept": sum(s["action"] == KEEP for s in spans),
                        "added": len(additions)})
    return act


def act_publish(*, actor, act: Act) -> Act:
    rights.require(actor, "publish", act.collectivite)
    if act.status == Act.Status.DRAFT:
        raise ValidationError(_("Relisez et enregistrez la pseudonymisation avant de publier."))
    if act.status == Act.Status.PUBLISHED:
        raise ValidationError(_("Cet acte est déjà publié."))
    with transaction.atomic():
        act.published_object, act.published_text = pseudonymised(act=act)
        act.status, act.published_at, act.unpublish_reason = Act.Status.PUBLISHED, \
            timezone.now(), ""
        act.full_clean()
        act.save()
        record(actor=actor, action="actes.published", collectivite=act.collectivite, obj=act,
               details={"masked": sum(s["action"] == MASK for s in act.spans)})
    return act


def act_unpublish(*, actor, act: Act, reason: str) -> Act:
    """Withdraw from the public page; the act and its history stay (never deleted)."""
    rights.require(actor, "publish", act.collectivite)
    if act.status != Act.Status.PUBLISHED:
        raise ValidationError(_("Cet acte n'est pas publié."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de la dépublication.")})
    with transaction.atomic():
        act.status, act.unpublish_reason = Act.Status.UNPUBLISHED, reason.strip()
        act.full_clean()
        act.save()
        record(actor=actor, action="actes.unpublished", collectivite=act.collectivite, obj=act,
               details={"motif": act.unpublish_reason})
    return act
