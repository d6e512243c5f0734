"""Forms of the sheet pages: search and filter, proposing feedback, moderating it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rights, selectors


class AccessibleErrorsMixin:
    """Ties each field's errors to its input (aria-describedby, aria-invalid) once validated;
    the field template renders the errors with the matching id."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field, auto_id = self.fields[name], self[name].auto_id
                ids = [f"{auto_id}_helptext"] if field.help_text else []
                field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{auto_id}_error"])
                field.widget.attrs["aria-invalid"] = "true"


class SheetFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Thème"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *selectors.theme_choices()]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "theme": ""}
        return {"q": self.cleaned_data["q"], "theme": self.cleaned_data["theme"]}


class FeedbackForm(AccessibleErrorsMixin, forms.Form):
    collectivite = forms.ModelChoiceField(
        label=_("Collectivité"), queryset=None, empty_label=None,
        help_text=_("Le retour sera publié sous le nom de cette collectivité."),
    )
    title = forms.CharField(label=_("Titre"), min_length=5, max_length=200)
    body = forms.CharField(
        label=_("Votre retour d'expérience"), min_length=30, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ce que vous avez fait, avec qui, combien de temps et d'argent, ce que vous "
                    "referiez autrement. Pas de données personnelles (noms, téléphones)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivite"].queryset = rights.proposable_collectivites(user)


class ModerationForm(AccessibleErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"), choices=[("publish", _("Publier")), ("reject", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif du refus"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire en cas de refus ; il est montré à la collectivité."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez le motif du refus."))
        return data
