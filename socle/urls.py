from django.urls import include, path

from socle.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home-root"),
    path("", include("socle.core.urls")),
    path("compte/", include("socle.comptes.urls")),
    path("territoire/", include("socle.territoires.urls")),
    path("journal/", include("socle.journal.urls")),
    path("autodiagnostic/", include("socle.questionnaires.urls")),
    path("donnees/", include("socle.donnees.urls")),
    path("sobriete/", include("socle.sobriete.urls")),
    path("actes/", include("socle.actes.urls")),
    path("diagnostic/", include("socle.diagnostic.urls")),
    path("assistant/", include("socle.assistant.urls")),
    path("assistant/questions/", include("socle.assistant.conversations.urls")),
    path("assistant/proces-verbaux/", include("socle.assistant.minutes.urls")),
    path("assistant/courrier/", include("socle.assistant.courrier.urls")),
]

from socle.api import api  # noqa: E402

urlpatterns += [path("api/", api.urls)]
