from django.apps import AppConfig


class DonneesConfig(AppConfig):
    name = "socle.donnees"
    label = "donnees"
    verbose_name = "Données et RGPD"

    def ready(self) -> None:
        # Modules that register their journal action labels at import time.
        from . import services  # noqa: F401
        from .opendata import services as opendata_services  # noqa: F401
