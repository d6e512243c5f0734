"""Demo data of the REEN strategy builder, on top of the demo territory: a draft strategy with
its orientations, objectives and work programme, two online services assessed against the RGESN
and last year's snapshot. Everything is fictitious. Idempotent: a second run changes nothing.

Everything goes through the services, so the demo journals like real use."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from socle.territoires.models import Collectivite

from . import rgesn, selectors, services
from .models import Objective, OnlineService, Strategy, WorkAction

DEMO_CODE_INSEE = "07186"  # Privas, a commune of the demo territory

ORIENTATIONS = {
    "1": "Acheter d'abord reconditionné (démo) : au moins 20 % des dépenses de matériel.",
    "2": "Garder les postes six ans, les réparer, donner ceux qui ne servent plus (démo).",
    "3": "Évaluer le site de la commune et le portail familles selon le RGESN (démo).",
    "4": "Une fresque du numérique par an pour les élus et les agents (démo).",
    "5": "Ateliers à la médiathèque sur les impacts du numérique (démo).",
    "6": "Pas de nouveaux capteurs sans bilan environnemental favorable (démo).",
}
OBJECTIVES = [
    (1, "Atteindre 20 % d'achats reconditionnés (démo)", "achats_reemploi_pct", 5, 20, 2027),
    (2, "Donner une seconde vie à 30 appareils (démo)", "dons_reemploi", 0, 30, 2027),
    (3, "Score RGESN de 60 % sur le site de la commune (démo)", "rgesn_score", None, 60, 2026),
    (4, "Sensibiliser 40 agents et élus (démo)", "participants_internes", 0, 40, 2026),
]
ACTIONS = [
    (1, "Clause de réemploi dans le marché de postes de travail (démo)", "Commande publique",
     "in_progress"),
    (2, "Inventaire du parc et plan de renouvellement (démo)", "Service informatique", "done"),
    (2, "Proposer les portables de 2017 à la bourse au réemploi (démo)", "Service informatique",
     "planned"),
    (4, "Fresque du numérique pour le conseil municipal (démo)", "Direction générale",
     "planned"),
]


def demo_commune() -> Collectivite | None:
    return Collectivite.objects.filter(code_insee=DEMO_CODE_INSEE, kind="commune").first()


def demo_reen_load(*, actor, collectivite) -> bool:
    """Load the demo strategy of ``collectivite``; False when it already has one."""
    if Strategy.objects.filter(collectivite=collectivite).exists():
        return False
    year = timezone.localdate().year
    with transaction.atomic():
        services.strategy_save(actor=actor, collectivite=collectivite, data={
            "title": "Stratégie numérique responsable (démo)", "start_year": year,
            "end_year": year + 5, "status": Strategy.Status.DRAFT, "adopted_on": None,
            "ambition": "Un numérique utile, sobre et partagé sur la commune (démo).",
            "orientations": ORIENTATIONS})
        for theme, title, indicator, baseline, target, target_year in OBJECTIVES:
            services.objective_save(actor=actor, objective=Objective(
                collectivite=collectivite, theme=theme, title=title, indicator=indicator,
                baseline=baseline, target=target, target_date=datetime.date(target_year, 12, 31)))
        for theme, title, owner, status in ACTIONS:
            services.action_save(actor=actor, action=WorkAction(
                collectivite=collectivite, theme=theme, title=title, owner=owner,
                start_date=datetime.date(year, 1, 15), end_date=datetime.date(year + 1, 6, 30),
                status=status))
        _assess(actor, collectivite)
        figures = selectors.strategy_figures(collectivite=collectivite)
        services.snapshot_take(actor=actor, collectivite=collectivite, year=year - 1,
                               computed=figures["computed"],
                               entered={"achats_reemploi_pct": 5, "ateliers_internes": 1,
                                        "participants_internes": 12})
    return True


def _assess(actor, collectivite) -> None:
    """Two services: every third criterion met, every seventh not applicable."""
    for index, name in enumerate(("Site internet de la commune (démo)",
                                  "Portail familles (démo)")):
        service = OnlineService.objects.filter(collectivite=collectivite, name=name).first() or (
            services.online_service_create(actor=actor, collectivite=collectivite, name=name))
        answers = {}
        for position, criterion in enumerate(rgesn.criteria()):
            if position % 7 == index:
                answers[criterion.number] = (rgesn.NOT_APPLICABLE, "")
            elif position % 3 == index:
                answers[criterion.number] = (rgesn.MET, "")
            else:
                answers[criterion.number] = (rgesn.NOT_MET, "")
        services.rgesn_assess(actor=actor, service=service, answers=answers)
