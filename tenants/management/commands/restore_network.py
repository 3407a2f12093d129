from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import restore_network


class Command(BaseCommand):
    help = (
        "Restore a network from a file written by `export_network`. Refused, with nothing "
        "written, when its address, schema or domain already exists in this database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            network = restore_network(path=file)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{network.slug} ({network.schema_name}) restauré depuis {file}")
