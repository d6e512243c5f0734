"""Forms of the donnees app (part A). Every form works as a plain POST."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    BREACH_NATURES,
    CONTENT_FIELDS,
    DPIA_CRITERIA,
    Breach,
    Processing,
    SubjectRequest,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


def _datetime_field(label, required=False, help_text=""):
    return forms.DateTimeField(label=label, required=required, widget=DateTimeInput(),
                               input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
                               help_text=help_text)


class ProcessingForm(forms.ModelForm):
    dpia_criteria = forms.MultipleChoiceField(
        label=_("Critères de la liste CNIL (AIPD)"), choices=DPIA_CRITERIA, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Deux critères ou plus : une analyse d'impact est probablement requise."))

    class Meta:
        model = Processing
        fields = [*CONTENT_FIELDS, "dpia_status", "dpia_done_on"]
        widgets = {"dpia_done_on": DateInput(),
                   **{f: forms.Textarea(attrs={"rows": 3}) for f in (
                       "purpose", "person_categories", "data_categories", "recipients",
                       "transfer_safeguards", "retention", "security_measures", "processors",
                       "joint_controllers")}}

    def clean(self):
        data = super().clean()
        if data.get("sensitive_data") and not data.get("sensitive_condition"):
            self.add_error("sensitive_condition", _(
                "Des données sensibles exigent une condition de l'article 9."))
        if not data.get("sensitive_data") and data.get("sensitive_condition"):
            self.add_error("sensitive_data", _(
                "Cochez « données sensibles » ou retirez la condition de l'article 9."))
        if data.get("transfers_outside_eu") and not data.get("transfer_safeguards"):
            self.add_error("transfer_safeguards", _(
                "Un transfert hors de l'Union européenne exige des garanties (décision "
                "d'adéquation, clauses contractuelles types…)."))
        if data.get("dpia_status") == "realisee" and not data.get("dpia_done_on"):
            self.add_error("dpia_done_on", _("Indiquez la date de l'analyse d'impact."))
        return data

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class BreachForm(forms.ModelForm):
    detected_at = _datetime_field(_("Date et heure de détection"), required=True,
                                  help_text=_("Le délai de 72 heures court à partir de ce moment."))
    nature = forms.MultipleChoiceField(label=_("Nature de la violation"), choices=BREACH_NATURES,
                                       required=False, widget=forms.CheckboxSelectMultiple)
    cnil_notified_at = _datetime_field(_("Notifiée à la CNIL le"))
    persons_informed_at = _datetime_field(_("Personnes informées le"))

    class Meta:
        model = Breach
        fields = ["title", "detected_at", "nature", "description", "person_categories",
                  "persons_count", "records_count", "consequences", "measures", "risk",
                  "cnil_notified_at", "cnil_reference", "delay_reason", "persons_informed_at",
                  "decision_note"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in (
            "description", "person_categories", "consequences", "measures", "delay_reason",
            "decision_note")}
        help_texts = {
            "decision_note": _("Obligatoire pour clôturer sans notifier la CNIL (risque) ou "
                               "sans informer les personnes (risque élevé)."),
        }

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class RequestForm(forms.ModelForm):
    class Meta:
        model = SubjectRequest
        fields = ["kind", "received_on", "requester", "summary", "identity_checked",
                  "identity_note"]
        widgets = {"received_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"received_on": _("La réponse est due un mois après cette date.")}

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class ExtendForm(forms.Form):
    extension_reason = forms.CharField(
        label=_("Motif de la prolongation"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Complexité ou nombre de demandes : la personne doit en être informée dans "
                    "le premier mois."))


class AnswerForm(forms.ModelForm):
    class Meta:
        model = SubjectRequest
        fields = ["answered_on", "answer", "answer_trace"]
        widgets = {"answered_on": DateInput(), "answer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'archivage"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("La fiche reste consultable dans les archives."))


class AdoptForm(forms.Form):
    collectivites = forms.ModelMultipleChoiceField(
        label=_("Collectivités qui adoptent ce modèle"), queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une collectivité.")})

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivites"].queryset = choices


class PublishForm(forms.Form):
    is_public = forms.BooleanField(label=_("Publier le registre"), required=False)
