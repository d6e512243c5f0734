from django.urls import path

from . import views

app_name = "journal"

# Read-only on purpose: the journal is append-only, no route edits or deletes an event.
urlpatterns = [
    path("", views.event_list, name="list"),
    path("export.csv", views.export, name="export"),
    path("collectivites/<int:pk>/", views.collectivite_event_list, name="collectivite"),
    path(
        "collectivites/<int:pk>/export.csv",
        views.collectivite_export,
        name="collectivite-export",
    ),
]
