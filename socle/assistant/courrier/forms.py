from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Letter, ServiceCategory
from .parsing import max_bytes


class LetterForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Fichier reçu (facultatif)"), required=False,
        help_text=_("E-mail enregistré (.eml), texte (.txt) ou PDF avec texte. Les champs "
                    "laissés vides sont remplis à partir du fichier, conservé tel quel."),
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,.txt,.pdf"}))

    class Meta:
        model = Letter
        fields = ["received_on", "channel", "sender_civility", "sender_name", "sender_address",
                  "sender_email", "subject", "body"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "sender_address": forms.Textarea(attrs={"rows": 2}),
                   "body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Collez ici le texte du courrier, ou déposez le fichier.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_on", "subject", "body"):
            self.fields[name].required = False
        self.fields["received_on"].help_text = _("Vide : aujourd'hui (ou la date de l'e-mail).")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(_("Fichier trop volumineux : %(limit)s Mo au plus.")
                                        % {"limit": round(max_bytes() / 1048576, 1)})
        return upload

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Collez le texte du courrier ou déposez son fichier."))
        received = data.get("received_on")
        if received and received > timezone.localdate():
            self.add_error("received_on", _("La date de réception ne peut pas être future."))
        return data

    def letter_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.Meta.fields}


class LetterUpdateForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Catégorie confirmée"), required=False,
                                      queryset=ServiceCategory.objects.none(),
                                      empty_label=_("(à confirmer)"))
    status = forms.ChoiceField(label=_("Statut"), choices=Letter.Status.choices)
    assignee = forms.ModelChoiceField(label=_("Suivi par"), required=False,
                                      queryset=get_user_model().objects.none(),
                                      empty_label=_("(personne)"))

    def __init__(self, *args, letter: Letter, **kwargs):
        kwargs.setdefault("initial", {
            "category": letter.category_id or letter.predicted_category_id,
            "status": letter.status, "assignee": letter.assignee_id})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ServiceCategory.objects.for_collectivite(
            letter.collectivite)
        self.fields["assignee"].queryset = get_user_model().objects.filter(
            memberships__collectivite=letter.collectivite,
            memberships__role__in=["referent", "agent"]).distinct().order_by("full_name")


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Texte de la réponse"), widget=forms.Textarea(
        attrs={"rows": 16}), max_length=20000)


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Date d'envoi"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"), initial=timezone.localdate)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False,
                               choices=[("", _("Tous")), *Letter.Status.choices])
    category = forms.ChoiceField(label=_("Catégorie"), required=False)
    overdue = forms.BooleanField(label=_("En retard seulement"), required=False)

    def __init__(self, *args, collectivite, **kwargs):
        super().__init__(*args, **kwargs)
        categories = ServiceCategory.objects.for_collectivite(collectivite)
        self.fields["category"].choices = [("", _("Toutes")), ("aucune", _("À confirmer"))] + [
            (c.code, c.name) for c in categories]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
