from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "socle.comptes"
    label = "comptes"
    verbose_name = "Comptes"
