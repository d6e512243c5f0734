"""Forms of the accounts pages. Labels and messages in French; field names match the
services' error keys so a service's ValidationError lands on the right field."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socle.permissions import Role
from socle.territoires.models import Collectivite

_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_SIREN = re.compile(r"^\d{9}$")




class EmailAuthenticationForm(AuthenticationForm):
    """Sign-in by e-mail. AuthenticationForm passes the request to authenticate(), which
    django-axes needs to count failures."""

    username = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Après plusieurs échecs, la connexion "
            "est bloquée pendant quelques minutes."
        ),
        "inactive": _("Ce compte est désactivé : contactez votre structure de mutualisation."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code à 6 chiffres ou code de secours"),
        max_length=20,
        help_text=_("Le code affiché par votre application d'authentification, ou l'un de vos "
                    "codes de secours."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "spellcheck": "false", "autocapitalize": "off"}),
    )


class SetupCodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code à 6 chiffres affiché par l'application"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour vous souvenir de son usage, par exemple « Tableau de bord SIG »."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(
        label=_("Nom complet (facultatif)"), max_length=150, required=False,
        help_text=_("La personne pourra le corriger en acceptant l'invitation."),
    )
    role = forms.ChoiceField(label=_("Rôle"))
    collectivite = forms.CharField(
        label=_("Collectivité : code INSEE ou SIREN"),
        max_length=14,
        required=False,
        help_text=_("Par exemple 07005 pour une commune ou 200072460 pour un EPCI. "
                    "Laissez vide pour inviter un opérateur de la structure."),
    )

    def __init__(self, *args, roles: list[Role], fixed_collectivite: Collectivite | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_collectivite = fixed_collectivite
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        if fixed_collectivite is not None:
            del self.fields["collectivite"]

    def clean_collectivite(self) -> Collectivite | None:
        code = re.sub(r"\s+", "", self.cleaned_data.get("collectivite") or "").upper()
        if not code:
            return None
        if _SIREN.match(code):
            found = Collectivite.objects.filter(siren=code).first()
        elif _INSEE.match(code):
            found = (
                Collectivite.objects.filter(code_insee=code, kind=Collectivite.Kind.COMMUNE)
                .order_by("-is_active").first()
            )
        else:
            raise ValidationError(_("Saisissez un code INSEE (5 caractères, par exemple 07005) "
                                    "ou un SIREN (9 chiffres)."))
        if found is None:
            raise ValidationError(_("Aucune collectivité ne porte ce code INSEE ou ce SIREN."))
        return found

    def clean(self):
        cleaned = super().clean()
        if self.fixed_collectivite is not None:
            cleaned["collectivite"] = self.fixed_collectivite
            return cleaned
        role, collectivite = cleaned.get("role"), cleaned.get("collectivite")
        if role == Role.OPERATEUR.value and collectivite is not None:
            self.add_error("collectivite", _("Un opérateur n'est rattaché à aucune collectivité : "
                                             "laissez ce champ vide."))
        elif role and role != Role.OPERATEUR.value and collectivite is None \
                and "collectivite" not in self.errors:
            self.add_error("collectivite", _("Indiquez la collectivité dans laquelle inviter "
                                             "cette personne."))
        return cleaned


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(label=_("Nom complet"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password = forms.CharField(
        label=_("Mot de passe"), strip=False,
        help_text=_("Au moins 12 caractères, pas uniquement des chiffres, ni trop courant."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("Confirmation du mot de passe"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", _("Les deux mots de passe ne sont pas identiques."))
        return cleaned
