"""Forms of self-assessment: launching a campaign, evidence, sending back, editing an action.
The answer pages post one field per question (``q-<id>``, ``c-<id>``): see ``posted_answers``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.core.forms import LongSelect
from socle.territoires import selectors as territoires
from socle.territoires.models import POPULATION_BANDS, Collectivite

from . import referentiels
from .models import Action
from .services import PostedAnswer

ANY = [("", _("Tous"))]
DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    referential = forms.ChoiceField(label=_("Référentiel"))
    departement = forms.ChoiceField(label=_("Département"), required=False, widget=LongSelect)
    epci = forms.TypedChoiceField(label=_("EPCI"), required=False, coerce=int,
                                  empty_value=None, widget=LongSelect)
    population = forms.ChoiceField(
        label=_("Population"), required=False,
        choices=ANY + [(key, label) for key, label, _low, _high in POPULATION_BANDS],
    )
    opens_on = forms.DateField(label=_("Date d'ouverture"), widget=forms.DateInput(**DATE_WIDGET))
    deadline = forms.DateField(label=_("Date limite"), widget=forms.DateInput(**DATE_WIDGET))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for slug, versions in referentiels.available().items():
            ref = referentiels.load(slug)
            choices.append((slug, f"{ref.title} (version {versions[-1]})"))
        self.fields["referential"].choices = choices
        self.fields["departement"].choices = ANY + territoires.departement_choices()
        self.fields["epci"].choices = ANY + territoires.epci_choices()
        self.fields["opens_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", _("La date limite doit suivre la date d'ouverture."))
        if data.get("epci"):
            data["epci"] = Collectivite.objects.filter(
                pk=data["epci"], kind=Collectivite.Kind.EPCI).first()
        return data


class EvidenceForm(forms.Form):
    question = forms.CharField(widget=forms.HiddenInput, max_length=80)
    file = forms.FileField(
        label=_("Justificatif"),
        help_text=_("PDF, ODT, DOCX, PNG ou JPEG, 10 Mo au plus."),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ce qui manque"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
        help_text=_("Envoyé aux agents, référents et DPO de la collectivité."),
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["owner", "due_date", "status", "abandon_reason"]
        widgets = {"due_date": forms.DateInput(**DATE_WIDGET),
                   "abandon_reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"abandon_reason": _("Obligatoire si l'action est abandonnée.")}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.ABANDONED and not (
            data.get("abandon_reason") or ""
        ).strip():
            self.add_error("abandon_reason", _("Indiquez pourquoi l'action est abandonnée."))
        return data


def posted_answers(data, question_ids) -> dict[str, PostedAnswer]:
    """The answers a page posted, for the questions it showed (others are ignored)."""
    posted = {}
    for question_id in question_ids:
        special = str(data.get(f"x-{question_id}", ""))  # "don't know" beside a number field
        if special:
            posted[question_id] = PostedAnswer(
                value=special[:80], comment=str(data.get(f"c-{question_id}", "")))
        elif f"q-{question_id}" in data or f"c-{question_id}" in data:
            posted[question_id] = PostedAnswer(
                value=(str(data[f"q-{question_id}"])[:80]
                       if f"q-{question_id}" in data else None),
                comment=str(data.get(f"c-{question_id}", "")),
            )
    return posted
