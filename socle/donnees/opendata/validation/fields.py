"""The standard Table Schema part: each field's type and format, then its constraints (required,
pattern, enum, minLength/maxLength, minimum/maximum; ``unique`` is checked across rows by the
engine). One checker is built per field, once, so a 100,000-row file costs a loop of closures.

A checker takes the raw cell and returns ``(value, message)``: the typed value (None when the
cell is missing) and a French message when the cell breaks the schema."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

Checker = Callable[[str], tuple[object, str | None]]

INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
YEAR = re.compile(r"\d{4}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#]+\S*")
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


def _shown(raw: str) -> str:
    return raw if len(raw) <= 60 else raw[:57] + "…"


def _parse_integer(raw: str, spec: dict):
    if INTEGER.fullmatch(raw):
        return int(raw), None
    return None, _("« %(value)s » n'est pas un nombre entier.") % {"value": _shown(raw)}


def _parse_number(raw: str, spec: dict):
    if NUMBER.fullmatch(raw):
        try:
            return Decimal(raw), None
        except InvalidOperation:
            pass
    if raw in ("NaN", "INF", "-INF"):
        return Decimal(raw.replace("INF", "Infinity")), None
    if re.fullmatch(r"[+-]?\d+,\d+", raw):
        return None, _("« %(value)s » n'est pas un nombre : le séparateur décimal est le point "
                       "(%(fixed)s).") % {"value": raw, "fixed": raw.replace(",", ".")}
    return None, _("« %(value)s » n'est pas un nombre.") % {"value": _shown(raw)}


def _parse_date(raw: str, spec: dict):
    if DATE.fullmatch(raw):
        try:
            return datetime.date.fromisoformat(raw), None
        except ValueError:
            return None, _("« %(value)s » n'est pas une date qui existe.") % {"value": raw}
    return None, _("« %(value)s » n'est pas une date au format AAAA-MM-JJ "
                   "(par exemple 2024-03-31).") % {"value": _shown(raw)}


def _parse_year(raw: str, spec: dict):
    if YEAR.fullmatch(raw):
        return int(raw), None
    return None, _("« %(value)s » n'est pas une année sur quatre chiffres.") % {
        "value": _shown(raw)}


def _parse_boolean(raw: str, spec: dict):
    if raw in spec.get("trueValues", DEFAULT_TRUE):
        return True, None
    if raw in spec.get("falseValues", DEFAULT_FALSE):
        return False, None
    allowed = [*spec.get("trueValues", DEFAULT_TRUE), *spec.get("falseValues", DEFAULT_FALSE)]
    return None, _("« %(value)s » n'est pas une valeur oui/non acceptée (valeurs possibles : "
                   "%(allowed)s).") % {"value": _shown(raw), "allowed": ", ".join(allowed)}


def _parse_string(raw: str, spec: dict):
    fmt = spec.get("format", "default")
    if fmt == "email" and not EMAIL.fullmatch(raw):
        return None, _("« %(value)s » n'est pas une adresse e-mail valide.") % {
            "value": _shown(raw)}
    if fmt == "uri" and not URI.fullmatch(raw):
        return None, _("« %(value)s » n'est pas une adresse web complète (elle doit commencer "
                       "par https://).") % {"value": _shown(raw)}
    return raw, None


PARSERS = {
    "string": _parse_string,
    "integer": _parse_integer,
    "number": _parse_number,
    "date": _parse_date,
    "year": _parse_year,
    "boolean": _parse_boolean,
    "any": lambda raw, spec: (raw, None),
}


def _constraint_checks(spec: dict) -> list[Callable[[str, object], str | None]]:
    """Checks of the constraints other than required/unique, on (raw text, typed value)."""
    constraints = spec.get("constraints", {})
    checks = []
    if "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
        checks.append(lambda raw, value: None if pattern.fullmatch(raw) else _(
            "« %(value)s » ne respecte pas le format attendu (motif %(pattern)s).")
            % {"value": _shown(raw), "pattern": pattern.pattern})
    if "enum" in constraints:
        allowed = constraints["enum"]
        listed = ", ".join(f"« {v} »" for v in allowed[:15]) + ("…" if len(allowed) > 15 else "")
        allowed_set = set(allowed)
        checks.append(lambda raw, value: None if raw in allowed_set else _(
            "« %(value)s » n'est pas une valeur autorisée (valeurs possibles : %(allowed)s).")
            % {"value": _shown(raw), "allowed": listed})
    if "minLength" in constraints:
        low = constraints["minLength"]
        checks.append(lambda raw, value: None if len(raw) >= low else _(
            "Texte trop court : %(n)s caractères pour %(min)s au minimum.")
            % {"n": len(raw), "min": low})
    if "maxLength" in constraints:
        high = constraints["maxLength"]
        checks.append(lambda raw, value: None if len(raw) <= high else _(
            "Texte trop long : %(n)s caractères pour %(max)s au maximum.")
            % {"n": len(raw), "max": high})
    if "minimum" in constraints:
        low = Decimal(str(constraints["minimum"]))
        checks.append(lambda raw, value: None if value >= low else _(
            "%(value)s est inférieur au minimum autorisé (%(min)s).") % {"value": raw, "min": low})
    if "maximum" in constraints:
        high = Decimal(str(constraints["maximum"]))
        checks.append(lambda raw, value: None if value <= high else _(
            "%(value)s dépasse le maximum autorisé (%(max)s).") % {"value": raw, "max": high})
    return checks


def build_checker(spec: dict, missing_values: tuple[str, ...]) -> Checker:
    """The checker of one field of the schema."""
    parse = PARSERS.get(spec.get("type", "string"), PARSERS["any"])
    required = spec.get("constraints", {}).get("required", False)
    checks = _constraint_checks(spec)
    missing = set(missing_values)

    def check(raw: str) -> tuple[object, str | None]:
        if raw in missing or not raw.strip():
            return None, (_("Valeur obligatoire manquante.") if required else None)
        value, message = parse(raw, spec)
        if message:
            return None, message
        for constraint in checks:
            message = constraint(raw, value)
            if message:
                return None, message
        return value, None

    return check
