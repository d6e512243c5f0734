"""The documented import columns, their French and GLPI aliases, and the validation of one row
into the fields of a Device. Messages are in French: they go into the import report."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import DeviceKind, DeviceStatus

# canonical column -> accepted headers (compared without accents, case or punctuation)
COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "type d'equipement", "categorie", "type d'ordinateur", "itemtype",
             "type de materiel"),
    "brand": ("marque", "fabricant", "brand", "manufacturer", "constructeur"),
    "model": ("modele", "model", "reference"),
    "serial_number": ("numero de serie", "n de serie", "serial", "serial number", "numserie",
                      "serie"),
    "purchase_date": ("date d'achat", "date achat", "purchase date", "achat"),
    "price": ("prix", "prix d'achat", "valeur", "price", "montant"),
    "site": ("site", "lieu", "location", "batiment"),
    "service": ("service", "groupe", "direction", "group"),
    "user_role": ("fonction", "role", "profil", "usager", "fonction de l'utilisateur"),
    "status": ("etat", "statut", "status", "state"),
    "support_end": ("fin du support", "fin de support", "fin de garantie",
                    "date de fin de garantie", "support end", "end of support"),
    "reconditioned": ("reconditionne", "reconditioned"),
}
REQUIRED = ("type",)

KINDS = {
    DeviceKind.LAPTOP: ("portable", "ordinateur portable", "laptop", "notebook", "pc portable"),
    DeviceKind.DESKTOP: ("fixe", "ordinateur fixe", "desktop", "tour", "pc fixe", "unite centrale",
                         "ordinateur", "computer", "mini pc", "client leger", "all in one"),
    DeviceKind.MONITOR: ("ecran", "moniteur", "monitor"),
    DeviceKind.SMARTPHONE: ("smartphone", "telephone", "telephone mobile", "phone", "mobile"),
    DeviceKind.TABLET: ("tablette", "tablet"),
    DeviceKind.PRINTER: ("imprimante", "printer", "copieur", "multifonction"),
    DeviceKind.SERVER: ("serveur", "server"),
    DeviceKind.NETWORK: ("reseau", "equipement reseau", "materiel reseau", "switch", "routeur",
                         "borne wifi", "network", "networkequipment"),
    DeviceKind.OTHER: ("autre", "other"),
}
STATUSES = {
    DeviceStatus.IN_USE: ("en service", "en usage", "utilise", "in use", "actif", "en production",
                          "in_use", ""),
    DeviceStatus.STOCK: ("stock", "en stock", "en reserve", "disponible"),
    DeviceStatus.BROKEN: ("en panne", "panne", "hs", "broken", "en reparation"),
    DeviceStatus.RETIRED: ("reforme", "retire", "retired", "rebut", "mis au rebut"),
}
TRUE_WORDS = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
FALSE_WORDS = {"non", "n", "no", "faux", "false", "0", ""}


def key(text) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9']+", " ", plain)).strip()


HEADERS = {key(alias): column for column, aliases in COLUMNS.items() for alias in aliases}
HEADERS.update({column: column for column in COLUMNS})
KIND_WORDS = {key(w): kind for kind, words in KINDS.items() for w in (*words, kind)}
STATUS_WORDS = {key(w): s for s, words in STATUSES.items() for w in (*words, s)}


def map_headers(headers: list[str]) -> dict[int, str]:
    """Column index -> canonical name, for the headers Socle knows (others are ignored)."""
    mapping = {}
    for index, header in enumerate(headers):
        column = HEADERS.get(key(header))
        if column and column not in mapping.values():
            mapping[index] = column
    return mapping


def parse_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("date illisible « %(value)s » (attendu JJ/MM/AAAA)") % {"value": text})


def parse_price(text: str) -> Decimal | None:
    text = re.sub(r"[\s\u00a0€]|EUR", "", (text or "").strip(), flags=re.IGNORECASE)
    if not text:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("prix illisible « %(value)s »") % {"value": text}) from None
    if value < 0 or value >= Decimal("100000000"):
        raise ValueError(_("prix hors limites « %(value)s »") % {"value": text})
    return value.quantize(Decimal("0.01"))


def _kind(text: str) -> str:
    found = KIND_WORDS.get(key(text))
    if found is None:
        raise ValueError(_("type d'équipement inconnu « %(value)s »") % {"value": text})
    return found


def _status(text: str) -> str:
    found = STATUS_WORDS.get(key(text))
    if found is None:
        raise ValueError(_("état inconnu « %(value)s »") % {"value": text})
    return found


def _flag(text: str) -> bool:
    word = key(text)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("valeur oui/non illisible « %(value)s »") % {"value": text})


LIMITS = {"brand": 100, "model": 200, "serial_number": 100, "site": 150, "service": 150,
          "user_role": 150}


def clean_row(raw: dict) -> tuple[dict, list[str]]:
    """Device fields from one raw row, and the reasons it is rejected (empty when valid)."""
    errors: list[str] = []
    fields: dict = {}
    text = {k: ("" if v is None else str(v)).strip() for k, v in raw.items()}
    if not text.get("type"):
        errors.append(_("type d'équipement manquant"))
    parsers = {"type": ("kind", _kind), "status": ("status", _status),
               "purchase_date": ("purchase_date", parse_date),
               "support_end": ("support_end", parse_date), "price": ("price", parse_price),
               "reconditioned": ("reconditioned", _flag)}
    for column, (field, parser) in parsers.items():
        if column in text and (text[column] or column == "status"):
            try:
                fields[field] = parser(text[column])
            except ValueError as exc:
                errors.append(str(exc))
    for column, limit in LIMITS.items():
        value = text.get(column, "")
        if len(value) > limit:
            errors.append(_("%(column)s trop long (%(limit)s caractères au plus)")
                          % {"column": column, "limit": limit})
        fields[column] = value[:limit]
    for column in ("cpu",):
        fields[column] = text.get(column, "")[:200]
    for column in ("memory_mb", "storage_gb", "battery_wear_percent"):
        if raw.get(column) not in (None, ""):
            fields[column] = int(raw[column])
    purchase = fields.get("purchase_date")
    if purchase and purchase > dt.date.today():
        errors.append(_("date d'achat dans le futur"))
    return fields, errors
