from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .parsing import TranscriptError, decode, max_bytes

MAX_TEXT_CHARS = 2_000_000


class MinutesNewForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200, required=False,
                            help_text=_("Par défaut : « Séance du conseil du … »."))
    session_date = forms.DateField(
        label=_("Date de la séance"), required=False,
        help_text=_("Laissez vide si la date est dite dans la transcription."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    transcript_file = forms.FileField(
        label=_("Fichier de transcription"), required=False,
        help_text=_("Texte brut (.txt), WebVTT (.vtt) ou SRT (.srt)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.vtt,.srt,text/plain,text/vtt"}))
    transcript = forms.CharField(
        label=_("… ou transcription collée"), required=False, max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Une ligne par intervention : « Prénom Nom : texte », éventuellement "
                    "précédée de l'horodatage (00:04 ou 01:02:03)."))
    agenda = forms.CharField(label=_("Ordre du jour (facultatif)"), required=False,
                             max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("Un point par ligne."))
    attendance = forms.CharField(
        label=_("Liste de présence (facultatif)"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Par exemple « Membres en exercice : 15 », « Présents : … », « Absents "
                    "excusés : X (pouvoir à Y) », « Secrétaire de séance : … »."))
    use_model = forms.BooleanField(
        label=_("Rédiger les résumés avec le modèle de langage configuré"), required=False,
        help_text=_("Les données personnelles sont masquées avant l'envoi."))

    def __init__(self, *args, model_available: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not model_available:
            del self.fields["use_model"]

    def clean(self):
        data = super().clean()
        upload = data.get("transcript_file")
        if upload:
            if upload.size > max_bytes():
                self.add_error("transcript_file", _(
                    "Fichier trop volumineux : %(size)s Mo pour %(limit)s Mo au plus.")
                    % {"size": round(upload.size / 1048576, 1),
                       "limit": round(max_bytes() / 1048576, 1)})
                return data
            try:
                data["transcript"] = decode(upload.read())
            except TranscriptError as error:
                self.add_error("transcript_file", str(error))
                return data
            data["source_name"] = upload.name
        elif not (data.get("transcript") or "").strip():
            self.add_error("transcript", _("Déposez un fichier ou collez la transcription."))
        return data


class MinutesEditForm(forms.Form):
    text = forms.CharField(label=_("Procès-verbal (modifiable)"), max_length=MAX_TEXT_CHARS,
                           widget=forms.Textarea(attrs={"rows": 30}))
