from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.home, name="home"),
    path("collectivites/<int:pk>/", views.collectivite_home, name="collectivite"),
]
