"""The structure's shared service categories (the starter classifier's labels) and a short
reply template for each, used when no similar reply exists and no model is configured."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (code, name): the order is the display order.
SHARED_CATEGORIES: list[tuple[str, str]] = [
    ("etat-civil", "État civil"),
    ("urbanisme", "Urbanisme"),
    ("voirie", "Voirie et éclairage"),
    ("dechets", "Déchets et propreté"),
    ("ecole", "École et périscolaire"),
    ("cimetiere", "Cimetière"),
    ("social", "Social (CCAS)"),
    ("eau", "Eau et assainissement"),
    ("associations", "Associations et salles"),
    ("elections", "Élections"),
    ("fiscalite", "Fiscalité et taxes"),
    ("autre", "Autre"),
]

_TEMPLATES = {
    "etat-civil": _("Nous avons bien reçu votre demande relative à l'état civil. Le service de "
                    "l'état civil de la mairie l'instruit et reviendra vers vous dans les "
                    "meilleurs délais. Pour toute démarche, merci de vous munir d'une pièce "
                    "d'identité."),
    "urbanisme": _("Nous avons bien reçu votre courrier concernant l'urbanisme. Le service "
                   "urbanisme l'examine au regard du document d'urbanisme en vigueur et vous "
                   "répondra prochainement."),
    "voirie": _("Nous vous remercions de votre signalement concernant la voirie. Les services "
                "techniques vont se rendre sur place afin d'évaluer l'intervention nécessaire."),
    "dechets": _("Nous avons bien pris en compte votre message concernant la collecte des "
                 "déchets. Nous le transmettons au service compétent, qui vous tiendra informé."),
    "ecole": _("Nous avons bien reçu votre demande concernant l'école ou les services "
               "périscolaires. Le service des affaires scolaires l'étudie et vous répondra "
               "rapidement."),
    "cimetiere": _("Nous avons bien reçu votre demande concernant le cimetière communal. Le "
                   "service chargé des concessions l'examine et reviendra vers vous."),
    "social": _("Nous avons bien reçu votre demande. Le centre communal d'action sociale "
                "(CCAS) prendra contact avec vous afin d'examiner votre situation en toute "
                "confidentialité."),
    "eau": _("Nous avons bien reçu votre message concernant l'eau ou l'assainissement. Nous le "
             "transmettons au service gestionnaire, qui vous répondra."),
    "associations": _("Nous avons bien reçu votre demande concernant la vie associative ou la "
                      "location d'une salle. Le service en charge vous répondra après examen "
                      "du planning."),
    "elections": _("Nous avons bien reçu votre demande relative aux élections. Le service des "
                   "élections l'instruit et vous répondra dans les meilleurs délais."),
    "fiscalite": _("Nous avons bien reçu votre courrier concernant la fiscalité locale. Certaines "
                   "questions relèvent des services des finances publiques ; nous vous "
                   "répondrons après examen."),
}
_GENERIC = _("Nous avons bien reçu votre courrier et nous vous en remercions. Il est en cours "
             "d'examen par les services de la mairie, qui reviendront vers vous.")


def template_for(code: str | None) -> str:
    return str(_TEMPLATES.get(code or "", _GENERIC))


def ensure_shared_categories(category_model) -> int:
    """Create the shared categories that are missing (idempotent); return how many were made.
    ``category_model`` is the model class (the real one, or the historical one in a migration)."""
    made = 0
    for position, (code, name) in enumerate(SHARED_CATEGORIES):
        _obj, created = category_model.objects.get_or_create(
            collectivite=None, code=code, defaults={"name": name, "position": position * 10})
        made += created
    return made
