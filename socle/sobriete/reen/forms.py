"""Forms of the REEN strategy builder."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import themes
from .models import Objective, RgesnAnswer, Strategy, WorkAction

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "start_year", "end_year", "ambition", "status", "adopted_on"]
        widgets = {"ambition": forms.Textarea(attrs={"rows": 4}), "adopted_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["start_year"].initial = self.fields["start_year"].initial or year
        self.fields["end_year"].initial = self.fields["end_year"].initial or year + 5
        orientations = self.instance.orientations if self.instance.pk else {}
        for theme in themes.THEMES:
            self.fields[f"theme_{theme.code}"] = forms.CharField(
                label=f"{theme.code}. {theme.title}", required=False, help_text=theme.summary,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=orientations.get(str(theme.code), ""))

    def theme_fields(self):
        return [self[f"theme_{t.code}"] for t in themes.THEMES]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["orientations"] = {str(t.code): self.cleaned_data.get(f"theme_{t.code}", "")
                                for t in themes.THEMES}
        return data


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["theme", "title", "indicator", "baseline", "target", "target_date"]
        widgets = {"target_date": DATE_INPUT}


class WorkActionForm(forms.ModelForm):
    class Meta:
        model = WorkAction
        fields = ["theme", "title", "owner", "start_date", "end_date", "status"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}


class SnapshotForm(forms.Form):
    year = forms.IntegerField(label=_("Année du bilan"), min_value=2000, max_value=2100)

    def __init__(self, *args, previous: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        for indicator in themes.MANUAL_INDICATORS:
            self.fields[indicator.key] = forms.DecimalField(
                label=f"{indicator.label} ({indicator.unit})", required=False, min_value=0,
                max_digits=14, decimal_places=2, initial=(previous or {}).get(indicator.key))

    def entered(self) -> dict:
        return {i.key: self.cleaned_data.get(i.key) for i in themes.MANUAL_INDICATORS}


class OnlineServiceForm(forms.Form):
    name = forms.CharField(label=_("Nom du service en ligne"), max_length=200)
    url = forms.URLField(label=_("Adresse"), required=False, max_length=300,
                         assume_scheme="https")


STATUS_CHOICES = [("", _("Non évalué")), *RgesnAnswer.Status.choices]
