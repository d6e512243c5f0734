from django.urls import path

from . import views

app_name = "diagnostic"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.csv", views.export, name="export"),
    path("export.ods", views.export_ods, name="export-ods"),
    path("carte/points.geojson", views.map_points, name="map-points"),
    path("carte/communes.geojson", views.map_polygons, name="map-polygons"),
    path("tournee/", views.run_round, name="run-round"),
    path("import/", views.presence_import, name="import"),
    path("collectivites/<int:pk>/", views.collectivite_report, name="collectivite"),
    path("collectivites/<int:pk>/lancer/", views.collectivite_run, name="collectivite-run"),
    path("collectivites/<int:pk>/presence/", views.collectivite_presence, name="presence"),
    path("collectivites/<int:pk>/publication/", views.collectivite_publish, name="publish"),
    path("public/", views.public, name="public"),
    path("public/points.geojson", views.public_map_points, name="public-map-points"),
]
