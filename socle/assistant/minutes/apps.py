from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "socle.assistant.minutes"
    label = "assistant_minutes"
    verbose_name = "Assistant : procès-verbaux"
