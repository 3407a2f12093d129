from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import export_network


class Command(BaseCommand):
    help = (
        "Write one network's backup (its schema, its public rows, its files) to FILE "
        "(a .tar.gz); `restore_network FILE` brings it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file")

    def handle(self, *args, slug, file, **options):
        try:
            manifest = export_network(slug=slug, path=file)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"{slug} ({manifest['schema']}) → {file}: schéma et {rows} lignes publiques"
        )
        for label, count in manifest["left_out"].items():
            self.stdout.write(f"  non inclus : {label} ({count}), lié à toute la plateforme")
