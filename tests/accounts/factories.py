"""factory_boy factories for accounts of the public schema: Coop-ère staff (operators,
made by the service production uses) and partner users. Both log in with PASSWORD."""

import factory

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tests.fixtures.platform import PASSWORD


class OperatorFactory(factory.Factory):
    """A coach (operator), made by `create_operator` in the public schema."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"coach{n}@coopere.test")
    first_name = "Nadia"
    last_name = ""
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_operator(**kwargs)


class PartnerUserFactory(factory.django.DjangoModelFactory):
    """A partner's staff member (a commune, a social landlord), in the public schema."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"partenaire{n}@partenaire.test")
    first_name = "Paula"
    password = PASSWORD
    kind = User.Kind.PARTNER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)
