"""Validation of a CSV file against an official Table Schema, custom checks included.

Our own engine rather than frictionless (see docs/donnees-opendata.md): the SCDL schemas use a
small part of Table Schema (six types, two formats, six constraints) and seven custom checks that
frictionless does not run anyway; one pass over the rows with precompiled checkers, French
messages written for agents, and no dependency tree to keep offline.

``validate(schema, data)`` never raises on a broken file: every problem is an ``Issue`` of the
``Report`` (row number with the header as row 1, column, French message, value)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..schemas import Schema
from .checks import build_checks
from .fields import build_checker
from .reading import FileProblem, Table, read_table

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_ISSUES = 1000  # kept and shown; the count goes on


@dataclass
class Issue:
    row: int | None
    field: str | None
    message: str
    value: str | None = None

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class Report:
    schema: Schema
    issues: list[Issue] = field(default_factory=list)
    issue_count: int = 0
    rows: int = 0
    encoding: str = ""
    delimiter: str = ""

    @property
    def valid(self) -> bool:
        return self.issue_count == 0

    def add(self, issue: Issue) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)

    def as_dict(self) -> dict:
        return {"valid": self.valid, "errors": [issue.as_dict() for issue in self.issues]}


def max_upload_bytes() -> int:
    return int(getattr(settings, "SOCLE_OPENDATA_MAX_BYTES", DEFAULT_MAX_BYTES))


def validate(schema: Schema, data: bytes, *, max_bytes: int | None = None) -> Report:
    report = Report(schema=schema)
    try:
        table = read_table(data, max_bytes=max_bytes or max_upload_bytes())
        report.encoding, report.delimiter = table.encoding, table.delimiter
        positions = _check_header(schema, table.header, report)
        if positions is not None:
            _check_rows(schema, table, positions, report)
    except FileProblem as problem:
        report.add(Issue(row=None, field=None, message=str(problem)))
    return report


def _check_header(schema: Schema, header: list[str], report: Report) -> dict[str, int] | None:
    """Column name -> position; None when the header is too wrong to read the rows."""
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in seen:
            report.add(Issue(1, name, _("La colonne « %(name)s » apparaît deux fois.")
                             % {"name": name}, name))
        elif name not in schema.field_names:
            report.add(Issue(1, name or None, _(
                "Colonne « %(name)s » inconnue du schéma %(schema)s.")
                % {"name": name, "schema": schema.name}, name))
        seen.setdefault(name, index)
    missing = [n for n in schema.field_names if n not in seen]
    for name in missing:
        report.add(Issue(1, name, _("Colonne « %(name)s » manquante (le schéma %(schema)s "
                                    "l'attend, même vide).") % {"name": name,
                                                                  "schema": schema.name}))
    if report.issue_count:
        return None
    return {name: seen[name] for name in schema.field_names}


def _check_rows(schema: Schema, table: Table, positions: dict[str, int], report: Report) -> None:
    checkers = [(spec["name"], positions[spec["name"]],
                 build_checker(spec, schema.missing_values)) for spec in schema.fields]
    row_checks = build_checks(schema.custom_checks)
    unique = {spec["name"]: {} for spec in schema.fields
              if spec.get("constraints", {}).get("unique")
              or [spec["name"]] == schema.primary_key}
    width = len(table.header)
    for number, cells in table.rows:
        report.rows += 1
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                report.add(Issue(number, None, _("Ligne vide.")))
                continue
            report.add(Issue(number, None, _(
                "La ligne compte %(n)s cellules au lieu de %(width)s (séparateur ou guillemets "
                "en trop ?).") % {"n": len(cells), "width": width}))
            continue
        typed: dict[str, object] = {}
        for name, position, check in checkers:
            raw = cells[position]
            value, message = check(raw)
            if message:
                report.add(Issue(number, name, message, raw))
            else:
                typed[name] = value
        for name, seen in unique.items():
            value = typed.get(name)
            if value is not None:
                if value in seen:
                    report.add(Issue(number, name, _("Valeur en double : déjà présente ligne "
                                                     "%(row)s.") % {"row": seen[value]},
                                     str(value)))
                else:
                    seen[value] = number
        for row_check in row_checks:
            for name, message in row_check(typed):
                report.add(Issue(number, name, message, _raw(cells, positions, name)))
    if report.rows == 0:
        report.add(Issue(None, None, _("Le fichier ne contient aucune ligne de données.")))


def _raw(cells: list[str], positions: dict[str, int], name: str) -> str | None:
    position = positions.get(name)
    return cells[position] if position is not None else None
