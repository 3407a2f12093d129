"""Writes of a network's console record: its amorceurs, relays and documents.

Same rules as services.py: operators only, every input checked before any write, French
refusals per field.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from frontend.uploads import check_document
from tenants.models import Network

from ..models import Amorceur, NetworkDocument, Relay

# Minutes, a perimeter map, a signed agreement: 10 MB is plenty (setting to change it).
UPLOAD_LIMIT_MB = 10


def upload_limit_mb() -> int:
    return int(getattr(settings, "COOPERE_CONSOLE_UPLOAD_MB", UPLOAD_LIMIT_MB))


def check_upload(file, field: str, errors: Errors) -> None:
    check_document(file, field, errors)
    if file and file.size > upload_limit_mb() * 1024 * 1024:
        errors.add(
            field, _("This file is too large: %(limit)d MB at most.") % {"limit": upload_limit_mb()}
        )


def _text(value, limit: int, field: str, problems: dict, *, required_message=None) -> str:
    value = (value or "").strip()
    if not value and required_message:
        problems.setdefault(field, []).append(required_message)
    elif len(value) > limit:
        problems.setdefault(field, []).append(_("%(max)d characters at most.") % {"max": limit})
    return value


def clean_amorceur(data: dict) -> tuple[dict, dict[str, list[str]]]:
    """An amorceur's fields, stripped, and the problems found, per field."""
    problems: dict[str, list[str]] = {}
    fields = {
        "name": _text(data.get("name"), 150, "name", problems, required_message=_("Give a name.")),
        "kind": data.get("kind") or "",
        "organisation": _text(data.get("organisation"), 150, "organisation", problems),
        "email": _text(data.get("email"), 254, "email", problems).lower(),
        "phone": _text(data.get("phone"), 30, "phone", problems),
    }
    if fields["kind"] not in Amorceur.Kind.values:
        problems.setdefault("kind", []).append(
            _("Say whether this is a resident or which kind of organisation.")
        )
    elif fields["kind"] == Amorceur.Kind.RESIDENT:
        fields["organisation"] = ""
    elif not fields["organisation"] and "organisation" not in problems:
        problems.setdefault("organisation", []).append(_("Give the organisation's name."))
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            problems.setdefault("email", []).append(_("This email address does not look right."))
    return fields, problems


def clean_relay(data: dict) -> tuple[dict, dict[str, list[str]]]:
    problems: dict[str, list[str]] = {}
    fields = {
        "name": _text(data.get("name"), 150, "name", problems, required_message=_("Give a name.")),
        "organisation": _text(data.get("organisation"), 150, "organisation", problems),
        "contact": _text(data.get("contact"), 200, "contact", problems),
        "note": (data.get("note") or "").strip(),
    }
    return fields, problems


def numbered(kind_label: str, number: int, problems: dict[str, list[str]]) -> list[str]:
    """Problems of the n-th row of a list, as one list of sentences naming the row."""
    return [
        _("%(what)s %(number)d: %(problem)s")
        % {"what": kind_label, "number": number, "problem": problem}
        for messages in problems.values()
        for problem in messages
    ]


# --- Amorceurs -----------------------------------------------------------------------


def add_amorceur(*, network: Network, actor: User, **data) -> Amorceur:
    errors = Errors()
    require_operator(actor, errors)
    fields, problems = clean_amorceur(data)
    Errors({**errors, **problems}).raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        position = network.amorceurs.count() + 1
        return Amorceur.objects.create(network=network, position=position, **fields)


def update_amorceur(*, amorceur: Amorceur, actor: User, **data) -> Amorceur:
    errors = Errors()
    require_operator(actor, errors)
    fields, problems = clean_amorceur(data)
    Errors({**errors, **problems}).raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        for name, value in fields.items():
            setattr(amorceur, name, value)
        amorceur.save(update_fields=list(fields))
        return amorceur


def remove_amorceur(*, amorceur: Amorceur, actor: User) -> None:
    errors = Errors()
    require_operator(actor, errors)
    with schema_context(get_public_schema_name()), transaction.atomic():
        # Locks the network's amorceurs so two removals cannot leave it with none.
        others = (
            Amorceur.objects.select_for_update()
            .filter(network_id=amorceur.network_id)
            .exclude(pk=amorceur.pk)
        )
        if not errors and not list(others):
            errors.add(
                "amorceur", _("A network keeps at least one amorceur: add another one first.")
            )
        errors.raise_if_any()
        amorceur.delete()


# --- Relays --------------------------------------------------------------------------


def add_relay(*, network: Network, actor: User, **data) -> Relay:
    errors = Errors()
    require_operator(actor, errors)
    fields, problems = clean_relay(data)
    Errors({**errors, **problems}).raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        return Relay.objects.create(network=network, **fields)


def update_relay(*, relay: Relay, actor: User, **data) -> Relay:
    errors = Errors()
    require_operator(actor, errors)
    fields, problems = clean_relay(data)
    Errors({**errors, **problems}).raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        for name, value in fields.items():
            setattr(relay, name, value)
        relay.save(update_fields=list(fields))
        return relay


def remove_relay(*, relay: Relay, actor: User) -> None:
    errors = Errors()
    require_operator(actor, errors)
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        relay.delete()


# --- Documents -----------------------------------------------------------------------


def add_document(*, network: Network, actor: User, title: str, file) -> NetworkDocument:
    errors = Errors()
    require_operator(actor, errors)
    title = _text(title, 200, "title", errors, required_message=_("Give the document a title."))
    if not file:
        errors.add("file", _("Choose a file."))
    check_upload(file, "file", errors)
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        return NetworkDocument.objects.create(
            network=network, title=title, file=file, uploaded_by=actor
        )


def delete_document(*, document: NetworkDocument, actor: User) -> None:
    errors = Errors()
    require_operator(actor, errors)
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        file = document.file
        document.delete()
        # The file goes once the row is gone for good (a rollback keeps both).
        transaction.on_commit(lambda: file.delete(save=False))
