from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "socle.assistant.conversations"
    label = "assistant_conversations"
    verbose_name = "Assistant : questions et passerelle de modèles"
