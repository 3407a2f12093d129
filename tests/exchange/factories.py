"""factory_boy factories for the exchange app.

Every table they write lives in a network's schema: use them inside `inside(network)`
(or the `in_a` fixture), never on the public schema.
"""

import factory
from django.utils import timezone

from coopere.accounts.models import User
from exchange.models import Member, Post, Theme
from tests.fixtures.platform import PASSWORD, inside


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"voisin{n}@exemple.test")
    first_name = factory.Sequence(lambda n: f"Voisin{n}")
    last_name = "Martin"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The manager gives a member code to users without email, as registration does.
        return model_class.objects.create_user(*args, **kwargs)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda m: f"{m.user.first_name} {m.user.last_name[:1]}.")
    address = factory.Sequence(lambda n: f"{n} allée des Tilleuls")
    household_size = 2

    class Params:
        animator = factory.Trait(group_role=Member.GroupRole.ANIMATEUR)
        pilot = factory.Trait(group_role=Member.GroupRole.PILOTE)
        without_email = factory.Trait(user=factory.SubFactory(UserFactory, email=None))


def _theme(name: str = "Coups de main") -> Theme:
    return Theme.objects.get(name=name)


class PostFactory(factory.django.DjangoModelFactory):
    """A published (open) post by default; `status="draft"` for a draft."""

    class Meta:
        model = Post

    kind = Post.Kind.OFFER
    title = factory.Sequence(lambda n: f"Annonce {n}")
    theme = factory.LazyFunction(_theme)
    author = factory.SubFactory(MemberFactory)
    status = Post.Status.OPEN
    published_at = factory.LazyAttribute(
        lambda p: None if p.status == Post.Status.DRAFT else timezone.now()
    )


def resident(network, email, *, role="", sponsor=None, password=PASSWORD) -> Member:
    """A member of `network` who logs in with `email` and a password (page tests and
    journeys): made inside the network's schema, whatever the current one."""
    with inside(network):
        user = User.objects.create_user(
            email=email, password=password, first_name=email.split("@")[0].title()
        )
        return Member.objects.create(
            user=user,
            display_name=user.first_name,
            address="1 rue du Four",
            group_role=role,
            sponsor=sponsor,
        )
