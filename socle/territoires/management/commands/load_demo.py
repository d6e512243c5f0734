"""manage.py load_demo [--accounts-only]: the demo territory and its fictitious accounts."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socle.territoires.demo import DemoError, demo_load, format_accounts


class Command(BaseCommand):
    # A data command run at every start (make run): the system checks already ran in migrate.
    requires_system_checks = []
    help = (
        "Charge le territoire de démonstration (communes réelles de l'Ardèche, structure et "
        "comptes fictifs) et affiche les comptes. Sans effet s'il est déjà chargé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts-only", action="store_true",
            help="Afficher seulement les comptes de démonstration, sans rien charger.",
        )
        parser.add_argument(
            "--no-accounts", action="store_true",
            help="Ne pas afficher les comptes (make run les affiche une fois le serveur démarré).",
        )

    def handle(self, *args, accounts_only: bool = False, no_accounts: bool = False, **options):
        if not accounts_only:
            try:
                result = demo_load()
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
            if result.skipped_reason:
                self.stdout.write(self.style.NOTICE(result.skipped_reason))
                return
            message = (
                _("Démo chargée : %(members)s membres déclarés, %(accounts)s comptes créés.")
                % {"members": result.members_declared, "accounts": result.accounts_created}
                if result.changed
                else _("Démo déjà chargée : rien à changer.")
            )
            self.stdout.write(self.style.SUCCESS(message))
        if not no_accounts:
            self.stdout.write(format_accounts(), ending="")
