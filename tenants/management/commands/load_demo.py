from django.core.management.base import BaseCommand

from infra.demo import load_demo


class Command(BaseCommand):
    help = "Load (or complete) the demo: two networks in Essonne, residents, one operator."

    def handle(self, *args, **options):
        for line in load_demo():
            self.stdout.write(line)
