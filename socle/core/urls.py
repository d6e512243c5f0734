from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("accueil/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
urlpatterns += [path("accessibilite/", views.accessibility, name="accessibility")]
