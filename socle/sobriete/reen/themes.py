"""The six themes of the REEN decree and the indicators Socle follows for each, in Socle's own
words (facts from the State's operational guide, see socle/data/sobriete/reen/SOURCE.md).

An indicator is either computed from Socle's data (``auto``: inventory, reuse pool, RGESN
self-assessment, audit journal) or entered by the collectivité when it takes its yearly snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Communes and EPCI at or above this population must adopt a strategy (law n° 2021-1485, art. 35).
OBLIGATION_THRESHOLD = 50_000
OBLIGED_KINDS = {"commune", "epci"}
REUSE_PURCHASE_FLOOR_PCT = 20  # AGEC law, article 58


@dataclass(frozen=True)
class Theme:
    code: int
    title: str
    summary: str


@dataclass(frozen=True)
class Indicator:
    key: str
    theme: int
    label: str
    unit: str
    auto: bool = False


THEMES: list[Theme] = [
    Theme(1, _("Achats publics durables, réemploi et réparation"),
          _("Acheter moins et mieux : matériel reconditionné, clauses de réparabilité et de "
            "mises à jour longues, achats mutualisés entre collectivités. La loi AGEC fixe un "
            "plancher de 20 % des dépenses de matériel informatique issues du réemploi.")),
    Theme(2, _("Gestion durable du parc, au plus près du territoire"),
          _("Connaître son parc, le garder plus longtemps, réparer localement, donner ce qui ne "
            "sert plus à d'autres collectivités, écoles et associations, et faire recycler le "
            "reste par une filière agréée.")),
    Theme(3, _("Écoconception des sites et services numériques"),
          _("Concevoir des services sobres et utiles : autodiagnostic RGESN des services en "
            "ligne, clause RGESN dans les marchés, hébergement et réseau moins énergivores.")),
    Theme(4, _("Sensibilisation des élus et des agents"),
          _("Former et sensibiliser élus et agents au numérique responsable et à la sécurité "
            "informatique : ateliers, groupes de travail, bons gestes au quotidien.")),
    Theme(5, _("Sensibilisation des habitants et inclusion numérique"),
          _("Faire connaître aux habitants les impacts du numérique, en lien avec l'inclusion "
            "numérique : ateliers, interventions dans les écoles et les lieux publics, "
            "réparation et réemploi de proximité.")),
    Theme(6, _("Territoire connecté et durable, données ouvertes"),
          _("N'équiper le territoire d'objets connectés que lorsque le bilan est favorable, "
            "mutualiser les réseaux, gouverner et ouvrir les données utiles.")),
]
THEME_BY_CODE = {t.code: t for t in THEMES}
THEME_CHOICES = [(t.code, f"{t.code}. {t.title}") for t in THEMES]

INDICATORS: list[Indicator] = [
    Indicator("achats_reemploi_pct", 1, _("Part des dépenses de matériel issues du réemploi"), "%"),
    Indicator("clauses_responsables", 1, _("Marchés avec clause sociale ou environnementale"),
              _("marchés")),
    Indicator("parc_appareils", 2, _("Appareils au parc"), _("appareils"), auto=True),
    Indicator("parc_age_moyen", 2, _("Âge moyen du parc"), _("ans"), auto=True),
    Indicator("empreinte_fabrication", 2, _("Empreinte de fabrication du parc"), "kgCO2e",
              auto=True),
    Indicator("dons_reemploi", 2, _("Appareils donnés (seconde vie)"), _("appareils"), auto=True),
    Indicator("appareils_recus", 2, _("Appareils reçus d'un autre membre"), _("appareils"),
              auto=True),
    Indicator("co2_evite", 2, _("Émissions de fabrication évitées par le réemploi"), "kgCO2e",
              auto=True),
    Indicator("deee_kg", 2, _("DEEE collectés par une filière agréée"), "kg"),
    Indicator("rgesn_score", 3, _("Score RGESN moyen des services en ligne"), "%", auto=True),
    Indicator("agents_formes_ecoconception_pct", 3,
              _("Agents concernés formés à l'écoconception"), "%"),
    Indicator("ateliers_internes", 4, _("Ateliers de sensibilisation (élus et agents)"),
              _("ateliers")),
    Indicator("participants_internes", 4, _("Participants aux ateliers (élus et agents)"),
              _("personnes")),
    Indicator("actions_habitants", 5, _("Actions de sensibilisation des habitants"),
              _("actions")),
    Indicator("habitants_touches", 5, _("Habitants touchés (estimation)"), _("personnes")),
    Indicator("objets_connectes", 6, _("Objets connectés déployés"), _("objets")),
    Indicator("ia_energie_wh", 6, _("Énergie des appels à un modèle d'IA"), "Wh", auto=True),
]
INDICATOR_BY_KEY = {i.key: i for i in INDICATORS}
MANUAL_INDICATORS = [i for i in INDICATORS if not i.auto]


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.key, f"{i.theme}. {i.label} ({i.unit})") for i in INDICATORS]


def strategy_required(collectivite) -> bool:
    """Communes and EPCI of 50,000 inhabitants or more must adopt a strategy."""
    return (
        collectivite.kind in OBLIGED_KINDS
        and (collectivite.population or 0) >= OBLIGATION_THRESHOLD
    )
