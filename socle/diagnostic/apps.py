from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "socle.diagnostic"
    label = "diagnostic"
    verbose_name = "Diagnostic externe"
