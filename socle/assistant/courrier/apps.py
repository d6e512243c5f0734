from django.apps import AppConfig


class CourrierConfig(AppConfig):
    name = "socle.assistant.courrier"
    label = "assistant_courrier"
    verbose_name = "Assistant : courrier des habitants"
