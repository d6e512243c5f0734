"""Small text helpers shared by the detectors: accent-free keys and name parts."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
CIVILITY = re.compile(
    r"^(?:M\.|MM\.|Mr\.?|Mme|Mmes|Mlle|Mlles|Me|Maître|Dr\.?|Docteur|Monsieur|Madame|"
    r"Mademoiselle|Messieurs|Mesdames)\s+",
    re.IGNORECASE,
)


def normalise(value: str) -> str:
    """Lower case, no accents, one space: "Élodie  LEFÈVRE" -> "elodie lefevre"."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain.replace("’", "'")).strip().casefold()


def name_key(value: str) -> str:
    """A person's key: no civility, hyphens as spaces."""
    return normalise(CIVILITY.sub("", value.strip()).replace("-", " "))


def surname_key(value: str) -> str:
    """The family name: the upper-case words when the name has some ("Jean DUPONT",
    "DUPONT Jean"), otherwise the last word."""
    words = CIVILITY.sub("", value.strip()).split()
    upper = [w for w in words if len(w.strip(".-'")) >= 2 and w.isupper()]
    if upper and len(upper) < len(words):
        return name_key(" ".join(upper))
    return name_key(words[-1]) if words else ""
