from django.core.management.base import BaseCommand

from tenants.services import fill_pool


class Command(BaseCommand):
    help = "Clone spare schemas from the template until the warm pool is full."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=None)

    def handle(self, *args, size=None, **options):
        self.stdout.write(str(fill_pool(size)))
