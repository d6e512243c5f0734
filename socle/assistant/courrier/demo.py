"""Demo citizen mail: fictitious letters with validated replies for the demo territory's
collectivités that have accounts (07010 and 07078), so the similar replies and the register show
something. Senders are invented; their e-mails use a reserved domain (.invalid)."""

from __future__ import annotations

import datetime
import json
import random

from django.db import transaction
from django.utils import timezone

from socle.territoires.models import Collectivite, Membership

from .categories import ensure_shared_categories
from .classifier import STARTER_PATH, classify
from .models import DUE_MONTHS, Letter, Reply, ServiceCategory, add_months

DEMO_DOMAIN = "habitants.demo.invalid"
TARGETS = {"07010": 32, "07078": 10}  # code INSEE -> number of letters
OPEN_LETTERS = 6  # the most recent ones stay without a reply
NAMES = [("Madame", "Claire Fabre"), ("Monsieur", "Julien Chazal"), ("Madame", "Sophie Roux"),
         ("Monsieur", "Marc Vernet"), ("Madame", "Nadia Benali"), ("Monsieur", "Paul Issartel"),
         ("Madame", "Élodie Mounier"), ("Monsieur", "Hugo Teyssier"), ("Madame", "Inès Bouvier"),
         ("Monsieur", "Thierry Sabatier"), ("Madame", "Lucie Arnaud"), ("Monsieur", "Karim Dubois")]
SPECIFIC = {
    "etat-civil": "Vous trouverez ci-joint le document demandé. Pour toute autre copie, la "
                  "demande peut aussi être faite en ligne sur service-public.fr.",
    "urbanisme": "Après consultation du plan local d'urbanisme, votre projet relève d'une "
                 "déclaration préalable ; le formulaire Cerfa est disponible en mairie et en "
                 "ligne. Le service urbanisme vous reçoit le mardi matin sur rendez-vous.",
    "voirie": "Les services techniques sont intervenus et une réparation provisoire a été "
              "faite ; la réfection définitive est inscrite au programme de travaux de voirie.",
    "dechets": "La collecte est assurée par la communauté de communes, à qui nous avons "
               "transmis votre signalement ; un passage de rattrapage est prévu cette semaine.",
    "ecole": "Le dossier d'inscription est à retirer en mairie avec le livret de famille et un "
             "justificatif de domicile ; la directrice de l'école vous contactera ensuite.",
    "cimetiere": "Une concession trentenaire est disponible ; les tarifs votés par le conseil "
                 "municipal sont affichés en mairie. Nous vous proposons un rendez-vous.",
    "social": "Le CCAS vous propose un rendez-vous confidentiel avec la conseillère sociale afin "
              "d'étudier les aides auxquelles vous pouvez prétendre.",
    "eau": "Le service des eaux est intervenu ; un relevé contradictoire du compteur sera fait "
           "et la facture sera corrigée si une anomalie est constatée.",
    "associations": "La salle est disponible à la date demandée ; la réservation sera "
                    "confirmée à réception de la convention signée et du chèque de caution.",
    "elections": "Votre demande a bien été enregistrée ; vous pouvez vérifier votre situation "
                 "électorale sur service-public.fr.",
    "fiscalite": "Les taux communaux sont inchangés cette année ; la variation provient de la "
                 "revalorisation des valeurs locatives fixée au niveau national. Le centre des "
                 "finances publiques peut examiner votre situation.",
    "autre": "Nous avons transmis votre message au service concerné, qui prendra contact "
             "avec vous.",
}


def _reply_text(letter: Letter, code: str) -> str:
    return (f"{letter.greeting}\n\nNous avons bien reçu votre courrier du "
            f"{letter.received_on:%d/%m/%Y} relatif à « {letter.subject} ».\n\n{SPECIFIC[code]}"
            "\n\nNous vous prions d'agréer l'expression de nos salutations distinguées.\n\n"
            "Le maire")


def _examples() -> list[dict]:
    rows = [json.loads(line) for line in STARTER_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    random.Random(7).shuffle(rows)  # noqa: S311 - a fixed demo order, not a secret
    return rows


def _letters_for(place: Collectivite, rows: list[dict], agent) -> int:
    today = timezone.localdate()
    categories = {c.code: c for c in ServiceCategory.objects.filter(collectivite__isnull=True)}
    for index, row in enumerate(rows):
        civility, name = NAMES[index % len(NAMES)]
        received = today - datetime.timedelta(days=3 + index * 5)
        letter = Letter(
            collectivite=place, received_on=received, due_on=add_months(received, DUE_MONTHS),
            channel=list(Letter.Channel)[index % 4], sender_civility=civility,
            sender_name=name, sender_email=f"{name.split()[0].lower()}.{index}@{DEMO_DOMAIN}",
            subject=row["subject"], body=row["body"])
        prediction = classify(place.pk, letter.text_for_classification)
        letter.predicted_category = categories.get(prediction.code)
        letter.prediction_confidence = round(prediction.confidence, 4)
        letter.model_version = prediction.version[:80]
        letter.assignee = agent
        answered = index >= OPEN_LETTERS
        if answered:
            letter.category = categories[row["category"]]
            letter.status = Letter.Status.ANSWERED
        elif index == OPEN_LETTERS - 1:
            letter.received_on = today - datetime.timedelta(days=75)  # overdue, for the demo
            letter.due_on = add_months(letter.received_on, DUE_MONTHS)
        letter.save()
        if answered:
            validated = timezone.make_aware(datetime.datetime.combine(
                received + datetime.timedelta(days=4), datetime.time(10, 30)))
            Reply.objects.create(letter=letter, text=_reply_text(letter, row["category"]),
                                 source=Reply.Source.MANUAL, drafted_by=agent,
                                 validated_by=agent, validated_at=validated,
                                 sent_on=validated.date(), sent_recorded_by=agent)
    return len(rows)


def demo_courrier_load() -> int:
    """Create the demo letters where none exist yet; return how many were created."""
    ensure_shared_categories(ServiceCategory)
    rows, created = _examples(), 0
    with transaction.atomic():
        for code, count in TARGETS.items():
            place = Collectivite.objects.filter(code_insee=code, is_member=True).first()
            if place is None or Letter.objects.filter(
                    collectivite=place, sender_email__endswith=f"@{DEMO_DOMAIN}").exists():
                continue
            membership = (Membership.objects.filter(collectivite=place, role="agent")
                          .select_related("user").first())
            created += _letters_for(place, rows[:count], membership.user if membership else None)
            rows = rows[count:]
    return created
