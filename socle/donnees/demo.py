"""Demo data of the donnees app, on top of the demo territory (``load_demo``): the demo DPO's
three communes get adopted templates, Davézieux an open breach, Privas an overdue request.
Everything is fictitious. Idempotent: a second run changes nothing."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from socle.comptes.models import User
from socle.territoires.demo import DEMO_EMAIL_DOMAIN
from socle.territoires.models import Collectivite

from . import services
from .models import Breach, Processing, ProcessingTemplate, SubjectRequest

DPO_EMAIL = f"dpo@{DEMO_EMAIL_DOMAIN}"
ADOPTIONS = {
    "07010": ("etat-civil", "listes-electorales", "restauration-periscolaire", "videoprotection"),
    "07078": ("etat-civil", "lettre-information"),
    "07186": ("etat-civil", "paie-rh", "urbanisme"),
}
BREACH_TITLE = "Courriel envoyé avec la liste des inscrits en copie visible (démo)"


class DemoMissing(Exception):
    """The demo territory is not loaded."""


def _communes() -> dict[str, Collectivite]:
    found = {c.code_insee: c for c in Collectivite.objects.filter(
        kind=Collectivite.Kind.COMMUNE, code_insee__in=ADOPTIONS, is_active=True)}
    if len(found) < len(ADOPTIONS):
        raise DemoMissing("Lancez d'abord « python manage.py load_demo ».")
    return found


def _adopt(dpo, communes) -> int:
    count = 0
    for code, slugs in ADOPTIONS.items():
        for slug in slugs:
            template = ProcessingTemplate.objects.get(slug=slug)
            adopted = Processing.objects.filter(collectivite=communes[code], template=template)
            if not adopted.exists():
                services.processing_adopt(actor=dpo, template=template,
                                          collectivites=[communes[code]])
                count += 1
    return count


def _breach(dpo, davezieux) -> int:
    if Breach.objects.filter(collectivite=davezieux, title=BREACH_TITLE).exists():
        return 0
    services.breach_create(actor=dpo, collectivite=davezieux, data={
        "title": BREACH_TITLE,
        "detected_at": timezone.now() - datetime.timedelta(hours=30),
        "nature": ["confidentialite"],
        "description": "Un message aux familles inscrites à la cantine a été envoyé avec toutes "
                       "les adresses en copie visible.",
        "person_categories": "Familles inscrites au périscolaire",
        "persons_count": 140, "records_count": 140,
        "consequences": "Divulgation d'adresses électroniques entre familles.",
        "measures": "Demande de suppression du message ; envoi futur en copie cachée.",
    })
    return 1


def _request(dpo, privas) -> int:
    if SubjectRequest.objects.filter(collectivite=privas, requester__endswith="(démo)").exists():
        return 0
    services.request_create(actor=dpo, collectivite=privas, data={
        "kind": "acces", "received_on": timezone.localdate() - datetime.timedelta(days=40),
        "requester": "Camille Fictif (démo)",
        "summary": "Copie des données détenues sur sa famille par le service enfance.",
        "identity_checked": True, "identity_note": "Copie de pièce d'identité reçue par courrier.",
    })
    return 1


def demo_donnees_load() -> dict[str, int]:
    communes = _communes()
    dpo = User.objects.filter(email=DPO_EMAIL).first()
    if dpo is None:
        raise DemoMissing("Le compte DPO de démonstration est absent : lancez « load_demo ».")
    templates = services.templates_sync()
    with transaction.atomic():
        return {"templates": templates["created"] + templates["updated"],
                "adoptions": _adopt(dpo, communes),
                "breaches": _breach(dpo, communes["07078"]),
                "requests": _request(dpo, communes["07186"])}
