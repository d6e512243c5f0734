"""The filter form of the journal pages (read with GET, so it also works as a bookmark)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import JournalFilter, action_choices

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class JournalFilterForm(forms.Form):
    collectivite = forms.CharField(
        label=_("Collectivité"),
        required=False,
        max_length=200,
        help_text=_("Code INSEE, SIREN ou partie du nom."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(
        label=_("Auteur"),
        required=False,
        max_length=200,
        help_text=_("Adresse e-mail, en tout ou partie."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    date_from = forms.DateField(label=_("Du"), required=False, widget=_DATE_WIDGET)
    date_to = forms.DateField(label=_("Au"), required=False, widget=_DATE_WIDGET)

    def __init__(self, *args, with_collectivite: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Toutes les actions")), *action_choices()]
        if not with_collectivite:
            del self.fields["collectivite"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La date de fin doit suivre la date de début."))
        return cleaned

    def to_filter(self) -> JournalFilter:
        """The filter from the fields that are valid; an invalid field filters nothing."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return JournalFilter(
            collectivite=data.get("collectivite") or "",
            action=data.get("action") or "",
            actor=data.get("actor") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
