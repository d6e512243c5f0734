from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback
from .services import MAX_QUESTION_CHARS


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Votre question"), max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posée en français courant. Évitez d'y mettre des données personnelles : "
                    "elles seraient de toute façon masquées avant tout envoi au modèle."),
    )


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(label=_("Cette réponse vous a-t-elle été utile ?"),
                               choices=Feedback.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Commentaire (facultatif)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
