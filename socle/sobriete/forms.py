"""Forms of the fleet pages (labels and errors in French)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Device, DeviceKind, DeviceStatus

IMPORT_FORMATS = [
    ("csv", _("CSV au format documenté")),
    ("ods", _("Classeur ODS au format documenté")),
    ("glpi_csv", _("Export CSV de GLPI")),
    ("glpi_agent", _("Inventaire JSON de l'agent GLPI")),
]


class ImportForm(forms.Form):
    source = forms.ChoiceField(label=_("Format du fichier"), choices=IMPORT_FORMATS)
    file = forms.FileField(label=_("Fichier"), help_text=_("5 Mo et 20 000 lignes au plus."))


class GlpiApiForm(forms.Form):
    url = forms.URLField(label=_("Adresse de GLPI"), max_length=300, assume_scheme="https",
                         help_text=_("Par exemple https://glpi.exemple.fr"))
    app_token = forms.CharField(label=_("Jeton d'application (App-Token)"), max_length=200,
                                widget=forms.PasswordInput)
    user_token = forms.CharField(label=_("Jeton personnel (user_token)"), max_length=200,
                                 widget=forms.PasswordInput)


class DeviceForm(forms.ModelForm):
    class Meta:
        model = Device
        fields = ["kind", "brand", "model", "serial_number", "purchase_date", "price", "site",
                  "service", "user_role", "status", "support_end", "reconditioned"]
        widgets = {"purchase_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "support_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Marque, modèle ou n° de série"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("Tous")), *DeviceKind.choices])
    status = forms.ChoiceField(label=_("État"), required=False,
                               choices=[("", _("Tous")), *DeviceStatus.choices])
    site = forms.CharField(label=_("Site"), required=False, max_length=150)
    service = forms.CharField(label=_("Service"), required=False, max_length=150)


class BulkForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouvel état"), required=False,
                               choices=[("", _("(inchangé)")), *DeviceStatus.choices])
    site = forms.CharField(label=_("Nouveau site"), required=False, max_length=150)


class SettingsForm(forms.Form):
    agents_count = forms.IntegerField(label=_("Nombre d'agents"), required=False, min_value=1,
                                      max_value=1_000_000)
    reconditioned_first = forms.BooleanField(label=_("Règle « reconditionné d'abord »"),
                                             required=False)
    reconditioned_share = forms.IntegerField(
        label=_("Part visée d'achats reconditionnés (%)"), min_value=0, max_value=100,
        help_text=_("La loi AGEC fixe un plancher de 20 % d'achats issus du réemploi."))
