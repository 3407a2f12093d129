from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import Member


def check_can_act_for(actor: Member, member: Member) -> Member | None:
    """Who may act for `member`: themselves, or their sponsor. Returns `acted_by`
    (the sponsor) to record "par <sponsor> pour <member>", or None."""
    if actor.pk == member.pk:
        return None
    if member.sponsor_id == actor.pk:
        return actor
    raise PermissionDenied(_("You cannot act on behalf of this member."))


def check_animator(actor: Member) -> None:
    if not actor.is_animator:
        raise PermissionDenied(_("Only the Groupe d'Animation can do this."))


def check_active(member: Member) -> None:
    if member.anonymised_at:
        raise ValidationError(_("This member has left the network."))


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})
