from django.core.management.base import BaseCommand
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from community.impact.services import backfill_snapshots
from tenants.models import Network


class Command(BaseCommand):
    help = (
        "Write impact snapshots into the public schema, network by network (an operator's "
        "command for backfills; the monthly Celery task does it in normal times)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=1, help="how many months back")
        parser.add_argument(
            "--network", help="only this network (its address, e.g. bois-des-roches)"
        )

    def handle(self, *args, months, network=None, **options):
        with schema_context(get_public_schema_name()):
            networks = Network.objects.filter(state=Network.State.LIVE).order_by("pk")
            if network:
                networks = networks.filter(slug=network)
            schemas = list(networks.values_list("schema_name", flat=True))
        for schema in schemas:
            with schema_context(schema):
                backfill_snapshots(months=months)
        self.stdout.write(
            ngettext("%(n)d network done.", "%(n)d networks done.", len(schemas))
            % {"n": len(schemas)}
        )
