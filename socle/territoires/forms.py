"""Forms of the territory pages: member list filters, bulk membership, member toggle, profile."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socle.core.forms import LongSelect

from . import selectors
from .models import POPULATION_BANDS, Collectivite

ANY = [("", _("Tous"))]
# A native date picker; its value must be ISO whatever the locale.
DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
SORT_CHOICES = [
    ("name", _("Nom (A → Z)")),
    ("-name", _("Nom (Z → A)")),
    ("-population", _("Population (décroissante)")),
    ("population", _("Population (croissante)")),
    ("departement", _("Département")),
    ("-member_since", _("Membre depuis (récents d'abord)")),
    ("member_since", _("Membre depuis (anciens d'abord)")),
]


class MemberFilterForm(forms.Form):
    """The GET form of the member list. Invalid values are reported and ignored, never a 500."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom, code INSEE, SIREN ou code postal"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=ANY + list(Collectivite.Kind.choices)
    )
    departement = forms.ChoiceField(label=_("Département"), required=False, widget=LongSelect)
    epci = forms.TypedChoiceField(
        label=_("EPCI"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    population = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=ANY + [(key, label) for key, label, _low, _high in POPULATION_BANDS],
    )
    member = forms.ChoiceField(
        label=_("Adhésion"),
        required=False,
        choices=[("yes", _("Membres")), ("no", _("Non membres")), ("all", _("Toutes"))],
    )
    active = forms.ChoiceField(
        label=_("En vigueur"),
        required=False,
        choices=[*ANY, ("yes", _("En vigueur")), ("no", _("Disparues (fusions)"))],
    )
    missing = forms.ChoiceField(
        label=_("À compléter"),
        required=False,
        choices=[*ANY, ("referent", _("Sans référent")), ("dpo", _("Sans DPO"))],
    )
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        data.setdefault("member", "yes")
        super().__init__(data, *args, **kwargs)
        self.fields["departement"].choices = [("", _("Tous")), *selectors.departement_choices()]
        epci_choices = selectors.epci_choices(data.get("departement", ""))
        selected = data.get("epci", "")
        if selected.isdigit() and int(selected) not in {pk for pk, _name in epci_choices}:
            extra = Collectivite.objects.filter(pk=int(selected), kind=Collectivite.Kind.EPCI)
            epci_choices = epci_choices + list(extra.values_list("pk", "name"))
        self.fields["epci"].choices = [("", _("Tous")), *epci_choices]

    def filters(self) -> selectors.MemberFilters:
        """The valid part of the query as filters (invalid fields fall back to "any")."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}
        return selectors.MemberFilters(**data)


class MemberToggleForm(forms.Form):
    is_member = forms.TypedChoiceField(
        choices=[("1", _("membre")), ("0", _("non membre"))], coerce=lambda v: v == "1"
    )
    member_since = forms.DateField(
        label=_("Membre depuis"), required=False, widget=forms.DateInput(**DATE_WIDGET)
    )


class BulkMembershipForm(forms.Form):
    operation = forms.ChoiceField(
        label=_("Opération"),
        choices=[("add", _("Déclarer membres")), ("remove", _("Mettre fin à l'adhésion"))],
        widget=forms.RadioSelect,
        initial="add",
    )
    epci = forms.ModelChoiceField(
        label=_("Toutes les communes de l'EPCI (et l'EPCI lui-même)"),
        required=False,
        queryset=Collectivite.objects.filter(kind=Collectivite.Kind.EPCI, is_active=True)
        .only("id", "name")
        .order_by("name", "pk"),
        empty_label=_("— Aucun —"),
        widget=LongSelect,
    )
    departement = forms.ChoiceField(
        label=_("ou toutes les communes du département"), required=False, widget=LongSelect
    )
    member_since = forms.DateField(
        label=_("Membres depuis le"),
        required=False,
        help_text=_("Pour une adhésion ; par défaut, aujourd'hui."),
        widget=forms.DateInput(**DATE_WIDGET),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        departements = selectors.departement_choices()
        self.fields["departement"].choices = [("", _("— Aucun —")), *departements]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("epci")) == bool(cleaned.get("departement")):
            raise forms.ValidationError(_("Choisissez soit un EPCI, soit un département."))
        if cleaned.get("operation") == "add" and not cleaned.get("member_since"):
            cleaned["member_since"] = timezone.localdate()
        return cleaned


class ProfileForm(forms.Form):
    website = forms.URLField(
        label=_("Site internet"), required=False, max_length=300, assume_scheme="https",
        help_text=_("Adresse complète, par exemple https://www.mairie-exemple.fr"),
    )
    contact_email = forms.EmailField(label=_("E-mail de contact"), required=False)
    referent_email = forms.EmailField(
        label=_("Ajouter un référent (adresse e-mail de son compte)"),
        required=False,
        help_text=_("La personne doit déjà avoir un compte sur Socle."),
    )
    dpo_email = forms.EmailField(
        label=_("Ajouter un DPO (adresse e-mail de son compte)"),
        required=False,
        help_text=_("La personne doit déjà avoir un compte sur Socle."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown_email_fields: set[str] = set()

    def _user_for(self, field: str):
        email = (self.cleaned_data.get(field) or "").strip()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            self.unknown_email_fields.add(field)
            raise forms.ValidationError(
                _("Aucun compte actif n'utilise cette adresse. Invitez d'abord la personne.")
            )
        return user

    def clean_referent_email(self):
        return self._user_for("referent_email")

    def clean_dpo_email(self):
        return self._user_for("dpo_email")

    def profile(self) -> dict[str, str]:
        return {
            "website": self.cleaned_data["website"],
            "contact_email": self.cleaned_data["contact_email"],
        }

    def roles(self) -> list[tuple]:
        """[(user, role)] to assign, from the filled-in e-mail fields."""
        pairs = [(self.cleaned_data.get("referent_email"), "referent"),
                 (self.cleaned_data.get("dpo_email"), "dpo")]
        return [(user, role) for user, role in pairs if user is not None]
