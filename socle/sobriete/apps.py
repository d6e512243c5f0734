from django.apps import AppConfig


class SobrieteConfig(AppConfig):
    name = "socle.sobriete"
    label = "sobriete"
    verbose_name = "Numérique responsable"
