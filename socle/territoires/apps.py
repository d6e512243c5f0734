from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "socle.territoires"
    label = "territoires"
    verbose_name = "Territoire"
