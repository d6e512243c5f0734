from django.urls import path

from socle.core import views as core_views

app_name = "comptes"

# Routes filled by the accounts work; placeholders meanwhile.
urlpatterns = [
    path("connexion/", core_views.accessibility, name="login"),
    path("deconnexion/", core_views.accessibility, name="logout"),
    path("", core_views.accessibility, name="account"),
    path("second-facteur/", core_views.accessibility, name="second-factor"),
    path("second-facteur/activer/", core_views.accessibility, name="second-factor-setup"),
    path("invitations/", core_views.accessibility, name="invitations"),
    path("jetons-api/", core_views.accessibility, name="api-tokens"),
]
