"""The personal-data engine: find persons and identifiers in a French administrative text, keep
officials in their office, pseudonymise with stable placeholders, restore inside Socle.

    from socle.confidentialite import engine
    analysis = engine.analyse(text, officials=["Jean Dupont"])
    result = engine.pseudonymise(text, analysis.entities)
"""

from __future__ import annotations

from collections.abc import Iterable

from . import names, roles
from .identifiers import find_identifiers, iban_is_valid, nir_is_valid
from .model import KEEP, LABELS, MASK, Analysis, Entity, Pseudonymised
from .placeholders import pseudonymise, restore
from .text import name_key, surname_key

__all__ = ["KEEP", "LABELS", "MASK", "Analysis", "Entity", "Pseudonymised", "analyse",
           "iban_is_valid", "nir_is_valid", "pseudonymise", "restore"]

# When two detections overlap, the more specific one wins.
PRIORITY = ["IBAN", "NIR", "EMAIL", "TELEPHONE", "DATE_NAISSANCE", "IMMATRICULATION",
            "CADASTRE", "ADRESSE", "PERSONNE"]


def _merge_persons(found: list[names.Candidate]) -> list[names.Candidate]:
    """Overlapping candidates become one, the widest span with the best score."""
    merged: list[names.Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start, -c.end)):
        last = merged[-1] if merged else None
        if last and cand.start < last.end:
            last.end = max(last.end, cand.end)
            last.in_list = last.in_list or cand.in_list
            if cand.score > last.score:
                last.score, last.source = cand.score, cand.source
        else:
            merged.append(names.Candidate(cand.start, cand.end, cand.source, cand.score,
                                          cand.in_list))
    return merged


def _resolve(entities: list[Entity]) -> list[Entity]:
    taken: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (PRIORITY.index(e.label), e.start - e.end)):
        if all(entity.end <= t.start or entity.start >= t.end for t in taken):
            taken.append(entity)
    return sorted(taken, key=lambda e: (e.start, e.end))


def _persons(text: str, raw: list[str], *, use_model: bool) -> list[Entity]:
    officials = {name_key(o) for o in raw}
    found = names.candidates(text, raw, use_model=use_model)
    seeds = [(c.start, c.end) for c in _merge_persons(found)]
    found += names.propagate(text, seeds)
    merged = _merge_persons(found)
    decided = {}
    kept, masked = set(), set()
    for cand in merged:
        choice = roles.first_pass(text, cand.start, cand.end, in_list=cand.in_list,
                                  officials=officials)
        value = text[cand.start : cand.end]
        keys = {name_key(value), surname_key(value)}
        if choice:
            decided[cand.start] = choice
            (kept if choice[0] == KEEP else masked).update(keys)
    undecided = [c for c in merged if c.start not in decided]
    for cand in undecided:
        value = text[cand.start : cand.end]
        if not (name_key(value) in kept or surname_key(value) in kept):
            masked.update({name_key(value), surname_key(value)})
    entities = []
    for cand in merged:
        value = text[cand.start : cand.end]
        action, reason = decided.get(cand.start) or roles.second_pass(
            name_key(value), surname_key(value), kept, masked)
        entities.append(Entity(cand.start, cand.end, "PERSONNE", value, action,
                               f"{reason} (détection : {_SOURCES[cand.source]})", cand.score))
    return entities


_SOURCES = {
    "civilite": "civilité", "forme": "Prénom NOM", "liste": "liste du conseil",
    "procuration": "pouvoir", "elu": "liste des élus", "spacy": "modèle spaCy",
    "propagation": "autre occurrence du même nom",
}


def analyse(text: str, *, officials: Iterable[str] = (), use_model: bool = True) -> Analysis:
    """Every personal datum found, sorted by start, each with keep/mask and its reason.
    ``use_model=False`` runs the rules alone (tests, or where spaCy is not wanted)."""
    raw = [o for o in officials if o and o.strip()]
    entities = find_identifiers(text) + _persons(text, raw, use_model=use_model)
    return Analysis(text=text, entities=_resolve(entities))
