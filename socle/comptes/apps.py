from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "socle.comptes"
    label = "comptes"
    verbose_name = "Comptes"

    def ready(self) -> None:
        # Sign-in events into the audit journal, and the journal's labels for our actions.
        from . import services, signals  # noqa: F401
