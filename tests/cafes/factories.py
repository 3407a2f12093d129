"""factory_boy factories for cafés. Like every tenant table, use them inside a network's
schema (`in_a`, `inside(network)`): the café and its host are made there."""

from datetime import timedelta

import factory
from django.utils import timezone

from community.cafes.models import Cafe
from tests.exchange.factories import MemberFactory


class CafeFactory(factory.django.DjangoModelFactory):
    """A café written straight to the table, three days ahead unless `starts_at` is given
    (past cafés included): for tests about what happens around a café rather than about
    scheduling it (that goes through `community.cafes.services`). Its creator hosts it."""

    class Meta:
        model = Cafe
        skip_postgeneration_save = True

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    place_name = "Square des Tilleuls"
    place_address = "2 allée des Tilleuls, 91000 Évry"
    created_by = factory.SubFactory(MemberFactory, animator=True)

    @factory.post_generation
    def hosts(self, create, extracted, **kwargs):
        if create:
            self.hosts.add(*(extracted or [self.created_by]))
