"""RGPD retention: list, network by network, the accounts without a login for
`COOPERE_INACTIVE_MONTHS` (the same list as the animation members page). It deletes
nothing: the Groupe d'Animation contacts each person, who may leave the network."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from exchange.selectors import inactive_members
from tenants.models import Network


class Command(BaseCommand):
    help = (
        "List the accounts without a login for COOPERE_INACTIVE_MONTHS in every live network "
        "(or one); nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--network", help="only this network (its address, e.g. bois-des-roches)"
        )

    def handle(self, *args, network=None, **options):
        with schema_context(get_public_schema_name()):
            networks = Network.objects.filter(state=Network.State.LIVE).order_by("slug")
            if network:
                networks = networks.filter(slug=network)
            found = list(networks.values_list("slug", "schema_name"))
        if network and not found:
            raise CommandError(f"Aucun réseau ouvert à l'adresse « {network} ».")
        months = settings.COOPERE_INACTIVE_MONTHS
        total = 0
        for slug, schema in found:
            with schema_context(schema):
                members = list(inactive_members())
            total += len(members)
            self.stdout.write(
                f"{slug} : {len(members)} compte(s) sans connexion depuis {months} mois"
            )
            for member in members:
                seen = timezone.localtime(member.last_seen).strftime("%d/%m/%Y")
                how = (
                    "dernière connexion"
                    if member.user.last_login
                    else "jamais connecté·e, inscrit·e"
                )
                self.stdout.write(f"  - n° {member.pk} {member.display_name} ({how} le {seen})")
        self.stdout.write(
            f"{total} compte(s) inactif(s) au total. Rien n'a été supprimé : le Groupe "
            "d'Animation prend contact avec chaque personne."
        )
