"""Writes of the data catalogue, sharing agreements and open data. Each service checks the rights
(``socle.donnees.rules``), validates, writes in one transaction with its audit journal entry."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socle.donnees import rules
from socle.journal.services import record, register_actions

from .models import (
    AccessType,
    AgreementStatus,
    Dataset,
    DatasetVersion,
    OpenDataProfile,
    SharingAgreement,
    SharingLevel,
)
from .schemas import SCHEMAS, load_schema
from .validation import Report, validate
from .validation.checks import siret_ok

register_actions({
    "donnees.dataset_created": gettext_lazy("Ajout d'un jeu de données au catalogue"),
    "donnees.dataset_updated": gettext_lazy("Modification d'un jeu de données"),
    "donnees.dataset_archived": gettext_lazy("Archivage d'un jeu de données"),
    "donnees.opendata_published": gettext_lazy("Publication d'un fichier de données ouvertes"),
    "donnees.opendata_refused": gettext_lazy("Fichier de données ouvertes refusé (non conforme)"),
    "donnees.opendata_siret_set": gettext_lazy("SIRET des données ouvertes renseigné"),
    "donnees.agreement_created": gettext_lazy("Proposition d'une convention de partage"),
    "donnees.agreement_accepted": gettext_lazy("Acceptation d'une convention de partage"),
    "donnees.agreement_ended": gettext_lazy("Fin d'une convention de partage"),
})

CATALOGUE_SLUG = "catalogue-des-donnees"


def _check_dataset(dataset: Dataset) -> None:
    errors: dict[str, str] = {}
    if dataset.processing_id and dataset.processing.collectivite_id != dataset.collectivite_id:
        errors["processing"] = _("Ce traitement n'appartient pas au registre de la collectivité.")
    if dataset.personal_data and dataset.sharing_level == SharingLevel.OPEN \
            and dataset.access_type == AccessType.OPEN:
        errors["access_type"] = _("Un jeu contenant des données personnelles ne peut pas être "
                                  "ouvert à tous : choisissez un accès restreint ou avec compte.")
    if dataset.access_type != AccessType.OPEN and not dataset.access_reason:
        errors["access_reason"] = _("Indiquez le motif de la restriction d'accès.")
    if dataset.schema and dataset.schema not in SCHEMAS:
        errors["schema"] = _("Schéma inconnu.")
    if dataset.temporal_start and dataset.temporal_end \
            and dataset.temporal_end < dataset.temporal_start:
        errors["temporal_end"] = _("La fin de la couverture précède son début.")
    if errors:
        raise ValidationError(errors)
    if not dataset.slug:
        dataset.slug = _free_slug(dataset)
    dataset.full_clean()


def _free_slug(dataset: Dataset) -> str:
    base = slugify(dataset.title)[:70] or "jeu"
    taken = set(Dataset.objects.filter(collectivite_id=dataset.collectivite_id,
                                       slug__startswith=base).values_list("slug", flat=True))
    slug, index = base, 2
    while slug in taken:
        slug, index = f"{base}-{index}", index + 1
    return slug


def dataset_create(*, actor, collectivite, data: dict[str, Any]) -> Dataset:
    rules.require(actor, "donnees.edit", collectivite)
    dataset = Dataset(collectivite=collectivite, **data)
    _check_dataset(dataset)
    with transaction.atomic():
        dataset.save()
        record(actor=actor, action="donnees.dataset_created", collectivite=collectivite,
               obj=dataset, details={"niveau de partage": dataset.get_sharing_level_display()})
    return dataset


def dataset_update(*, actor, dataset: Dataset, data: dict[str, Any]) -> bool:
    rules.require(actor, "donnees.edit", dataset.collectivite)
    if dataset.archived_at:
        raise ValidationError(_("Ce jeu de données est archivé : il ne peut plus être modifié."))
    before = {f: getattr(dataset, f) for f in data}
    for name, value in data.items():
        setattr(dataset, name, value)
    changed = {f: {"avant": str(before[f]), "après": str(getattr(dataset, f))}
               for f in data if before[f] != getattr(dataset, f)}
    if not changed:
        return False
    _check_dataset(dataset)
    with transaction.atomic():
        dataset.save()
        record(actor=actor, action="donnees.dataset_updated",
               collectivite=dataset.collectivite, obj=dataset, details=changed)
    return True


def dataset_archive(*, actor, dataset: Dataset, reason: str) -> None:
    """Archive (never delete): the public file and the catalogue entry stop being served."""
    rules.require(actor, "donnees.archive", dataset.collectivite)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de l'archivage.")})
    if dataset.archived_at:
        raise ValidationError(_("Ce jeu de données est déjà archivé."))
    dataset.archived_at, dataset.archived_reason = timezone.now(), reason
    with transaction.atomic():
        dataset.save(update_fields=["archived_at", "archived_reason", "updated_at"])
        record(actor=actor, action="donnees.dataset_archived", collectivite=dataset.collectivite,
               obj=dataset, details={"motif": reason})


# --- Open data ---------------------------------------------------------------------------------


def _publishable(dataset: Dataset) -> None:
    if dataset.archived_at:
        raise ValidationError(_("Ce jeu de données est archivé."))
    if dataset.sharing_level != SharingLevel.OPEN:
        raise ValidationError(_("Seul un jeu de niveau « ouvert » peut être publié en données "
                                "ouvertes : modifiez d'abord son niveau de partage."))
    if not dataset.schema:
        raise ValidationError(_("Choisissez d'abord le schéma SCDL du jeu de données."))


def version_publish(
    *, actor, dataset: Dataset, data: bytes, filename: str = "",
    source: str = DatasetVersion.Source.UPLOAD,
) -> tuple[Report, DatasetVersion | None]:
    """Validate the file against the dataset's schema; publish it as a new version when valid.
    A refused file is journaled (with its error count) and not kept."""
    rules.require(actor, "donnees.edit", dataset.collectivite)
    _publishable(dataset)
    schema = load_schema(dataset.schema)
    report = validate(schema, data)
    if not report.valid:
        record(actor=actor, action="donnees.opendata_refused", collectivite=dataset.collectivite,
               obj=dataset, details={"fichier": filename, "erreurs": report.issue_count})
        return report, None
    with transaction.atomic():
        last = dataset.versions.select_for_update().aggregate(n=Max("number"))["n"] or 0
        version = DatasetVersion(
            collectivite=dataset.collectivite, dataset=dataset, number=last + 1,
            schema_name=schema.name, schema_version=schema.version, source=source,
            original_name=filename[:200], content=data, size=len(data), rows=report.rows,
            sha256=hashlib.sha256(data).hexdigest(), published_by=actor)
        version.save()
        record(actor=actor, action="donnees.opendata_published",
               collectivite=dataset.collectivite, obj=dataset,
               details={"version": version.number, "lignes": report.rows,
                        "schéma": f"{schema.name} {schema.version}"})
    return report, version


def profile_set_siret(*, actor, collectivite, siret: str) -> OpenDataProfile:
    rules.require(actor, "donnees.edit", collectivite)
    siret = "".join(siret.split())
    if not siret_ok(siret):
        raise ValidationError({"siret": _("Ce numéro SIRET n'est pas valide (14 chiffres et "
                                          "une clé de contrôle correcte).")})
    if collectivite.siren and not siret.startswith(collectivite.siren):
        raise ValidationError({"siret": _("Ce SIRET ne commence pas par le SIREN de la "
                                          "collectivité (%(siren)s).") % {
                                              "siren": collectivite.siren}})
    with transaction.atomic():
        profile, _created = OpenDataProfile.objects.select_for_update().get_or_create(
            collectivite=collectivite, defaults={"siret": siret})
        if profile.siret != siret or _created:
            profile.siret = siret
            profile.full_clean()
            profile.save()
            record(actor=actor, action="donnees.opendata_siret_set", collectivite=collectivite,
                   details={"SIRET": siret})
    return profile


def catalogue_publish(*, actor, collectivite, siret: str) -> tuple[Report, DatasetVersion | None]:
    """Produce the SCDL simplified catalogue from the data catalogue, validate it against the
    official schema and publish it (its own catalogue entry, created the first time)."""
    from .production import catalogue_csv

    rules.require(actor, "donnees.edit", collectivite)
    profile = profile_set_siret(actor=actor, collectivite=collectivite, siret=siret)
    with transaction.atomic():
        dataset = Dataset.objects.filter(collectivite=collectivite, slug=CATALOGUE_SLUG).first()
        if dataset is None:
            dataset = dataset_create(actor=actor, collectivite=collectivite, data={
                "title": _("Catalogue des données"), "slug": CATALOGUE_SLUG,
                "description": _("Liste des jeux de données ouverts de la collectivité, au "
                                 "format SCDL « catalogue simplifié »."),
                "owner": str(collectivite), "sharing_level": SharingLevel.OPEN,
                "schema": "scdl/catalogue", "frequency": "IRREG"})
        data = catalogue_csv(collectivite=collectivite, siret=profile.siret, catalogue=dataset)
        return version_publish(actor=actor, dataset=dataset, data=data,
                               filename="catalogue.csv", source=DatasetVersion.Source.GENERATED)


# --- Sharing agreements ------------------------------------------------------------------------


def agreement_create(*, actor, dataset: Dataset, data: dict[str, Any]) -> SharingAgreement:
    rules.require(actor, "donnees.edit", dataset.collectivite)
    if dataset.archived_at:
        raise ValidationError(_("Ce jeu de données est archivé."))
    if dataset.sharing_level == SharingLevel.RESTRICTED:
        raise ValidationError(_("Ce jeu est à usage interne (restreint) : passez-le en "
                                "« partagé entre collectivités » avant de le partager."))
    agreement = SharingAgreement(collectivite=dataset.collectivite, dataset=dataset,
                                 created_by=actor, **data)
    if agreement.recipient_id == dataset.collectivite_id:
        raise ValidationError({"recipient": _("Choisissez une autre collectivité que la vôtre.")})
    if agreement.ends_on and agreement.starts_on and agreement.ends_on < agreement.starts_on:
        raise ValidationError({"ends_on": _("La fin précède le début de la convention.")})
    agreement.full_clean()
    with transaction.atomic():
        agreement.save()
        record(actor=actor, action="donnees.agreement_created", collectivite=dataset.collectivite,
               obj=agreement, details={"destinataire": str(agreement.recipient)})
        record(actor=actor, action="donnees.agreement_created", collectivite=agreement.recipient,
               obj=agreement, details={"fournisseur": str(dataset.collectivite)})
    return agreement


def agreement_accept(*, actor, agreement: SharingAgreement) -> None:
    """The recipient accepts: the agreement comes into force."""
    rules.require(actor, "donnees.edit", agreement.recipient)
    if agreement.status != AgreementStatus.PROPOSED:
        raise ValidationError(_("Cette convention n'est pas en attente d'acceptation."))
    agreement.status, agreement.accepted_at = AgreementStatus.ACTIVE, timezone.now()
    with transaction.atomic():
        agreement.save(update_fields=["status", "accepted_at"])
        for collectivite in (agreement.collectivite, agreement.recipient):
            record(actor=actor, action="donnees.agreement_accepted", collectivite=collectivite,
                   obj=agreement)


def agreement_end(*, actor, agreement: SharingAgreement, reason: str) -> None:
    """Either party ends the agreement, with a reason (the record stays)."""
    if not (rules.can(actor, "donnees.edit", agreement.collectivite)
            or rules.can(actor, "donnees.edit", agreement.recipient)):
        rules.require(actor, "donnees.edit", agreement.collectivite)
    if agreement.status == AgreementStatus.ENDED:
        raise ValidationError(_("Cette convention est déjà terminée."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de la fin de la convention.")})
    agreement.status, agreement.ended_at = AgreementStatus.ENDED, timezone.now()
    agreement.end_reason = reason.strip()
    with transaction.atomic():
        agreement.save(update_fields=["status", "ended_at", "end_reason"])
        for collectivite in (agreement.collectivite, agreement.recipient):
            record(actor=actor, action="donnees.agreement_ended", collectivite=collectivite,
                   obj=agreement, details={"motif": agreement.end_reason})
