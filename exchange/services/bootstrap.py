"""The first Groupe d'Animation member of a network, before anyone can register others.

Used by the demo, by `manage.py tenant_command create_animator` and, later, by the console
when a coach opens a network with its amorceurs.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coopere.accounts.models import User

from ..models import Member


def create_founding_member(
    *,
    first_name: str,
    last_name: str = "",
    email: str,
    password: str,
    address: str = "",
    role: str = Member.GroupRole.PILOTE,
) -> Member:
    if role not in Member.GroupRole.values or not role:
        raise ValidationError({"role": [_("Unknown role.")]})
    if User.objects.filter(email=email.strip().lower()).exists():
        raise ValidationError(
            {"email": [_("A member of this network already uses this email address.")]}
        )
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name
        )
        return Member.objects.create(
            user=user,
            display_name=f"{first_name} {last_name[:1]}.".strip() if last_name else first_name,
            address=address,
            group_role=role,
        )
