from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import importers
from .search import MODES

MODE_LABELS = {"hybrid": _("Hybride (recommandé)"), "lexical": _("Mots exacts"),
               "dense": _("Sens proche")}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Votre recherche"), max_length=500, required=False)
    mode = forms.ChoiceField(label=_("Type de recherche"), required=False, initial="hybrid",
                             choices=[(m, MODE_LABELS[m]) for m in MODES])
    collection = forms.TypedMultipleChoiceField(
        label=_("Collections"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucune case cochée : toutes les collections."),
    )

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [(c.pk, c.name) for c in collections]


class CollectionForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": importers.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Fichiers"),
        help_text=_("Markdown, HTML, PDF, DOCX, ODT, texte, liste JSON {title, text, url, "
                    "metadata} ou fiche service-public.fr (JSON). Un document déjà présent est "
                    "mis à jour."),
    )
    kind = forms.ChoiceField(
        label=_("Format"), required=False,
        choices=[("", _("Deviné d'après l'extension"))] + [
            (k, label) for k, label in (
                ("markdown", "Markdown"), ("html", "HTML"), ("pdf", "PDF"), ("docx", "DOCX"),
                ("odt", "ODT"), ("text", _("Texte brut")), ("json", _("Liste JSON")),
                ("fiche_vdd", _("Fiche service-public.fr (JSON)")),
            )
        ],
    )
