"""Forms of the external diagnostic: the declared presence, the directory import, the
operator's filters and the public page's filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socle.core.forms import LongSelect
from socle.diagnostic import presence as presence_services
from socle.diagnostic import selectors
from socle.territoires import selectors as territoires

LEVEL_CHOICES = [
    ("", _("Tous les niveaux")),
    ("0", _("0 — à risque")),
    ("1", _("1 — à renforcer")),
    ("2", _("2 — conforme")),
    ("aucun", _("Jamais analysée")),
]


class PresenceForm(forms.Form):
    website = forms.URLField(
        label=_("Site internet officiel"), required=False, max_length=300,
        assume_scheme="https",
        help_text=_("L'adresse complète, par exemple https://www.mairie-exemple.fr"),
    )
    contact_email = forms.EmailField(
        label=_("E-mail de contact de la collectivité"), required=False,
        help_text=_("L'adresse publique de la mairie ou de l'accueil, pas celle d'une personne."),
    )
    extra_domains = forms.CharField(
        label=_("Autres noms de domaine"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un par ligne, sans http:// (20 au plus), par exemple mairie-exemple.bzh"),
    )

    def clean_extra_domains(self) -> list[str]:
        try:
            return presence_services.parse_extra_domains(self.cleaned_data["extra_domains"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


class PresenceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de l'annuaire (CSV ou JSON, UTF-8)"),
        help_text=_("20 Mo au plus. Colonnes reconnues : voir la documentation ci-dessous."),
    )
    force = forms.BooleanField(
        label=_("Remplacer aussi les présences saisies par les membres"), required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > presence_services.MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Fichier trop volumineux : 20 Mo au plus."))
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".json", ".txt")):
            raise forms.ValidationError(_("Seuls les fichiers .csv et .json sont acceptés."))
        return upload


class TerritoryFilterForm(forms.Form):
    """The operator's filters; an invalid value is dropped, never an error page."""

    departement = forms.ChoiceField(label=_("Département"), required=False, widget=LongSelect)
    epci = forms.ChoiceField(label=_("EPCI"), required=False, widget=LongSelect)
    niveau = forms.ChoiceField(label=_("Niveau RCPNT"), required=False, choices=LEVEL_CHOICES)
    critere = forms.ChoiceField(label=_("Critère non conforme"), required=False)
    population = forms.ChoiceField(label=_("Population"), required=False)

    def __init__(self, *args, public: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", _("Tous les départements")),
                                              *territoires.departement_choices()]
        self.fields["epci"].choices = [("", _("Tous les EPCI")),
                                       *((str(pk), label) for pk, label
                                         in territoires.epci_choices())]
        self.fields["critere"].choices = [("", _("Tous les critères")),
                                          *selectors.check_choices()]
        self.fields["population"].choices = [
            ("", _("Toutes les tailles")),
            *((key, label) for key, (label, _low, _high) in selectors.POPULATION_BANDS.items()),
        ]
        if public:
            for name in ("niveau", "critere", "population"):
                del self.fields[name]

    def filters(self) -> dict:
        """The valid filters only, as strings."""
        if not self.is_bound:
            return {}
        values = {}
        for name, bound in self.fields.items():
            raw = self.data.get(name, "")
            valid = {str(value) for value, _label in bound.choices}
            if raw and raw in valid:
                values[name] = raw
        return values
