from django.urls import path

from . import views

app_name = "assistant_conversations"

urlpatterns = [
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/usage/", views.usage, name="usage"),
    path("collectivites/<int:pk>/a-propos/", views.about, name="about"),
    path("conversations/<int:conversation_pk>/", views.conversation, name="conversation"),
    path("conversations/<int:conversation_pk>/supprimer/", views.conversation_delete,
         name="conversation_delete"),
    path("reponses/<int:message_pk>/avis/", views.feedback, name="feedback"),
    path("usage/", views.territory_usage, name="territory_usage"),
]
