"""CSV export of the member list: ``;`` separated, UTF-8 with a BOM so that LibreOffice and Excel
open it with the right accents, French headers, one line per collectivité."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from socle.core.csv_export import csv_lines

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


def _yes_no(flag: bool) -> str:
    return "oui" if flag else "non"


def _row(c: Collectivite) -> list:
    epci = c.epci
    return [
        c.name, c.get_kind_display(), c.code_insee, c.siren, c.departement_code,
        epci.name if epci else "", epci.siren if epci else "",
        c.population, " ".join(c.postal_codes or []), _yes_no(c.is_member),
        c.member_since.strftime("%d/%m/%Y") if c.member_since else "",
        _yes_no(c.is_active), c.website, c.contact_email,
    ]


def members_csv(rows: QuerySet) -> Iterator[str]:
    """Lines of the CSV (see socle.core.csv_export for the format)."""
    iterable: Iterable[Collectivite] = rows.only(*EXPORT_FIELDS).iterator(chunk_size=2000)
    return csv_lines(HEADERS, (_row(c) for c in iterable))
