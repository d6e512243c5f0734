"""CSV export of the member list: ``;`` separated, UTF-8 with a BOM so that LibreOffice and Excel
open it with the right accents, French headers, one line per collectivité."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from .models import Collectivite

HEADERS = [
    "Nom", "Type", "Code INSEE", "SIREN", "Département", "EPCI", "SIREN de l'EPCI",
    "Population", "Codes postaux", "Membre", "Membre depuis", "En vigueur",
    "Site internet", "E-mail de contact",
]
EXPORT_FIELDS = (
    "id", "name", "kind", "code_insee", "siren", "departement_code", "population", "postal_codes",
    "is_member", "member_since", "is_active", "website", "contact_email",
    "epci__id", "epci__name", "epci__siren",
)
# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


def _row(c: Collectivite) -> list[str]:
    epci = c.epci
    return [
        _cell(v)
        for v in (
            c.name, c.get_kind_display(), c.code_insee, c.siren or "", c.departement_code,
            epci.name if epci else "", (epci.siren or "") if epci else "",
            c.population if c.population is not None else "",
            " ".join(c.postal_codes or []), _yes_no(c.is_member),
            c.member_since.strftime("%d/%m/%Y") if c.member_since else "",
            _yes_no(c.is_active), c.website, c.contact_email,
        )
    ]


def members_csv(rows: QuerySet) -> Iterator[str]:
    """Lines of the CSV, the first one prefixed with the BOM."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADERS)
    iterable: Iterable[Collectivite] = rows.only(*EXPORT_FIELDS).iterator(chunk_size=2000)
    for collectivite in iterable:
        yield writer.writerow(_row(collectivite))
