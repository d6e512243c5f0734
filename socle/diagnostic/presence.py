"""The declared presence of a collectivité: edited by the member or the operator, published (or
not) on the territory's public page, and imported in bulk from the State's directory data.

Accepted import files (UTF-8, at most ``MAX_IMPORT_BYTES``), one row per organisation:

- the ANCT's JSON (a list of objects, as in ``organizations-sample.json``): ``siren``,
  ``siret``, ``insee_geo``, ``website_url``, ``email_official``;
- the "Annuaire de l'administration" (Service-Public.fr / API Lannuaire) export, JSON (a list,
  or an object holding it under ``service``, ``results`` or ``records``) or CSV (``;`` or
  ``,``): ``siren``, ``siret``, ``code_insee`` or ``code_insee_commune``, ``site_internet``
  (a URL, a list of ``{"valeur": URL}`` or that list as JSON text), ``adresse_courriel`` (the
  first address when several are separated by ``;``).

A row designates a collectivité by SIREN (or the SIREN part of its SIRET) first, then by the
INSEE code of a commune. Rows matching nothing are reported as unknown; an invalid website or
e-mail is left out of that row and reported. Nothing is written when the file cannot be read.
"""

from __future__ import annotations

import contextlib
import csv
import io
import ipaddress
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle import permissions
from socle.diagnostic.models import Presence
from socle.diagnostic.permissions import require_edit_presence, require_territory
from socle.journal.services import record, register_actions
from socle.territoires.models import Collectivite

register_actions(
    {
        "diagnostic.presence_updated": gettext_lazy("Présence déclarée modifiée"),
        "diagnostic.presence_imported": gettext_lazy("Import des présences déclarées"),
        "diagnostic.presence_published": gettext_lazy(
            "Publication du diagnostic externe sur la page publique"
        ),
    }
)

MAX_EXTRA_DOMAINS = 20
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_REPORTED = 50  # unknown rows and warnings listed one by one in the report
SOURCE_DIRECTORY = "annuaire"
SOURCE_MEMBER = "membre"
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_SIREN = re.compile(r"^\d{9}$")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")

# Column names of each field, in order of preference (ANCT first, then the Annuaire).
SIREN_KEYS = ("siren",)
SIRET_KEYS = ("siret",)
INSEE_KEYS = ("insee_geo", "code_insee", "code_insee_commune", "insee")
WEBSITE_KEYS = ("website_url", "site_internet", "site_web", "website")
EMAIL_KEYS = ("email_official", "adresse_courriel", "email", "courriel")
ID_KEYS = SIREN_KEYS + SIRET_KEYS + INSEE_KEYS


class PresenceImportError(ValueError):
    """The file cannot be imported at all (size, encoding, format): nothing was written."""


def parse_extra_domains(text: str | list) -> list[str]:
    """Domain names one per line (or a list): lower-cased, deduplicated, validated. Raises
    ValidationError with a French message naming the faulty line."""
    lines = text if isinstance(text, list) else str(text or "").splitlines()
    domains: list[str] = []
    for raw in lines:
        name = str(raw).strip().lower().rstrip(".")
        if not name:
            continue
        if "://" in name or "/" in name or "@" in name:
            raise ValidationError(
                _("« %(value)s » : indiquez seulement le nom de domaine (ex. : mairie-exemple.fr).")
                % {"value": raw.strip()}
            )
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            pass
        else:
            raise ValidationError(
                _("« %(value)s » : une adresse IP n'est pas un nom de domaine.") % {"value": name}
            )
        try:
            ascii_name = name.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_name = ""
        labels = ascii_name.split(".")
        if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(p) for p in labels):
            raise ValidationError(
                _("« %(value)s » n'est pas un nom de domaine valide.") % {"value": name}
            )
        if labels[-1].isdigit():
            raise ValidationError(
                _("« %(value)s » n'est pas un nom de domaine valide.") % {"value": name}
            )
        if name not in domains:
            domains.append(name)
    if len(domains) > MAX_EXTRA_DOMAINS:
        raise ValidationError(
            _("%(max)s domaines au plus (vous en indiquez %(n)s).")
            % {"max": MAX_EXTRA_DOMAINS, "n": len(domains)}
        )
    return domains


def presence_of(collectivite: Collectivite) -> Presence:
    """The declared presence, created from the collectivité's directory data the first time."""
    presence, _created = Presence.objects.get_or_create(
        collectivite=collectivite,
        defaults={"website": collectivite.website, "contact_email": collectivite.contact_email},
    )
    return presence


def presence_update(
    *, actor, collectivite, website: str, contact_email: str, extra_domains, request=None
) -> Presence:
    """Save what the member (or the operator) declares; from then on an import of the
    directory leaves it alone unless forced."""
    require_edit_presence(actor, collectivite)
    domains = parse_extra_domains(extra_domains)
    with transaction.atomic():
        presence = presence_of(collectivite)
        before = _snapshot(presence)
        presence.website = (website or "").strip()
        presence.contact_email = (contact_email or "").strip().lower()
        presence.extra_domains = domains
        presence.source = SOURCE_MEMBER
        presence.full_clean()
        presence.save()
        after = _snapshot(presence)
        record(
            actor=actor,
            action="diagnostic.presence_updated",
            collectivite=collectivite,
            obj=presence,
            request=request,
            details={"avant": before, "après": after},
        )
    return presence


def presence_set_public(*, actor, collectivite, public: bool, request=None) -> Presence:
    """Opt in to (or out of) the territory's public page."""
    if not permissions.can(actor, "diagnostic.publish", collectivite):
        raise PermissionDenied(_("Vous n'avez pas les droits pour publier ces résultats."))
    with transaction.atomic():
        presence = presence_of(collectivite)
        if presence.public != public:
            presence.public = public
            presence.save(update_fields=["public", "updated_at"])
            record(
                actor=actor,
                action="diagnostic.presence_published",
                collectivite=collectivite,
                obj=presence,
                request=request,
                details={"publié": public},
            )
    return presence


def _snapshot(presence: Presence) -> dict:
    return {
        "site": presence.website,
        "e-mail": presence.contact_email,
        "autres domaines": list(presence.extra_domains or []),
    }


# --- Import from the State's directory -------------------------------------------------------


@dataclass
class ImportReport:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # edited by the member: left alone
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_details(self) -> dict:
        return {
            "lignes": self.rows,
            "créées": len(self.created),
            "mises à jour": len(self.updated),
            "inchangées": self.unchanged,
            "gardées (saisies par le membre)": len(self.kept),
            "inconnues": len(self.unknown),
        }


@dataclass
class _Row:
    line: int
    siren: str
    insee: str
    website: str
    email: str

    @property
    def label(self) -> str:
        return self.siren or self.insee or _("ligne %(n)s") % {"n": self.line}


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise PresenceImportError(
            _("Fichier trop volumineux : %(max)s Mo au plus.")
            % {"max": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise PresenceImportError(_("Le fichier est vide."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PresenceImportError(
            _(
                "Le fichier n'est pas encodé en UTF-8 (octet illisible à la position "
                "%(pos)s) : enregistrez-le en UTF-8 puis recommencez."
            )
            % {"pos": exc.start}
        ) from exc


def _records(text: str, filename: str) -> list[dict]:
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped[:1] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PresenceImportError(
                _("JSON illisible (ligne %(line)s) : %(msg)s.")
                % {"line": exc.lineno, "msg": exc.msg}
            ) from exc
        if isinstance(data, dict):
            for key in ("service", "results", "records", "organizations", "data"):
                if isinstance(data.get(key), list):
                    data = data[key]
                    break
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise PresenceImportError(
                _("Le JSON doit être une liste d'organisations (objets).")
            )
        return data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise PresenceImportError(_("Le fichier CSV n'a pas de ligne d'en-tête."))
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames]
    try:
        return list(reader)
    except csv.Error as exc:
        raise PresenceImportError(_("CSV illisible : %(msg)s.") % {"msg": exc}) from exc


def _first(record_: dict, keys: tuple[str, ...]):
    for key in keys:
        value = record_.get(key)
        if value not in (None, "", []):
            return value
    return ""


def _website(value) -> str:
    if isinstance(value, str) and value.strip().startswith("["):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(value)
    if isinstance(value, list):
        value = next(
            (v.get("valeur", "") if isinstance(v, dict) else str(v) for v in value if v), ""
        )
    return str(value or "").strip()


def _email(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").split(";")[0].split(",")[0].strip().lower()


def _rows(records: list[dict]) -> list[_Row]:
    if records and not any(any(k in r for k in ID_KEYS) for r in records[:50]):
        raise PresenceImportError(
            _(
                "Colonnes non reconnues : il faut un identifiant (siren, siret, insee_geo, "
                "code_insee ou code_insee_commune) et le site (website_url ou site_internet) "
                "ou l'e-mail (email_official ou adresse_courriel)."
            )
        )
    rows = []
    for line, record_ in enumerate(records, start=1):
        record_ = {str(k).strip().lower(): v for k, v in record_.items() if k is not None}
        siren = str(_first(record_, SIREN_KEYS)).replace(" ", "")
        if not siren:
            siren = str(_first(record_, SIRET_KEYS)).replace(" ", "")[:9]
        insee = str(_first(record_, INSEE_KEYS)).strip().upper()
        rows.append(
            _Row(
                line=line,
                siren=siren if _SIREN.match(siren) else "",
                insee=insee if _INSEE.match(insee) else "",
                website=_website(_first(record_, WEBSITE_KEYS)),
                email=_email(_first(record_, EMAIL_KEYS)),
            )
        )
    return rows


def _valid_values(row: _Row, report: ImportReport) -> tuple[str, str]:
    website, email = row.website, row.email
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            _warn(report, _("%(row)s : site « %(value)s » ignoré (adresse invalide).")
                  % {"row": row.label, "value": website[:80]})
            website = ""
    if email:
        try:
            validate_email(email)
        except ValidationError:
            _warn(report, _("%(row)s : e-mail « %(value)s » ignoré (adresse invalide).")
                  % {"row": row.label, "value": email[:80]})
            email = ""
    return website, email


def _warn(report: ImportReport, message: str) -> None:
    if len(report.warnings) < MAX_REPORTED:
        report.warnings.append(message)


def presence_import(
    *, actor, data: bytes, filename: str = "", force: bool = False, request=None
) -> ImportReport:
    """Import the directory's websites and e-mails. ``actor`` None is the command line. A
    presence edited in Socle (``source="membre"``) is kept unless ``force``. Raises
    PresenceImportError (French message) when the file cannot be read: nothing is written."""
    if actor is not None:
        require_territory(actor)
    rows = _rows(_records(_decode(data), filename))
    report = ImportReport(rows=len(rows))
    sirens = {r.siren for r in rows if r.siren}
    insees = {r.insee for r in rows if r.insee}
    by_siren = {c.siren: c for c in Collectivite.objects.filter(siren__in=sirens)}
    by_insee = {
        c.code_insee: c
        for c in Collectivite.objects.filter(
            kind=Collectivite.Kind.COMMUNE, is_active=True, code_insee__in=insees
        )
    }
    targets = [*by_siren.values(), *by_insee.values()]
    existing = {p.collectivite_id: p for p in Presence.objects.filter(collectivite__in=targets)}
    with transaction.atomic():
        for row in rows:
            collectivite = by_siren.get(row.siren) or by_insee.get(row.insee)
            if collectivite is None:
                if len(report.unknown) < MAX_REPORTED:
                    report.unknown.append(row.label)
                else:
                    report.unknown.append("")
                continue
            website, email = _valid_values(row, report)
            _apply(collectivite, existing, website, email, force, report)
        record(
            actor=actor,
            action="diagnostic.presence_imported",
            request=request,
            details={**report.as_details(), "fichier": filename[:120], "forcé": force},
        )
    report.unknown = [u for u in report.unknown if u] + (
        [] if len(report.unknown) <= MAX_REPORTED else ["…"]
    )
    return report


def _apply(collectivite, existing, website, email, force, report) -> None:
    presence = existing.get(collectivite.pk)
    if presence is None:
        presence = Presence(collectivite=collectivite, website=website, contact_email=email,
                            source=SOURCE_DIRECTORY)
        presence.full_clean()
        presence.save()
        existing[collectivite.pk] = presence
        report.created.append(str(collectivite))
        return
    if presence.source == SOURCE_MEMBER and not force:
        report.kept.append(str(collectivite))
        return
    new_website = website or presence.website
    new_email = email or presence.contact_email
    if (new_website, new_email, presence.source) == (
        presence.website, presence.contact_email, SOURCE_DIRECTORY
    ):
        report.unchanged += 1
        return
    presence.website, presence.contact_email = new_website, new_email
    presence.source = SOURCE_DIRECTORY
    presence.full_clean()
    presence.save()
    report.updated.append(str(collectivite))
