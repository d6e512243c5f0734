from django.apps import AppConfig


class QuestionnairesConfig(AppConfig):
    name = "socle.questionnaires"
    label = "questionnaires"
    verbose_name = "Autodiagnostics"
