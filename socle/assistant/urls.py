from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.home, name="home"),
    path("collectivites/<int:pk>/", views.collectivite_home, name="collectivite"),
    path("collectivites/<int:pk>/collections/nouvelle/", views.collection_create,
         name="collection_create"),
    path("collections/nouvelle/", views.collection_create, name="shared_collection_create"),
    path("collections/<int:collection_pk>/", views.collection_detail, name="collection"),
    path("collections/<int:collection_pk>/progression/", views.collection_progress,
         name="collection_progress"),
    path("collections/<int:collection_pk>/importer/", views.collection_import,
         name="collection_import"),
    path("collections/<int:collection_pk>/supprimer/", views.collection_delete,
         name="collection_delete"),
    path("documents/<int:document_pk>/", views.document_detail, name="document"),
    path("documents/<int:document_pk>/supprimer/", views.document_delete,
         name="document_delete"),
]
