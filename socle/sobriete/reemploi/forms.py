"""Forms of the reuse pool (plain forms; services validate again)."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.core.forms import LongSelect

from . import inventory
from .models import Condition, Offer, Transfer

DEPARTEMENT_RE = re.compile(r"^(?:\d{2,3}|2[AB])$")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PoolFilterForm(forms.Form):
    device_type = forms.ChoiceField(label=_("Type d'appareil"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    epci = forms.ChoiceField(label=_("Intercommunalité"), required=False, widget=LongSelect)
    recipient = forms.ChoiceField(
        label=_("Ouvert aux"), required=False,
        choices=[("", _("Tous bénéficiaires")), ("school", _("Écoles")),
                 ("association", _("Associations"))])

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.epcis = {str(e.pk): e for e in choices["epcis"]}
        self.fields["device_type"].choices = [("", _("Tous les types")),
                                              *inventory.kind_choices()]
        self.fields["departement"].choices = [("", _("Tous")),
                                              *[(d, d) for d in choices["departements"]]]
        self.fields["epci"].choices = [("", _("Toutes")),
                                       *[(k, e.name) for k, e in self.epcis.items()]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["epci"] = self.epcis.get(data.get("epci") or "")
        if data.get("departement") and not DEPARTEMENT_RE.match(data["departement"]):
            data["departement"] = ""
        return data


class OfferTermsForm(forms.Form):
    condition = forms.ChoiceField(label=_("État"), choices=Condition.choices,
                                  widget=forms.RadioSelect)
    location = forms.CharField(label=_("Lieu de retrait"), max_length=200,
                               help_text=_("Adresse ou service où récupérer l'appareil."))
    available_from = forms.DateField(label=_("Disponible à partir du"), widget=DATE_INPUT)
    price_kind = forms.ChoiceField(label=_("Conditions"), choices=Offer.Price.choices,
                                   widget=forms.RadioSelect, initial=Offer.Price.FREE)
    price = forms.DecimalField(label=_("Prix symbolique (€)"), required=False, min_value=0,
                               max_value=100, decimal_places=2,
                               help_text=_("Seulement si vous demandez un prix symbolique."))
    for_members = forms.BooleanField(label=_("Autres collectivités membres de Socle"),
                                     required=False, initial=True)
    for_schools = forms.BooleanField(label=_("Écoles et établissements scolaires"),
                                     required=False, initial=True)
    for_associations = forms.BooleanField(label=_("Associations"), required=False,
                                          initial=True)
    description = forms.CharField(label=_("Précisions"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Accessoires fournis, défauts connus…"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["available_from"].initial = timezone.localdate()


class DescribedDeviceForm(forms.Form):
    device_type = forms.ChoiceField(label=_("Type d'appareil"))
    brand = forms.CharField(label=_("Marque"), max_length=100, required=False)
    model = forms.CharField(label=_("Modèle"), max_length=200, required=False)
    serial_number = forms.CharField(label=_("Numéro de série"), max_length=100, required=False)
    purchase_year = forms.IntegerField(label=_("Année d'achat"), required=False,
                                       min_value=1990, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device_type"].choices = [("", "—"), *inventory.kind_choices()]


class ReserveForm(forms.Form):
    collectivite = forms.ChoiceField(label=_("Réserver pour"), widget=LongSelect)
    message = forms.CharField(label=_("Message à la collectivité qui donne"), required=False,
                              max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, members: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(c.pk): c for c in members}
        self.fields["collectivite"].choices = [(k, c.name) for k, c in self.members.items()]

    def chosen(self):
        return self.members[self.cleaned_data["collectivite"]]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accepter")), ("refuse", _("Refuser"))],
                                 widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Motif du refus"), required=False, max_length=300)


class WipeForm(forms.Form):
    wipe_method = forms.ChoiceField(label=_("Méthode d'effacement"),
                                    choices=Offer.WipeMethod.choices, widget=forms.RadioSelect)
    wipe_date = forms.DateField(label=_("Date de l'effacement"), widget=DATE_INPUT)
    wipe_operator = forms.CharField(label=_("Effacement réalisé par"), max_length=200,
                                    help_text=_("Personne ou prestataire."))
    wipe_proof = forms.CharField(
        label=_("Preuve"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Outil et version, numéro du certificat d'effacement ou du procès-verbal "
                    "de destruction…"))


class HandoverForm(forms.Form):
    handed_over_on = forms.DateField(label=_("Date de remise"), widget=DATE_INPUT)
    condition_at_handover = forms.ChoiceField(label=_("État à la remise"),
                                              choices=Condition.choices)
    received_by = forms.CharField(label=_("Remis à (nom de la personne)"), max_length=200)
    recipient_kind = forms.ChoiceField(
        label=_("Bénéficiaire"), required=False,
        choices=[(Transfer.RecipientKind.SCHOOL, Transfer.RecipientKind.SCHOOL.label),
                 (Transfer.RecipientKind.ASSOCIATION, Transfer.RecipientKind.ASSOCIATION.label)])
    recipient_name = forms.CharField(label=_("Nom de l'école ou de l'association"),
                                     max_length=200, required=False)
    recipient_identifier = forms.CharField(
        label=_("SIREN ou numéro RNA"), max_length=10, required=False,
        help_text=_("9 chiffres pour un SIREN, W suivi de 9 chiffres pour une association."))

    def __init__(self, *args, to_member: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handed_over_on"].initial = timezone.localdate()
        if to_member:
            for name in ("recipient_kind", "recipient_name", "recipient_identifier"):
                del self.fields[name]
        else:
            self.fields["recipient_kind"].required = True
            self.fields["recipient_name"].required = True
