from django.urls import path

from . import views

app_name = "assistant_courrier"

urlpatterns = [
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/nouveau/", views.new, name="new"),
    path("collectivites/<int:pk>/registre.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("collectivites/<int:pk>/registre.ods", views.export, {"fmt": "ods"}, name="export-ods"),
    path("<int:letter_pk>/", views.letter_detail, name="letter"),
    path("<int:letter_pk>/classement/", views.letter_update, name="update"),
    path("<int:letter_pk>/brouillon/", views.draft, name="draft"),
    path("<int:letter_pk>/reponse/", views.reply_save, name="reply"),
    path("<int:letter_pk>/envoi/", views.reply_sent, name="sent"),
    path("<int:letter_pk>/fichier/", views.attachment, name="attachment"),
]
