"""Routes of the data catalogue and open data, included in the ``donnees`` namespace."""

from django.urls import path

from . import agreement_views, public_views, views

urlpatterns = [
    path("collectivites/<int:pk>/catalogue/", views.dataset_list, name="dataset-list"),
    path("collectivites/<int:pk>/catalogue/export/", views.dataset_export,
         name="dataset-export"),
    path("collectivites/<int:pk>/catalogue/nouveau/", views.dataset_create,
         name="dataset-create"),
    path("collectivites/<int:pk>/catalogue/scdl/", views.catalogue_publish,
         name="catalogue-publish"),
    path("collectivites/<int:pk>/partages/", agreement_views.agreement_list,
         name="agreement-list"),
    path("jeux/<int:dataset_pk>/", views.dataset_detail, name="dataset-detail"),
    path("jeux/<int:dataset_pk>/modifier/", views.dataset_edit, name="dataset-edit"),
    path("jeux/<int:dataset_pk>/archiver/", views.dataset_archive, name="dataset-archive"),
    path("jeux/<int:dataset_pk>/publier/", views.dataset_upload, name="dataset-upload"),
    path("jeux/<int:dataset_pk>/versions/<int:version_pk>/", views.version_download,
         name="dataset-version"),
    path("jeux/<int:dataset_pk>/partager/", agreement_views.agreement_create,
         name="agreement-create"),
    path("partages/<int:agreement_pk>/", agreement_views.agreement_detail,
         name="agreement-detail"),
    path("partages/<int:agreement_pk>/accepter/", agreement_views.agreement_accept,
         name="agreement-accept"),
    path("partages/<int:agreement_pk>/terminer/", agreement_views.agreement_end,
         name="agreement-end"),
    # Public, no sign-in: published open data only.
    path("ouvertes/catalogue.jsonld", public_views.catalogue_all, name="opendata-catalogue"),
    path("ouvertes/<str:code>/", public_views.opendata_collectivite, name="opendata-collectivite"),
    path("ouvertes/<str:code>/catalogue.jsonld", public_views.catalogue_collectivite,
         name="opendata-collectivite-catalogue"),
    path("ouvertes/<str:code>/<slug:slug>.csv", public_views.opendata_file,
         name="opendata-file"),
]
