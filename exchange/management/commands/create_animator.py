import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange.services.bootstrap import create_founding_member


class Command(BaseCommand):
    help = (
        "Create a network's first Groupe d'Animation member. Run inside the network: "
        "manage.py tenant_command create_animator --schema=n_<slug> EMAIL --first-name NAME"
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument("--role", default="pilote", choices=["pilote", "copilote", "animateur"])
        parser.add_argument("--password-env", default="COOPERE_ANIMATOR_PASSWORD")

    def handle(self, *args, **o):
        password = os.environ.get(o["password_env"])
        if not password:
            raise CommandError(
                _("Set the password in the environment variable %(var)s.")
                % {"var": o["password_env"]}
            )
        try:
            member = create_founding_member(
                first_name=o["first_name"],
                last_name=o["last_name"],
                email=o["email"],
                password=password,
                role=o["role"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(_("Created: %(name)s") % {"name": member.display_name})
