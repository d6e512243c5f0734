"""Modules a member can open from their home. Each app that ships a usable module adds one
entry; the home lists only entries whose permission the user holds for that collectivité."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socle import permissions


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    description: str
    url_name: str  # reversed with the collectivité's pk
    action: str  # permissions.MATRIX key needed to open it


MODULES: list[Module] = [
    Module(
        "profil",
        _("Profil de la collectivité"),
        _("Coordonnées, site internet, référent et DPO."),
        "territoires:collectivite",
        "collectivite.view",
    ),
    Module(
        "personnes",
        _("Personnes et rôles"),
        _("Qui a accès à Socle pour la collectivité, et avec quel rôle."),
        "territoires:people",
        "membership.view",
    ),
    Module(
        "actes",
        _("Actes"),
        _("Délibérations et arrêtés pseudonymisés avant publication."),
        "actes:collectivite",
        "collectivite.view",
    ),
    Module(
        "autodiagnostic",
        _("Autodiagnostic"),
        _("Questionnaires de la structure, maturité par thème et plan d'action."),
        "questionnaires:collectivite",
        "collectivite.view",
    ),
    Module(
        "donnees",
        _("Données et RGPD"),
        _("Registre des traitements, violations, demandes, catalogue et données ouvertes."),
        "donnees:collectivite",
        "collectivite.view",
    ),
    Module(
        "sobriete",
        _("Numérique responsable"),
        _("Parc informatique, empreinte, durée de vie, réemploi et stratégie REEN."),
        "sobriete:collectivite",
        "collectivite.view",
    ),
    Module(
        "diagnostic",
        _("Diagnostic externe"),
        _("Site internet, noms de domaine et messagerie vérifiés chaque nuit, avec quoi corriger."),
        "diagnostic:collectivite",
        "diagnostic.view",
    ),
    Module(
        "assistant",
        _("Assistant"),
        _("Recherche dans les fiches, questions avec sources, procès-verbaux, courrier."),
        "assistant:collectivite",
        "assistant.use",
    ),
    Module(
        "journal",
        _("Journal d'audit"),
        _("Qui a fait quoi, quand, pour la collectivité."),
        "journal:collectivite",
        "journal.view",
    ),
]


def modules_for(user, collectivite) -> list[dict]:
    return [
        {"module": m, "url": reverse(m.url_name, kwargs={"pk": collectivite.pk})}
        for m in MODULES
        if permissions.can(user, m.action, collectivite)
    ]
