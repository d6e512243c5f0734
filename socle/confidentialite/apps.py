from django.apps import AppConfig


class ConfidentialiteConfig(AppConfig):
    name = "socle.confidentialite"
    label = "confidentialite"
    verbose_name = "Données personnelles (détection et pseudonymisation)"
