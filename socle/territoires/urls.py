from django.urls import path

from socle.core import views as core_views

app_name = "territoires"

# Routes filled by the territory UI work; placeholders point at the home dispatcher meanwhile.
urlpatterns = [
    path("", core_views.home, name="home"),
    path("collectivites/", core_views.home, name="members"),
    path("collectivites/<int:pk>/", core_views.home, name="collectivite"),
    path("collectivites/<int:pk>/personnes/", core_views.home, name="people"),
]
