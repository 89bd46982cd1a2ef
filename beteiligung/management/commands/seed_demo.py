"""Build the Hessian demo content. Idempotent: a second run changes nothing.

Every app may have a ``demo.py`` with a ``seed(stdout)`` function; they run in the order
of INSTALLED_APPS, so the core (organisations, staff) and the page tree come first.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Create or update the demo content (organisations, staff, pages, services)."

    def handle(self, *args, **options) -> None:
        # The demo accounts share a password that is printed in the README and on start:
        # on a live server that would be an open door.
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "seed_demo creates accounts with a published password and does not run "
                    "when DJANGO_ENV=production. Create the first administrator with "
                    "'manage.py create_admin --email …'."
                )
            )
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
