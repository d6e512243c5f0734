"""CSV (any of ; , tab, UTF-8 with or without BOM, or Windows-1252) and ODS spreadsheets, in
the documented column format; GLPI's CSV export uses the same reader (its French headers are
aliases of the documented columns)."""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils.translation import gettext as _

from . import MAX_BYTES, MAX_ROWS, ImportFileError
from .rows import map_headers


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Fichier trop volumineux (5 Mo au plus)."))
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("Ce fichier n'est pas un fichier texte CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("Encodage du fichier illisible (UTF-8 ou Windows-1252 attendu)."))


def _records(table: list[list[str]]) -> list[tuple[int, dict]]:
    """Numbered rows (spreadsheet line numbers, the header being line 1) keyed by column."""
    while table and not any(cell.strip() for cell in table[0]):
        table = table[1:]
    if not table:
        raise ImportFileError(_("Le fichier est vide."))
    mapping = map_headers(table[0])
    if "type" not in mapping.values():
        raise ImportFileError(
            _("Colonne « type » introuvable : vérifiez la ligne d'en-tête (voir le format).")
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("Trop de lignes (20 000 au plus par import)."))
    records = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        records.append((number, {col: cells[i] if i < len(cells) else ""
                                 for i, col in mapping.items()}))
    return records


def read_csv(data: bytes) -> list[tuple[int, dict]]:
    text = decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    try:
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(_("CSV mal formé : %(error)s") % {"error": exc}) from None
    return _records(table)


def _cell_text(cell) -> str:
    from odf.namespaces import OFFICENS

    value = cell.getAttrNS(OFFICENS, "date-value") or cell.getAttrNS(OFFICENS, "value")
    kind = cell.getAttrNS(OFFICENS, "value-type")
    if kind == "date" and value:
        return value[:10]
    if kind in ("float", "currency", "percentage") and value:
        return value
    return "\n".join(str(p) for p in cell.childNodes if p.qname[1] == "p")


def read_ods(data: bytes) -> list[tuple[int, dict]]:
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    if len(data) > MAX_BYTES:
        raise ImportFileError(_("Fichier trop volumineux (5 Mo au plus)."))
    try:
        document = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportFileError(_("Ce fichier n'est pas un classeur ODS lisible.")) from None
    sheets = document.spreadsheet.getElementsByType(Table)
    if not sheets:
        raise ImportFileError(_("Le classeur ne contient aucune feuille."))
    table = []
    for row in sheets[0].getElementsByType(TableRow)[: MAX_ROWS + 2]:
        cells = []
        for cell in row.getElementsByType(TableCell):
            repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 50)
            cells.extend([_cell_text(cell)] * repeat)
        table.append(cells)
    return _records(table)
