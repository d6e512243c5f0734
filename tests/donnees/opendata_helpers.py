"""Small builders shared by the open-data tests: valid SIRET numbers and SCDL CSV files."""

from __future__ import annotations

from socle.donnees.opendata.schemas import load_schema
from socle.donnees.opendata.validation.checks import luhn_ok

DELIB_VALID_ROW = {
    "COLL_NOM": "Commune d'Alboussière", "COLL_SIRET": "", "DELIB_ID": "DEL-2024-001",
    "DELIB_DATE": "2024-03-12", "DELIB_MATIERE_CODE": "7.1",
    "DELIB_MATIERE_NOM": "Finances locales/Décisions budgétaires",
    "DELIB_OBJET": "Vote du budget primitif 2024", "BUDGET_ANNEE": "2024",
    "BUDGET_NOM": "Budget principal", "PREF_ID": "PREF007", "PREF_DATE": "2024-03-15",
    "VOTE_EFFECTIF": "15", "VOTE_REEL": "13", "VOTE_POUR": "11", "VOTE_CONTRE": "1",
    "VOTE_ABSTENTION": "1", "DELIB_URL": "https://alboussiere.example/deliberations/1.pdf",
}


def siret_for(siren: str) -> str:
    """A SIRET of ``siren`` whose Luhn key is right."""
    for nic in range(10, 100_000):
        candidate = f"{siren}{nic:05d}"
        if luhn_ok(candidate):
            return candidate
    raise AssertionError("no NIC found")


def csv_bytes(schema_name: str, rows: list[dict], *, sep: str = ",", bom: bool = False) -> bytes:
    names = load_schema(schema_name).field_names
    lines = [sep.join(names)]
    for row in rows:
        lines.append(sep.join(_quote(str(row.get(name, "")), sep) for name in names))
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def _quote(value: str, sep: str) -> str:
    if sep in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def deliberation(siret: str, **changes) -> dict:
    return {**DELIB_VALID_ROW, "COLL_SIRET": siret, **changes}
