"""Stable placeholders per document: one per distinct value and label ("[Personne 1]" for every
occurrence of the same person), and the reverse substitution, used only inside Socle."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import LABELS, MASK, Entity, Pseudonymised
from .text import name_key, normalise, surname_key

_PLACEHOLDER = re.compile(r"\[([^\[\]]{1,40}) (\d{1,5})\]")


def _person_slot(key: str, surname: str, slots: dict[tuple[str, str], str]) -> str | None:
    """The placeholder of a person already seen under a longer or shorter form of the name:
    same family name, and the same first name when both forms have one ("M. DUPONT" and
    "Jean DUPONT" share one; "Claire DUPONT" gets another)."""
    first = key.removesuffix(surname).strip()
    for (label, known), placeholder in slots.items():
        if label != "PERSONNE" or not surname or surname_key(known) != surname:
            continue
        known_first = known.removesuffix(surname).strip()
        if not first or not known_first or first == known_first:
            return placeholder
    return None


def pseudonymise(text: str, entities: Iterable[Entity]) -> Pseudonymised:
    chosen = sorted((e for e in entities if e.action == MASK), key=lambda e: (e.start, -e.end))
    slots: dict[tuple[str, str], str] = {}
    counters: dict[str, int] = {}
    mapping: dict[str, str] = {}
    pieces: list[str] = []
    cursor = 0
    for entity in chosen:
        if entity.start < cursor or entity.label not in LABELS:
            continue  # overlapping or unknown: the earlier, longer span already covers it
        original = text[entity.start : entity.end]
        key = name_key(original) if entity.label == "PERSONNE" else normalise(original)
        placeholder = slots.get((entity.label, key))
        if placeholder is None and entity.label == "PERSONNE":
            placeholder = _person_slot(key, surname_key(original), slots)
        if placeholder is None:
            counters[entity.label] = counters.get(entity.label, 0) + 1
            placeholder = f"[{LABELS[entity.label]} {counters[entity.label]}]"
            mapping[placeholder] = original
        slots[(entity.label, key)] = placeholder
        pieces.append(text[cursor : entity.start])
        pieces.append(placeholder)
        cursor = entity.end
    pieces.append(text[cursor:])
    return Pseudonymised(text="".join(pieces), mapping=mapping)


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back (the first form seen for each placeholder)."""
    return _PLACEHOLDER.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
