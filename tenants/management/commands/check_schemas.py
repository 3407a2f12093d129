from django.core.management.base import BaseCommand, CommandError

from .setup_platform import check_all_schemas


class Command(BaseCommand):
    help = "Fail when a schema lacks a table it should have (public stays on the search path)."

    def handle(self, *args, **options):
        problems = check_all_schemas()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("OK")
