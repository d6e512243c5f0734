from django.urls import path

from . import views

app_name = "territoires"

urlpatterns = [
    path("", views.home, name="home"),
    path("carte/membres.geojson", views.map_points, name="map-points"),
    path("carte/communes.geojson", views.map_polygons, name="map-polygons"),
    path("collectivites/", views.members, name="members"),
    path("collectivites/export.csv", views.members_export, name="members-export"),
    path("collectivites/adhesions/", views.members_bulk, name="members-bulk"),
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/adhesion/", views.collectivite_member, name="collectivite-member"),
    path("collectivites/<int:pk>/modifier/", views.collectivite_edit, name="collectivite-edit"),
    path("collectivites/<int:pk>/personnes/", views.people, name="people"),
    path(
        "collectivites/<int:pk>/personnes/<int:membership_pk>/retirer/",
        views.membership_remove,
        name="membership-remove",
    ),
]
