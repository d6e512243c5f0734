"""The official SCDL Table Schemas shipped with Socle (socle/data/schemas/), by their name on
schema.data.gouv.fr (``scdl/deliberations``). Loaded once per process."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SCHEMA_DIR = Path(settings.BASE_DIR) / "socle" / "data" / "schemas"

# name -> (version shipped, French label)
SCHEMAS: dict[str, tuple[str, str]] = {
    "scdl/deliberations": ("2.1.5", _("Délibérations")),
    "scdl/subventions": ("2.1.1", _("Subventions")),
    "scdl/equipements": ("0.1.5", _("Équipements collectifs")),
    "scdl/budget": ("0.8.3", _("Budget")),
    "scdl/catalogue": ("0.1.3", _("Catalogue de données simplifié")),
}


class UnknownSchema(LookupError):
    """A schema name Socle does not ship."""


@dataclass(frozen=True)
class Schema:
    name: str
    version: str
    title: str
    fields: list[dict]
    custom_checks: list[dict]
    missing_values: tuple[str, ...] = ("",)
    primary_key: list[str] = field(default_factory=list)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def url(self) -> str:
        """The schema's page on schema.data.gouv.fr (dct:conformsTo of the files)."""
        return f"https://schema.data.gouv.fr/{self.name}/{self.version}/"

    @property
    def json_url(self) -> str:
        return f"https://schema.data.gouv.fr/schemas/{self.name}/{self.version}/schema.json"


def schema_choices() -> list[tuple[str, str]]:
    return [(name, f"{label} ({name} {version})") for name, (version, label) in SCHEMAS.items()]


@functools.cache
def load_schema(name: str) -> Schema:
    """The shipped schema called ``name``; UnknownSchema when Socle does not ship it."""
    if name not in SCHEMAS:
        raise UnknownSchema(name)
    version = SCHEMAS[name][0]
    data = json.loads((SCHEMA_DIR / name / version / "schema.json").read_text(encoding="utf-8"))
    primary_key = data.get("primaryKey") or []
    return Schema(
        name=name,
        version=version,
        title=data.get("title", name),
        fields=data["fields"],
        custom_checks=data.get("custom_checks", []),
        missing_values=tuple(data.get("missingValues", [""])),
        primary_key=[primary_key] if isinstance(primary_key, str) else list(primary_key),
    )
