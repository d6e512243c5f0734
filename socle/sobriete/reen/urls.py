"""URLs of the REEN strategy builder (names live in the sobriete namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("collectivites/<int:pk>/reen/", views.overview, name="reen-collectivite"),
    path("collectivites/<int:pk>/reen/strategie/", views.strategy_edit, name="reen-strategy"),
    path("collectivites/<int:pk>/reen/objectifs/nouveau/", views.objective_create,
         name="reen-objective-create"),
    path("reen/objectifs/<int:objective_pk>/", views.objective_edit, name="reen-objective"),
    path("collectivites/<int:pk>/reen/actions/nouvelle/", views.action_create,
         name="reen-action-create"),
    path("reen/actions/<int:action_pk>/", views.action_edit, name="reen-action"),
    path("reen/<str:kind>/<int:item_pk>/supprimer/", views.item_delete, name="reen-item-delete"),
    path("collectivites/<int:pk>/reen/bilan/", views.snapshot, name="reen-snapshot"),
    path("collectivites/<int:pk>/reen/rgesn/", views.rgesn_home, name="reen-rgesn"),
    path("reen/rgesn/services/<int:service_pk>/", views.rgesn_service,
         name="reen-rgesn-service"),
    path("collectivites/<int:pk>/reen/document.odt", views.document_odt,
         name="reen-document-odt"),
    path("collectivites/<int:pk>/reen/document.pdf", views.document_pdf,
         name="reen-document-pdf"),
]
