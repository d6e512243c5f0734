"""The project's URLs with ProConnect's routes mounted, as when PROCONNECT_CLIENT_ID is set
(socle.comptes.urls decides that once, at start-up)."""

from django.urls import include, path

from socle import urls as project_urls
from socle.comptes import urls as comptes_urls

urlpatterns = [
    path(
        "compte/",
        include(
            (comptes_urls.urlpatterns + comptes_urls.proconnect_urlpatterns(), "comptes"),
            namespace="comptes",
        ),
    ),
    *[p for p in project_urls.urlpatterns if getattr(p, "namespace", None) != "comptes"],
]
