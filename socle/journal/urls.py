from django.urls import path

from socle.core import views as core_views

app_name = "journal"

# Routes filled by the journal work; placeholders meanwhile.
urlpatterns = [
    path("", core_views.home, name="list"),
    path("collectivites/<int:pk>/", core_views.home, name="collectivite"),
]
