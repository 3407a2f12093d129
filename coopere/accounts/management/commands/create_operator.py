import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coopere.accounts.services import create_operator


class Command(BaseCommand):
    help = "Create a Coop-ère operator (staff) account in the public schema."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", default="Operator")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-env",
            default="COOPERE_OPERATOR_PASSWORD",
            help="Environment variable holding the password (asked for if unset).",
        )

    def handle(self, *args, email, first_name, last_name, password_env, **options):
        password = os.environ.get(password_env)
        if not password:
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                raise CommandError(_("The two passwords differ."))
        try:
            user = create_operator(
                email=email, password=password, first_name=first_name, last_name=last_name
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(_("Operator created: %(email)s") % {"email": user.email})
        )
