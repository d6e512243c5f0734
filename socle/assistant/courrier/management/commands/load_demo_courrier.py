"""manage.py load_demo_courrier: fictitious citizen letters and validated replies for the demo
territory (after load_demo). Without effect when they are already there."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from socle.assistant.courrier.demo import demo_courrier_load


class Command(BaseCommand):
    requires_system_checks = []
    help = ("Charge des courriers d'habitants fictifs, avec leurs réponses validées, pour les "
            "collectivités de démonstration. Sans effet s'ils sont déjà chargés.")

    def handle(self, *args, **options):
        created = demo_courrier_load()
        if created:
            self.stdout.write(self.style.SUCCESS(
                _("Courrier de démonstration : %(count)s courriers créés.") % {"count": created}))
        else:
            self.stdout.write(_("Courrier de démonstration déjà chargé (ou démo absente) : rien "
                                "à changer."))
