from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tenants.services import PoolEmpty, create_network, network_hostname


class Command(BaseCommand):
    help = "Open a neighbourhood network (from the warm pool, else by cloning the template)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="sub-domain, e.g. bois-des-roches")
        parser.add_argument("--name", required=True)
        parser.add_argument("--region", required=True, help="region code, e.g. essonne")
        parser.add_argument("--households", required=True, type=int)
        parser.add_argument("--perimeter", default="")
        parser.add_argument("--meeting-place", default="")
        parser.add_argument(
            "--method", default="auto", choices=["auto", "pool", "clone", "migrate"]
        )

    def handle(self, *args, **o):
        try:
            network = create_network(
                name=o["name"],
                slug=o["slug"],
                region=o["region"],
                estimated_households=o["households"],
                perimeter_description=o["perimeter"],
                meeting_place=o["meeting_place"],
                method=o["method"],
            )
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        except PoolEmpty as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Network “%(name)s” opened at %(host)s")
                % {"name": network.name, "host": network_hostname(network.slug)}
            )
        )
