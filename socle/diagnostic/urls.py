from django.urls import path

from . import views

app_name = "diagnostic"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.csv", views.export, name="export"),
    path("collectivites/<int:pk>/", views.collectivite_report, name="collectivite"),
    path("collectivites/<int:pk>/lancer/", views.collectivite_run, name="collectivite-run"),
]
