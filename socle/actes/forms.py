from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socle.confidentialite.engine.model import LABELS

from .extraction import max_bytes
from .models import Act
from .nomenclature import ActKind


class ActUploadForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Fichier de l'acte"),
        help_text=_("PDF avec texte, DOCX, ODT ou texte brut (.txt). L'original est conservé "
                    "tel quel et n'est jamais publié."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.txt"}))

    class Meta:
        model = Act
        fields = ["kind", "nature", "number", "date", "object", "matiere_code", "siret",
                  "author_name", "author_title", "other_officials", "votes_effectif",
                  "votes_presents", "votes_votants", "votes_pour", "votes_contre",
                  "votes_abstentions"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "object": forms.Textarea(attrs={"rows": 2}),
                   "other_officials": forms.Textarea(attrs={"rows": 3})}

    vote_fields = ("votes_effectif", "votes_presents", "votes_votants", "votes_pour",
                   "votes_contre", "votes_abstentions")

    def main_fields(self):
        return [self[name] for name in self.Meta.fields if name not in self.vote_fields]

    def votes(self):
        return [self[name] for name in self.vote_fields]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("Fichier trop volumineux : %(size)s Mo pour %(limit)s Mo au plus.")
                % {"size": round(upload.size / 1048576, 1),
                   "limit": round(max_bytes() / 1048576, 1)})
        return upload

    def metadata(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


LABEL_CHOICES = [(key, word) for key, word in LABELS.items()]


class AddSpanForm(forms.Form):
    add_text = forms.CharField(label=_("Texte à masquer (toutes ses occurrences)"),
                               required=False, max_length=200)
    add_label = forms.ChoiceField(label=_("Catégorie"), choices=LABEL_CHOICES,
                                  initial="PERSONNE")


class UnpublishForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la dépublication"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Inscrit au journal d'audit."))


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher dans les actes"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Type d'acte"), required=False,
                             choices=[("", _("Tous les types")), *ActKind.choices])
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int,
                                  empty_value=None, choices=[])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Toutes les années"))] + [
            (y, str(y)) for y in years]
