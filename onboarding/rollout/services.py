"""Writes of the roll-out: regions (name, code, coaches) and the networks a coach follows."""

import re

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network, Region

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Paths of the console's region pages a code would shadow.
RESERVED_CODES = frozenset({"nouvelle"})
NAME_MAX = Region._meta.get_field("name").max_length
CODE_MAX = Region._meta.get_field("code").max_length


def _is_coach(user) -> bool:
    return user.kind == User.Kind.OPERATOR and user.is_active


def _check_region(*, region: Region | None, name: str, code: str, coaches, errors: Errors):
    """Clean and check a region's fields; returns (name, code)."""
    name = " ".join((name or "").split())
    code = (code or "").strip().lower() or slugify(name)[:CODE_MAX].strip("-")
    others = Region.objects.exclude(pk=region.pk) if region else Region.objects.all()
    if not name:
        errors.add("name", _("Give the region a name."))
    elif len(name) > NAME_MAX:
        errors.add("name", _("A region's name has at most %(max)d characters.") % {"max": NAME_MAX})
    elif others.filter(name__iexact=name).exists():
        errors.add("name", _("A region of that name already exists."))
    if not code or len(code) > CODE_MAX or not CODE_RE.match(code):
        errors.add(
            "code",
            _(
                "The code may only use lowercase letters without accents, digits and hyphens "
                "(at most %(max)d characters)."
            )
            % {"max": CODE_MAX},
        )
    elif code in RESERVED_CODES:
        errors.add("code", _("This code is reserved: choose another one."))
    elif others.filter(code=code).exists():
        errors.add("code", _("A region already has this code."))
    if any(not _is_coach(c) for c in coaches):
        errors.add("coaches", _("A coach is a member of Coop-ère's staff."))
    return name, code


def create_region(*, actor: User, name: str, code: str = "", coaches=()) -> Region:
    """A new region, with the coaches who roll the method out there; the code (its
    address in the console) is made from the name when left empty."""
    coaches = list(coaches)
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors = Errors()
        require_operator(actor, errors)
        name, code = _check_region(
            region=None, name=name, code=code, coaches=coaches, errors=errors
        )
        errors.raise_if_any()
        region = Region.objects.create(name=name, code=code)
        region.coaches.set(coaches)
    return region


def update_region(*, region: Region, actor: User, name: str, code: str, coaches=()) -> Region:
    """Rename a region, change its code or its coaches; its networks stay in it."""
    coaches = list(coaches)
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors = Errors()
        require_operator(actor, errors)
        region = Region.objects.select_for_update().get(pk=region.pk)
        name, code = _check_region(
            region=region, name=name, code=code, coaches=coaches, errors=errors
        )
        errors.raise_if_any()
        region.name, region.code = name, code
        region.save(update_fields=["name", "code"])
        region.coaches.set(coaches)
    return region


def set_coach_networks(*, coach: User, networks, actor: User) -> tuple[int, int]:
    """Make `networks` exactly the live networks `coach` follows: the chosen ones get this
    coach (taken from another coach if need be), the others they followed are left
    without a coach. Returns (networks added, networks let go)."""
    chosen = {n.pk for n in networks}
    errors = Errors()
    require_operator(actor, errors)
    if not _is_coach(coach):
        errors.add("coach", _("A coach is a member of Coop-ère's staff."))
    if any(n.state != Network.State.LIVE for n in networks):
        errors.add("networks", _("Choose only among the open networks."))
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        live = Network.objects.filter(state=Network.State.LIVE)
        # update(): only the coach column changes, in two statements whatever the number.
        let_go = live.filter(coach=coach).exclude(pk__in=chosen).update(coach=None)
        added = live.filter(pk__in=chosen).exclude(coach=coach).update(coach=coach)
    return added, let_go
