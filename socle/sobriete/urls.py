from django.urls import include, path

from . import views, views_inventory

app_name = "sobriete"

urlpatterns = [
    path("", views.home, name="home"),
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/parametres/", views.settings_edit, name="settings"),
    path("collectivites/<int:pk>/inventaire/", views_inventory.inventory, name="inventory"),
    path("collectivites/<int:pk>/inventaire/export/", views_inventory.export, name="export"),
    path("collectivites/<int:pk>/inventaire/modifier/", views_inventory.bulk, name="bulk"),
    path("collectivites/<int:pk>/inventaire/ajouter/", views_inventory.device_create,
         name="device-create"),
    path("collectivites/<int:pk>/import/", views_inventory.import_file, name="import"),
    path("collectivites/<int:pk>/import/glpi/", views_inventory.import_glpi, name="import-glpi"),
    path("equipements/<int:pk>/", views_inventory.device_edit, name="device-edit"),
    path("equipements/<int:pk>/archiver/", views_inventory.device_archive, name="device-archive"),
    path("imports/<int:pk>/", views_inventory.import_report, name="import-report"),
    path("", include("socle.sobriete.reemploi.urls")),
    path("", include("socle.sobriete.reen.urls")),
]
