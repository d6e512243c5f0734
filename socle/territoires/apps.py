from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "socle.territoires"
    label = "territoires"
    verbose_name = "Territoire"

    def ready(self) -> None:
        # Modules that register their journal action labels at import time.
        from . import demo, referentiel, services  # noqa: F401
