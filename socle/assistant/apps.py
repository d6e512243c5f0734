from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "socle.assistant"
    label = "assistant"
    verbose_name = "Assistant"
