"""Deterministic detectors: phone numbers, e-mail addresses, NIR (with its key), IBAN (with its
checksum), dates of birth (only in a birth context), postal addresses, cadastral references and
vehicle plates. Each yields Entity objects with a French reason; keep/mask is decided later."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import KEEP, MASK, Entity

_I = re.IGNORECASE
_MONTHS = (
    "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|"
    "d[ée]cembre"
)
DATE = rf"(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})"

PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+33|0033)\s?(?:\(0\)\s?)?[1-9]|0[1-9])(?:[\s.\-\u00a0]?\d{2}){4}(?!\d)"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", _I)
NIR = re.compile(
    r"(?<![\dA-Z])[12][\s.]?\d{2}[\s.]?\d{2}[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}"
    r"[\s.]?\d{2}(?!\d)",
    _I,
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?\b")
BIRTH = re.compile(
    rf"(?:\bn[ée]e?s?\s+le|\bdate\s+de\s+naissance\s*:?|\bnaissance\s*:)\s*({DATE})"
    r"(\s+(?:à|a)\s+[A-ZÀ-Ý][\w'’ -]{1,40}?(?:\s*\(\d{2,3}|\s*\(2[AB]\)|\s*\([A-Z][\w -]+\))?\)?)?"
    r"(?=[\s,.;)]|$)",
)
_VOIE = (
    r"rue|avenue|av\.|boulevard|bd|chemin|impasse|all[ée]e|place|route|quai|mont[ée]e|"
    r"lieu-dit|lieudit|hameau|square|cours|passage|sentier|voie|r[ée]sidence|rond-point|"
    r"esplanade|cit[ée]|lotissement|faubourg|promenade|traverse|ruelle|parvis|domaine|clos|"
    r"chemin rural|grande rue|grand'rue"
)
_ADDRESS_TAIL = r"(?:[ \-'’]+(?:[A-Za-zÀ-ÿ'’\-]+|n°\s?\d{1,4}|\d{1,4}))*?"
ADDRESS = re.compile(
    rf"\b\d{{1,4}}(?:\s?(?:bis|ter|quater|[A-D])\b)?,?\s+(?:{_VOIE})\b{_ADDRESS_TAIL}"
    r"(?=\s*(?:,|\.|;|\n|\)|$|\s(?:à|a|au|et|pour|sur|est|sont|de la commune)\b|\s\d{5}))"
    r"(?:,?\s*(?:\d{5})\s+[A-ZÀ-Ý][\w'’\-]*(?:[ \-][A-ZÀ-Ýa-zà-ÿ'’][\w'’\-]*){0,3})?",
    _I,
)
LIEU_DIT = re.compile(
    r"\b(?:domicili[ée]e?s?|demeurant|r[ée]sidant)\s+(?:au\s+|à\s+|a\s+)?((?:lieu-dit|hameau|"
    r"quartier|r[ée]sidence|le\s+bourg)\s+[^,\n.;]{2,40}"
    r"(?:,?\s*\d{5}\s+[A-ZÀ-Ý][\w'’\-]*(?:[ \-][\w'’\-]+){0,3})?)",
    _I,
)
CADASTRE = re.compile(
    r"\b(?:cadastr[ée]+e?s?|parcelles?(?:\s+(?:voisine|contigu[ëe]|attenante|riveraine|"
    r"communale|agricole|bâtie|n°)s?)?|section)\s+(?:cadastr[ée]+e?s?\s+)?(?:section\s+)?"
    r"((?:[A-Z]{1,2}|0[A-Z])\s*(?:n[°o]\.?\s*|num[ée]ros?\s*)?\d{1,4}"
    r"(?:\s*(?:,|et)\s*(?:[A-Z]{1,2}\s*)?(?:n[°o]\.?\s*)?\d{1,4}(?!\d|\s*(?:m|ha|€)))*)",
)
PLATE_SIV = re.compile(r"\b[A-HJ-NP-TV-Z]{2}[- ]\d{3}[- ][A-HJ-NP-TV-Z]{2}\b|\b[A-HJ-NP-TV-Z]{2}"
                       r"\d{3}[A-HJ-NP-TV-Z]{2}\b")
PLATE_FNI = re.compile(r"(?<!section )\b\d{1,4}[ -][A-Z]{2,3}[ -](?:0[1-9]|[1-8]\d|9[0-5]|2A|2B)\b")
PLATE_CONTEXT = re.compile(r"v[ée]hicule|immatricul|plaque|voiture|camion|fourgon", _I)

# Institutional contact details (the mairie, the prefecture, the court): public, kept.
INSTITUTION = re.compile(
    r"mairie|h[ôo]tel de ville|pr[ée]fecture|tribunal|secr[ée]tariat|services? techniques|"
    r"accueil|si[èe]ge|CCAS|communaut[ée] de communes|gouv\.fr",
    _I,
)
_GENERIC_MAILBOX = re.compile(
    r"^(?:mairie|contact|accueil|secretariat|urbanisme|etat-?civil|ccas|dgs|rh|comptabilite|"
    r"services?-?techniques|info|courrier|prefecture|pref|webmaster|cimetiere|population)"
    r"[\w.-]*@|@(?:mairie|ville|commune)|gouv\.fr$",
    _I,
)


def _digits(value: str) -> str:
    return re.sub(r"[\s.\u00a0]", "", value)


def nir_is_valid(value: str) -> bool:
    """Key = 97 - (13 first characters mod 97); Corsica: 2A counts as 19, 2B as 18."""
    raw = _digits(value).upper()
    if len(raw) != 15:
        return False
    body, key = raw[:13], raw[13:]
    body = body.replace("2A", "19", 1) if body[5:7] == "2A" else body
    body = body.replace("2B", "18", 1) if body[5:7] == "2B" else body
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - int(body) % 97 == int(key)


IBAN_LENGTHS = {"FR": 27, "MC": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20, "CH": 21,
                "GB": 22, "PT": 25, "NL": 18}


def iban_is_valid(value: str) -> bool:
    raw = _digits(value).upper()
    if not 15 <= len(raw) <= 34 or not raw[:2].isalpha():
        return False
    if raw[:2] in IBAN_LENGTHS and len(raw) != IBAN_LENGTHS[raw[:2]]:
        return False
    moved = raw[4:] + raw[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return number.isdigit() and int(number) % 97 == 1


def _line_around(text: str, start: int, end: int) -> str:
    """The 60 characters before a detection, on its line: where "Mairie de …" or "tribunal
    administratif de …, " stands when the address or number is the institution's."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - 60) : end]


def _entity(text, start, end, label, reason, score, action=MASK) -> Entity:
    return Entity(start, end, label, text[start:end], action, reason, score)


def find_phones(text: str) -> Iterator[Entity]:
    for m in PHONE.finditer(text):
        if INSTITUTION.search(_line_around(text, m.start(), m.start())):
            yield _entity(text, *m.span(), "TELEPHONE",
                          "Numéro d'un service public (mairie, préfecture…) : conservé.", 0.9, KEEP)
        else:
            yield _entity(text, *m.span(), "TELEPHONE", "Numéro de téléphone.", 0.99)


def find_emails(text: str) -> Iterator[Entity]:
    for m in EMAIL.finditer(text):
        if _GENERIC_MAILBOX.search(m.group(0)):
            yield _entity(text, *m.span(), "EMAIL",
                          "Adresse générique d'un service public : conservée.", 0.9, KEEP)
        else:
            yield _entity(text, *m.span(), "EMAIL", "Adresse électronique.", 0.99)


def find_nirs(text: str) -> Iterator[Entity]:
    for m in NIR.finditer(text):
        if nir_is_valid(m.group(0)):
            yield _entity(text, *m.span(), "NIR",
                          "Numéro de sécurité sociale (clé de contrôle vérifiée).", 0.99)


def find_ibans(text: str) -> Iterator[Entity]:
    for m in IBAN.finditer(text):
        value = m.group(0)
        # The pattern may swallow the next word: shorten until the checksum holds.
        while len(_digits(value)) >= 15:
            if iban_is_valid(value):
                yield _entity(text, m.start(), m.start() + len(value.rstrip()), "IBAN",
                              "IBAN (clé de contrôle vérifiée).", 0.99)
                break
            value = value[:-1].rstrip()


def find_births(text: str) -> Iterator[Entity]:
    for m in BIRTH.finditer(text):
        end = m.end(2) if m.group(2) else m.end(1)
        yield _entity(text, m.start(1), end, "DATE_NAISSANCE",
                      "Date (et lieu) de naissance, introduite par « né(e) le ».", 0.98)


def find_addresses(text: str) -> Iterator[Entity]:
    for pattern, group in ((ADDRESS, 0), (LIEU_DIT, 1)):
        for m in pattern.finditer(text):
            start, end = m.span(group)
            if INSTITUTION.search(_line_around(text, start, start)):
                yield _entity(text, start, end, "ADRESSE",
                              "Adresse d'un service public (mairie, tribunal…) : conservée.",
                              0.85, KEEP)
            else:
                yield _entity(text, start, end, "ADRESSE", "Adresse postale (numéro et voie).",
                              0.9)


def find_parcels(text: str) -> Iterator[Entity]:
    for m in CADASTRE.finditer(text):
        yield _entity(text, *m.span(1), "CADASTRE", "Référence cadastrale (section et numéro).",
                      0.95)


def find_plates(text: str) -> Iterator[Entity]:
    for m in PLATE_SIV.finditer(text):
        yield _entity(text, *m.span(), "IMMATRICULATION", "Immatriculation (format AA-123-AA).",
                      0.95)
    for m in PLATE_FNI.finditer(text):
        if PLATE_CONTEXT.search(text[max(0, m.start() - 80) : m.start()]):
            yield _entity(text, *m.span(), "IMMATRICULATION",
                          "Immatriculation (ancien format, après « véhicule »).", 0.85)


DETECTORS = (find_emails, find_ibans, find_nirs, find_phones, find_births, find_addresses,
             find_parcels, find_plates)


def find_identifiers(text: str) -> list[Entity]:
    return [entity for detector in DETECTORS for entity in detector(text)]
