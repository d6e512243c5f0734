"""Forms of the data catalogue, open data and sharing agreements."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socle.core.forms import LongSelect
from socle.territoires.models import Collectivite

from .models import ACCESS_AUDIENCES, Dataset, SharingAgreement, SharingLevel
from .schemas import schema_choices
from .selectors import DatasetFilter

DATASET_FIELDS = [
    "title", "description", "purpose", "owner", "steward", "personal_data", "processing",
    "legal_basis", "retention", "sharing_level", "access_type", "access_audiences",
    "access_reason", "frequency", "quality_notes", "theme", "keywords", "license", "issued",
    "temporal_start", "temporal_end", "schema", "external_url",
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DatasetForm(forms.ModelForm):
    access_audiences = forms.MultipleChoiceField(
        label=_("Publics autorisés (accès restreint ou avec compte)"), required=False,
        choices=ACCESS_AUDIENCES, widget=forms.CheckboxSelectMultiple)
    schema = forms.ChoiceField(label=_("Schéma de données (SCDL)"), required=False,
                               choices=[("", _("— aucun —")), *schema_choices()])
    external_url = forms.URLField(label=_("Adresse des données publiées ailleurs"),
                                  required=False, assume_scheme="https")

    class Meta:
        model = Dataset
        fields = DATASET_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "quality_notes": forms.Textarea(attrs={"rows": 2}),
            "issued": DATE_INPUT, "temporal_start": DATE_INPUT, "temporal_end": DATE_INPUT,
        }

    def __init__(self, *args, collectivite: Collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        from socle.donnees.models import Processing

        self.fields["processing"].queryset = Processing.objects.filter(
            collectivite=collectivite, archived_at__isnull=True)
        self.fields["processing"].help_text = _(
            "Le traitement du registre RGPD auquel ce jeu se rattache (données personnelles).")

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in DATASET_FIELDS}


class DatasetFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False)
    sharing_level = forms.ChoiceField(label=_("Niveau de partage"), required=False,
                                      choices=[("", _("Tous")), *SharingLevel.choices])
    personal_data = forms.ChoiceField(label=_("Données personnelles"), required=False,
                                      choices=[("", _("Indifférent")), ("oui", _("Oui")),
                                               ("non", _("Non"))])
    archived = forms.BooleanField(label=_("Jeux archivés"), required=False)

    def to_filter(self) -> DatasetFilter:
        if not self.is_valid():
            return DatasetFilter()
        data = self.cleaned_data
        return DatasetFilter(q=data["q"].strip(), sharing_level=data["sharing_level"],
                             personal_data=data["personal_data"], archived=data["archived"])


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV"), help_text=_(
        "Encodage UTF-8, séparateur virgule ou point-virgule, noms des colonnes en première "
        "ligne."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class SiretForm(forms.Form):
    siret = forms.CharField(label=_("SIRET de la collectivité"), max_length=20, help_text=_(
        "14 chiffres : le SIREN suivi du NIC de l'établissement (mairie, siège)."))


class AgreementForm(forms.ModelForm):
    class Meta:
        model = SharingAgreement
        fields = ["recipient", "purpose", "starts_on", "ends_on"]
        widgets = {"recipient": LongSelect, "purpose": forms.Textarea(attrs={"rows": 3}),
                   "starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, provider: Collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = (Collectivite.objects.members().current()
                                             .exclude(pk=provider.pk).order_by("search_name"))
