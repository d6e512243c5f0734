"""Reading an uploaded CSV: size, encoding (UTF-8 with or without BOM, nothing else), separator
(``,`` or ``;``) and header row. Problems are raised as ``FileProblem`` with a French message."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

BOM = b"\xef\xbb\xbf"
SEPARATORS = (",", ";")


class FileProblem(ValueError):
    """The file cannot be read as a CSV table at all (the message says why, in French)."""


@dataclass
class Table:
    encoding: str
    delimiter: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number in the file, header being row 1; cells)


def decode(data: bytes, *, max_bytes: int) -> tuple[str, str]:
    """The text of the file and its encoding's name ("UTF-8" or "UTF-8 avec BOM")."""
    if len(data) > max_bytes:
        raise FileProblem(
            _("Le fichier pèse %(size)s Mo : la limite est de %(max)s Mo.")
            % {"size": round(len(data) / 1_000_000, 1), "max": round(max_bytes / 1_000_000, 1)}
        )
    encoding = "UTF-8"
    if data.startswith(BOM):
        data, encoding = data[len(BOM):], _("UTF-8 avec BOM")
    if not data.strip():
        raise FileProblem(_("Le fichier est vide."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(
            _("Le fichier n'est pas encodé en UTF-8 (caractère illisible ligne %(line)s) : "
              "il est probablement en Windows-1252 ou ISO-8859-1. Enregistrez-le au format "
              "« CSV UTF-8 » depuis votre tableur puis déposez-le à nouveau.") % {"line": line}
        ) from exc
    if "\x00" in text:
        raise FileProblem(_("Le fichier contient des caractères nuls : ce n'est pas un CSV "
                            "(un fichier de tableur .xlsx ou .ods, peut-être ?)."))
    return text, encoding


def _sniff(first_line: str) -> str:
    """The separator giving the most columns in the header line (quotes respected)."""
    best, best_count = None, 1
    for separator in SEPARATORS:
        cells = next(csv.reader([first_line], delimiter=separator), [])
        if len(cells) > best_count:
            best, best_count = separator, len(cells)
    if best is None:
        raise FileProblem(_("Séparateur introuvable : les colonnes doivent être séparées par "
                            "des virgules (,) ou des points-virgules (;)."))
    return best


def read_table(data: bytes, *, max_bytes: int) -> Table:
    text, encoding = decode(data, max_bytes=max_bytes)
    first_line = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    delimiter = _sniff(first_line)
    reader = csv.reader(io.StringIO(text.lstrip("\r\n"), newline=""), delimiter=delimiter,
                        strict=False)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise FileProblem(_("La ligne d'en-tête est illisible.")) from exc
    if not any(header):
        raise FileProblem(_("La première ligne doit contenir les noms des colonnes."))
    return Table(encoding=encoding, delimiter=delimiter, header=header, rows=_rows(reader))


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileProblem(
                _("Ligne %(row)s illisible (guillemets mal fermés ?) : %(error)s")
                % {"row": number + 1, "error": exc}
            ) from exc
        number += 1
        yield number, cells
