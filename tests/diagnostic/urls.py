"""The project's URLs with the diagnostic pages mounted at /diagnostic/ (until socle/urls.py
includes them; then this adds nothing)."""

from django.urls import include, path

from socle.urls import urlpatterns as project_urlpatterns

_mounted = any(getattr(p, "namespace", None) == "diagnostic" for p in project_urlpatterns)
urlpatterns = [*project_urlpatterns]
if not _mounted:
    urlpatterns.append(path("diagnostic/", include("socle.diagnostic.urls")))
