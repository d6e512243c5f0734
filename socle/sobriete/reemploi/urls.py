"""URLs of the reuse pool (names live in the sobriete namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reemploi/", views.pool, name="reemploi-pool"),
    path("reemploi/offres/<int:offer_pk>/", views.offer_detail, name="reemploi-offer"),
    path("reemploi/offres/<int:offer_pk>/reserver/", views.reserve, name="reemploi-reserve"),
    path("reemploi/offres/<int:offer_pk>/retirer/", views.withdraw, name="reemploi-withdraw"),
    path("reemploi/offres/<int:offer_pk>/effacement/", views.wipe, name="reemploi-wipe"),
    path("reemploi/offres/<int:offer_pk>/remise/", views.handover, name="reemploi-handover"),
    path("reemploi/reservations/<int:reservation_pk>/reponse/", views.decide,
         name="reemploi-decide"),
    path("reemploi/reservations/<int:reservation_pk>/annuler/", views.cancel,
         name="reemploi-cancel"),
    path("collectivites/<int:pk>/reemploi/", views.collectivite_page,
         name="reemploi-collectivite"),
    path("collectivites/<int:pk>/reemploi/proposer/", views.offer_create,
         name="reemploi-offer-create"),
]
