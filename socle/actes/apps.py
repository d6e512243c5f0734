from django.apps import AppConfig


class ActesConfig(AppConfig):
    name = "socle.actes"
    label = "actes"
    verbose_name = "Actes"
