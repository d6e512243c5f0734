from django.urls import path

from . import views

app_name = "assistant_minutes"

urlpatterns = [
    path("collectivites/<int:pk>/", views.collectivite, name="collectivite"),
    path("collectivites/<int:pk>/nouveau/", views.new, name="new"),
    path("<int:minutes_pk>/", views.detail, name="detail"),
    path("<int:minutes_pk>/valider/", views.validate, name="validate"),
    path("<int:minutes_pk>/export.<str:fmt>", views.export, name="export"),
]
