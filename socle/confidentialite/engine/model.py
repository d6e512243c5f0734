"""The engine's values: what was found (Entity), the whole answer (Analysis), and the redacted
text with its way back (Pseudonymised). Frozen, so callers can store and compare them."""

from __future__ import annotations

from dataclasses import dataclass, field

# label -> word used in placeholders ("[Personne 1]").
LABELS: dict[str, str] = {
    "PERSONNE": "Personne",
    "ADRESSE": "Adresse",
    "TELEPHONE": "Téléphone",
    "EMAIL": "Courriel",
    "DATE_NAISSANCE": "Date de naissance",
    "NIR": "NIR",
    "IBAN": "IBAN",
    "CADASTRE": "Parcelle",
    "IMMATRICULATION": "Immatriculation",
}
MASK = "mask"
KEEP = "keep"


@dataclass(frozen=True, order=True)
class Entity:
    start: int
    end: int
    label: str
    text: str
    action: str = MASK
    reason: str = ""
    score: float = 1.0

    def as_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "action": self.action,
            "reason": self.reason,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class Analysis:
    text: str
    entities: list[Entity] = field(default_factory=list)

    @property
    def masked(self) -> list[Entity]:
        return [e for e in self.entities if e.action == MASK]

    def counts(self) -> dict[str, int]:
        """Per label and action, e.g. {"PERSONNE.mask": 3}: what the journal may hold."""
        result: dict[str, int] = {}
        for entity in self.entities:
            key = f"{entity.label}.{entity.action}"
            result[key] = result.get(key, 0) + 1
        return result


@dataclass(frozen=True)
class Pseudonymised:
    text: str
    mapping: dict[str, str] = field(default_factory=dict)
