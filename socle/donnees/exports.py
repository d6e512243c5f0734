"""The register of processing as a PDF report and an ODS spreadsheet."""

from __future__ import annotations

from django.utils import timezone

from .models import CONTENT_FIELDS, DPIA_CRITERIA, Processing

DPIA_LABELS = dict(DPIA_CRITERIA)
COLUMNS = [*CONTENT_FIELDS, "dpia_status", "dpia_done_on", "completeness"]


def cell(processing: Processing, field: str):
    if field == "dpia_criteria":
        return ", ".join(str(DPIA_LABELS.get(k, k)) for k in processing.dpia_criteria)
    getter = getattr(processing, f"get_{field}_display", None)
    value = getter() if getter else getattr(processing, field)
    return str(value) if getter else value


def header(field: str) -> str:
    return str(Processing._meta.get_field(field).verbose_name).capitalize()


def ods_sheets(*, processings: list[Processing]):
    rows = [[cell(p, f) for f in COLUMNS] for p in processings]
    return [("Registre des traitements", [header(f) for f in COLUMNS], rows)]


def pdf_context(*, collectivite, processings: list[Processing]) -> dict:
    items = [{"processing": p, "fields": [(header(f), _text(cell(p, f))) for f in COLUMNS
                                          if f != "name"]} for p in processings]
    return {"collectivite": collectivite, "items": items, "generated_at": timezone.now()}


def _text(value):
    if isinstance(value, bool):
        return "oui" if value else "non"
    return value
