"""CSV files for spreadsheets used in collectivités (LibreOffice, Excel): ``;`` separator,
UTF-8 with a byte order mark so accents open right, CRLF lines, and cells that would run as a
formula neutralised (CSV injection). Rows are streamed: a large export never sits in memory."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_lines(headers: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text line by line, headers first (prefixed with the BOM), every cell made safe."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(headers)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(lines: Iterator[str], *, basename: str) -> StreamingHttpResponse:
    """A streamed download named ``<basename>-<YYYYmmdd-HHMM>.csv``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.csv"'
    return response
