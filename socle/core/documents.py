"""Documents people take away: PDF reports (WeasyPrint, from a Django template) and ODS
spreadsheets (odfpy), the formats collectivités open with LibreOffice. Nothing is fetched from the
network while rendering: WeasyPrint gets a URL fetcher that only serves our own static files."""

from __future__ import annotations

import datetime as dt
import io
import mimetypes
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


class ExternalResourceRefused(ValueError):
    """A document template referenced something outside the project's static files."""


def _static_only_fetcher(url: str, *args, **kwargs) -> dict:
    """WeasyPrint URL fetcher: ``/static/...`` (or ``static:...``) from our static files only."""
    for prefix in ("/static/", "static:", "file:///static/"):
        if url.startswith(prefix):
            path = finders.find(url[len(prefix):].split("?")[0])
            if path:
                with open(path, "rb") as handle:
                    data = handle.read()
                return {"string": data, "mime_type": mimetypes.guess_type(path)[0]}
    raise ExternalResourceRefused(f"Refused to fetch {url!r} while rendering a document.")


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF of an HTML template (A4, styles in the template or in /static/)."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url="/", url_fetcher=_static_only_fetcher).write_pdf()


def _stamped(basename: str, extension: str) -> str:
    return f"{basename}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def pdf_response(template_name: str, context: dict, *, basename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_stamped(basename, "pdf")}"'
    return response


def _cell(value):
    """An odfpy table cell typed as spreadsheets expect (numbers stay numbers, dates dates)."""
    from odf.table import TableCell
    from odf.text import P

    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        text = "oui" if value else "non"
        cell = TableCell(valuetype="string")
    elif isinstance(value, int | float | Decimal):
        text = str(value)
        cell = TableCell(valuetype="float", value=str(value))
    elif isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = local.strftime("%d/%m/%Y %H:%M")
        cell = TableCell(valuetype="date", datevalue=local.replace(tzinfo=None).isoformat())
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        text = str(value)
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=text))
    return cell


def render_ods(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An ODS file with one sheet per (name, headers, rows)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    document = OpenDocumentSpreadsheet()
    for name, headers, rows in sheets:
        table = Table(name=name[:31])
        for row in [headers, *rows]:
            line = TableRow()
            for value in row:
                line.addElement(_cell(value))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_response(sheets, *, basename: str) -> HttpResponse:
    response = HttpResponse(render_ods(sheets), content_type=ODS_MIME)
    response["Content-Disposition"] = f'attachment; filename="{_stamped(basename, "ods")}"'
    return response
