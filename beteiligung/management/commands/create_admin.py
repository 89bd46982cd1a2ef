"""Create the first administrator of a live site: a superuser whose e-mail address is
already verified (allauth lets nobody log in before that), with a password typed at the
prompt or taken from an environment variable, never from the command line.

``createsuperuser`` gives an account without a verified address that cannot log in, and
``seed_demo`` one with a published password; this is the way for a real server.
"""

import getpass
import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from beteiligung.models import User


class Command(BaseCommand):
    help = "Create the first administrator with a verified e-mail address."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True, help="the administrator's e-mail address")
        parser.add_argument("--name", default="", help="display name (optional)")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="read the password from this environment variable instead of the prompt",
        )

    def handle(self, *args, email: str, name: str, password_from_env: str | None, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(_("This is not a valid e-mail address: %s") % email) from error
        if (
            User.objects.filter(email__iexact=email).exists()
            or EmailAddress.objects.filter(email__iexact=email).exists()
        ):
            raise CommandError(_("An account with this e-mail address already exists: %s") % email)

        user = User(
            username=email, email=email, display_name=name, is_staff=True, is_superuser=True
        )
        password = self.password(password_from_env)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)

        self.stdout.write(self.style.SUCCESS(_("Administrator %s created.") % email))
        self.stdout.write(
            _(
                "Next: log in at %(login)s and set up two-factor authentication with an "
                "authenticator app at %(mfa)s. With STAFF_REQUIRE_MFA (on in production) the "
                "administration opens only after that."
            )
            % {
                "login": f"{settings.SITE_URL}/konto/login/",
                "mfa": f"{settings.SITE_URL}/konto/2fa/",
            }
        )

    def password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(_("The environment variable %s is empty or not set.") % variable)
            return password
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The two passwords do not match."))
        if not password:
            raise CommandError(_("The password must not be empty."))
        return password
