from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "socle.journal"
    label = "journal"
    verbose_name = "Journal d'audit"
