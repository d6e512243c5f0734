"""The ``custom_checks`` the SCDL schemas declare, which plain Table Schema validators do not run.
Each check is built from its ``params`` and then called on every row with the row's typed values
(``{column: value or None}``, only for cells that passed the standard checks, so a wrong cell
is reported once); it returns a list of ``(column, message)``.

Registered by the name the schemas use (``CHECKS``): a schema naming an unknown check is refused
when loaded, so a new check in an official schema can never be skipped silently."""

from __future__ import annotations

import operator
import unicodedata
from collections.abc import Callable

from django.utils.translation import gettext as _

RowCheck = Callable[[dict[str, object]], list[tuple[str, str]]]

# La Poste's establishments share SIREN 356000000: their SIRET follows another key (sum of the
# digits a multiple of 5) instead of the Luhn key.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siret_ok(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return luhn_ok(value) or sum(int(c) for c in value) % 5 == 0
    return luhn_ok(value)


def _filled(value) -> bool:
    return value is not None and value != ""


def french_siret_value(params: dict) -> RowCheck:
    column = params["column"]

    def check(row):
        value = row.get(column)
        if _filled(value) and str(value).isdigit() and len(str(value)) == 14 \
                and not siret_ok(str(value)):
            return [(column, _("« %(value)s » n'est pas un numéro SIRET valide (la clé de "
                               "contrôle ne correspond pas).") % {"value": value})]
        return []

    return check


def year_interval_value(params: dict) -> RowCheck:
    column = params["column"]
    year_only = params.get("allow-year-only", "no") == "yes"

    def check(row):
        value = row.get(column)
        if not _filled(value):
            return []
        text = str(value)
        if "/" not in text:
            if year_only and len(text) == 4 and text.isdigit():
                return []
            return [(column, _("« %(value)s » n'est pas un intervalle d'années AAAA/AAAA.")
                     % {"value": text})]
        start, _sep, end = text.partition("/")
        if not (start.isdigit() and end.isdigit() and len(start) == len(end) == 4):
            return [(column, _("« %(value)s » n'est pas un intervalle d'années AAAA/AAAA.")
                     % {"value": text})]
        if int(start) >= int(end):
            return [(column, _("Intervalle d'années « %(value)s » : la première année doit "
                               "précéder la seconde.") % {"value": text})]
        return []

    return check


def cohesive_columns_value(params: dict) -> RowCheck:
    columns = [params["column"], *params["othercolumns"]]

    def check(row):
        filled = [c for c in columns if _filled(row.get(c))]
        if filled and len(filled) != len(columns):
            empty = [c for c in columns if c not in filled]
            return [(empty[0], _("Les colonnes %(all)s vont ensemble : renseignez-les toutes ou "
                                 "aucune (vide ici : %(empty)s).")
                     % {"all": ", ".join(columns), "empty": ", ".join(empty)})]
        return []

    return check


OPERATORS = {
    ">": (operator.gt, _("strictement supérieur à")),
    ">=": (operator.ge, _("supérieur ou égal à")),
    "<": (operator.lt, _("strictement inférieur à")),
    "<=": (operator.le, _("inférieur ou égal à")),
    "==": (operator.eq, _("égal à")),
    "!=": (operator.ne, _("différent de")),
}


def compare_columns_value(params: dict) -> RowCheck:
    column, column2 = params["column"], params["column2"]
    compare, words = OPERATORS[params["op"]]

    def check(row):
        left, right = row.get(column), row.get(column2)
        if not (_filled(left) and _filled(right)):
            return []
        try:
            ok = compare(left, right)
        except TypeError:
            return []
        if ok:
            return []
        return [(column, _("%(column)s (%(left)s) doit être %(words)s %(column2)s (%(right)s).")
                 % {"column": column, "left": left, "words": words, "column2": column2,
                    "right": right})]

    return check


def sum_columns_value(params: dict) -> RowCheck:
    column, parts = params["column"], params["columns"]

    def check(row):
        total = row.get(column)
        values = [row.get(c) for c in parts]
        if not _filled(total) or not all(_filled(v) for v in values):
            return []
        if sum(values) != total:
            return [(column, _("%(column)s vaut %(total)s mais %(parts)s font %(sum)s : les "
                               "votes ne s'additionnent pas.")
                     % {"column": column, "total": total, "parts": " + ".join(parts),
                        "sum": sum(values)})]
        return []

    return check


# Level 1 of the ACTES nomenclature (the part of DELIB_MATIERE_NOM before "/"); compared
# without case nor accents, as the SCDL specification asks.
ACTES_LEVEL_1 = (
    "Commande publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


ACTES_KEYS = {_plain(name) for name in ACTES_LEVEL_1}


def nomenclature_actes_value(params: dict) -> RowCheck:
    column = params["column"]

    def check(row):
        value = row.get(column)
        if not _filled(value):
            return []
        text = str(value)
        if "/" not in text:
            return [(column, _("« %(value)s » : le nom de matière s'écrit « matière/sous-"
                               "matière » (barre oblique attendue).") % {"value": text})]
        level1 = text.split("/", 1)[0]
        if _plain(level1) not in ACTES_KEYS:
            return [(column, _("« %(value)s » n'est pas une matière de la nomenclature ACTES "
                               "(valeurs possibles : %(names)s).")
                     % {"value": level1, "names": ", ".join(ACTES_LEVEL_1)})]
        return []

    return check


def one_of_required(params: dict) -> RowCheck:
    first, second = params["column1"], params["column2"]

    def check(row):
        if _filled(row.get(first)) or _filled(row.get(second)):
            return []
        return [(first, _("Renseignez au moins l'une des colonnes %(a)s ou %(b)s.")
                 % {"a": first, "b": second})]

    return check


CHECKS: dict[str, Callable[[dict], RowCheck]] = {
    "french-siret-value": french_siret_value,
    "year-interval-value": year_interval_value,
    "cohesive-columns-value": cohesive_columns_value,
    "compare-columns-value": compare_columns_value,
    "sum-columns-value": sum_columns_value,
    "nomenclature-actes-value": nomenclature_actes_value,
    "one-of-required": one_of_required,
}


class UnknownCheck(LookupError):
    pass


def build_checks(custom_checks: list[dict]) -> list[RowCheck]:
    built = []
    for spec in custom_checks:
        factory = CHECKS.get(spec["name"])
        if factory is None:
            raise UnknownCheck(spec["name"])
        built.append(factory(spec.get("params", {})))
    return built
