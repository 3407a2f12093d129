"""Writes of the guided flow: ticking items and moving a network through the phases.

Every input is checked before anything is written; refusals are ValidationError with
per-field French messages, and leave the database as it was.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from tenants.models import Network

from .models import (
    Amorceur,
    ChecklistItem,
    ChecklistVersion,
    ItemCheck,
    ItemUntick,
    NetworkChecklist,
    PhaseTransition,
    PlatformOpening,
    Relay,
)
from .selectors import (
    GROUP_SIZE_FLOOR,
    checklist_for,
    entered_phase_at,
    latest_snapshot,
    platform_reasons,
)

PHASES = list(Network.Phase.values)
# A network stays at least this long in structuration before autonomie (unless overridden).
STRUCTURATION_DAYS = 365


def start_checklist(*, network: Network) -> NetworkChecklist:
    """Give the network the latest catalogue version, once; later calls keep it."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        existing = NetworkChecklist.objects.select_related("version").filter(network=network)
        if existing.exists():
            return existing.get()
        version = ChecklistVersion.objects.order_by("-number").first()
        if version is None:
            raise ValidationError({"version": [_("No checklist has been published yet.")]})
        chosen, _created = NetworkChecklist.objects.get_or_create(
            network=network, defaults={"version": version}
        )
        return chosen


def _check_manual_item(network: Network, item: ChecklistItem, errors: dict) -> None:
    chosen = NetworkChecklist.objects.filter(network=network).first()
    version_id = (
        chosen.version_id
        if chosen
        else ChecklistVersion.objects.order_by("-number").values_list("pk", flat=True).first()
    )
    if item.version_id != version_id:
        errors.setdefault("item", []).append(
            _("This item is not part of this network's checklist.")
        )
    elif item.kind == ChecklistItem.Kind.AUTOMATIC:
        errors.setdefault("item", []).append(
            _(
                "This item is computed from the network's indicators: "
                "it cannot be ticked or unticked by hand."
            )
        )


def tick_item(
    *,
    network: Network,
    item: ChecklistItem,
    actor: User,
    done_at: date | None = None,
    note: str = "",
    attachment=None,
) -> ItemCheck:
    """Tick a manual item: the day it was done, who ticked it, an optional note and file."""
    from .contacts import check_upload

    with schema_context(get_public_schema_name()):
        errors: dict[str, list[str]] = {}
        require_operator(actor, errors)
        _check_manual_item(network, item, errors)
        done_at = done_at or timezone.localdate()
        if done_at > timezone.localdate():
            errors.setdefault("done_at", []).append(_("The date cannot be in the future."))
        check_upload(attachment, "attachment", errors)
        if not errors and ItemCheck.objects.filter(network=network, item=item).exists():
            errors.setdefault("item", []).append(_("This item is already ticked."))
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            start_checklist(network=network)
            return ItemCheck.objects.create(
                network=network,
                item=item,
                done_at=done_at,
                done_by=actor,
                note=(note or "").strip(),
                attachment=attachment or "",
            )


def record_item_done(
    *, network: Network, key: str, actor: User, done_at: date, note: str = ""
) -> ItemCheck | None:
    """Tick (or re-date) the manual item `key` of the network's checklist because another
    console action just did it (scheduling the apéro-info ticks "apéro-info programmé").

    Called inside the caller's transaction; a catalogue version without that item, or where
    it is automatic, is left alone.
    """
    checklist = start_checklist(network=network)
    item = ChecklistItem.objects.filter(
        version=checklist.version, key=key, kind=ChecklistItem.Kind.MANUAL
    ).first()
    if item is None:
        return None
    check, _created = ItemCheck.objects.update_or_create(
        network=network,
        item=item,
        defaults={"done_at": min(done_at, timezone.localdate()), "done_by": actor, "note": note},
    )
    return check


def untick_item(
    *, network: Network, item: ChecklistItem, actor: User, reason: str = ""
) -> ItemUntick:
    """Untick a manual item, with the reason: the trace (what the tick said, who unticked
    it, when, why) stays on the network's page."""
    reason = (reason or "").strip()
    with schema_context(get_public_schema_name()):
        errors: dict[str, list[str]] = {}
        require_operator(actor, errors)
        _check_manual_item(network, item, errors)
        if not errors and not ItemCheck.objects.filter(network=network, item=item).exists():
            errors.setdefault("item", []).append(_("This item is not ticked."))
        if not reason:
            errors.setdefault("reason", []).append(_("Write why this item is unticked."))
        if errors:
            raise ValidationError(errors)
        with transaction.atomic():
            check = ItemCheck.objects.select_for_update().filter(network=network, item=item).first()
            if check is None:  # unticked by someone else meanwhile
                raise ValidationError({"item": [_("This item is not ticked.")]})
            trace = ItemUntick.objects.create(
                network=network,
                item=item,
                reason=reason,
                unticked_at=timezone.now(),
                unticked_by=actor,
                was_done_at=check.done_at,
                was_done_by_id=check.done_by_id,
                was_note=check.note,
            )
            check.delete()
            return trace


def gate_reasons(network: Network, to_phase: str) -> list[str]:
    """Why the network may not enter `to_phase` yet, in French; empty when it may.

    Each phase needs the previous phase's required items; autonomie also needs a year
    in structuration.
    """
    index = PHASES.index(to_phase)
    if index == 0:
        return []
    previous = PHASES[index - 1]
    reasons = []
    missing = checklist_for(network).phase(previous).missing_required
    if missing:
        reasons.append(
            _("Missing: %(items)s.") % {"items": ", ".join(s.item.label for s in missing)}
        )
    if to_phase == Network.Phase.AUTONOMIE:
        since = entered_phase_at(network, Network.Phase.STRUCTURATION)
        days = (timezone.now() - since) // timedelta(days=1)
        if days < STRUCTURATION_DAYS:
            reasons.append(
                ngettext(
                    "A network needs at least %(required)d days in structuration "
                    "(%(days)d day so far).",
                    "A network needs at least %(required)d days in structuration "
                    "(%(days)d days so far).",
                    days,
                )
                % {"required": STRUCTURATION_DAYS, "days": days}
            )
    return reasons


def move_to_phase(
    *,
    network: Network,
    to_phase: str,
    actor: User,
    override: bool = False,
    override_reason: str = "",
) -> PhaseTransition:
    """Move a network to the next phase once its gate is met, and record the move.

    Only the move to autonomie may be forced past its gate, by an operator who writes why.
    """
    override_reason = (override_reason or "").strip()
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors: dict[str, list[str]] = {}
        require_operator(actor, errors)
        # Locked so two operators cannot move the same network at once.
        network = Network.objects.select_for_update().get(pk=network.pk)
        if to_phase not in PHASES:
            errors.setdefault("to_phase", []).append(_("Unknown phase."))
        elif to_phase == network.phase:
            errors.setdefault("to_phase", []).append(_("The network is already in this phase."))
        elif network.phase == PHASES[-1]:
            errors.setdefault("to_phase", []).append(
                _("The network is in autonomie, the method's last phase.")
            )
        elif PHASES.index(to_phase) != PHASES.index(network.phase) + 1:
            errors.setdefault("to_phase", []).append(
                _("A network moves one phase at a time, to the next one: %(phase)s.")
                % {"phase": _next_phase_label(network.phase)}
            )
        if override:
            if to_phase != Network.Phase.AUTONOMIE:
                errors.setdefault("override_reason", []).append(
                    _("Only the move to autonomie can be forced.")
                )
            elif not override_reason:
                errors.setdefault("override_reason", []).append(
                    _("Write why the network moves to autonomie before its conditions are met.")
                )
        elif override_reason:
            override_reason = ""  # a reason without an override overrides nothing
        if not errors and not override:
            reasons = gate_reasons(network, to_phase)
            if reasons:
                errors["to_phase"] = reasons
        if errors:
            raise ValidationError(errors)
        start_checklist(network=network)
        transition = PhaseTransition.objects.create(
            network=network,
            from_phase=network.phase,
            to_phase=to_phase,
            at=timezone.now(),
            by=actor,
            override_reason=override_reason,
        )
        network.phase = to_phase
        network.save(update_fields=["phase"])
        # Alerts depend on the phase (overdue, group size, cafés): re-evaluate them now.
        from onboarding.coaching.health import queue_health_check

        queue_health_check(network.schema_name)
        return transition


def _next_phase_label(phase: str) -> str:
    return str(Network.Phase(PHASES[PHASES.index(phase) + 1]).label)


# --- The catalogue -------------------------------------------------------------------

ITEM_FIELDS = ("phase", "key", "label", "kind", "indicator", "threshold", "required")


def publish_checklist_version(*, actor: User, items: list[dict]) -> ChecklistVersion:
    """Publish a new catalogue version (operators edit the checklists this way).

    `items` are dicts of ITEM_FIELDS in display order; the current version is a good start
    (`selectors.catalogue_items`). Networks already started keep their version; networks
    that start afterwards get this one.
    """
    errors: dict[str, list[str]] = {}
    require_operator(actor, errors)
    cleaned = _clean_catalogue_items(items, errors)
    if errors:
        raise ValidationError(errors)
    with schema_context(get_public_schema_name()), transaction.atomic():
        # Locks the latest version row so two publications cannot take the same number.
        latest = ChecklistVersion.objects.select_for_update().order_by("-number").first()
        version = ChecklistVersion.objects.create(number=(latest.number if latest else 0) + 1)
        positions: dict[str, int] = {}
        for fields in cleaned:
            positions[fields["phase"]] = positions.get(fields["phase"], 0) + 1
            ChecklistItem.objects.create(
                version=version, position=positions[fields["phase"]], **fields
            )
    return version


def _clean_catalogue_items(items: list[dict], errors: dict) -> list[dict]:
    problems: list[str] = []
    cleaned: list[dict] = []
    seen: set[str] = set()
    if not items:
        problems.append(_("A checklist needs at least one item."))
    for number, raw in enumerate(items or [], start=1):
        fields = {
            "phase": raw.get("phase", ""),
            "key": (raw.get("key") or "").strip().lower(),
            "label": (raw.get("label") or "").strip(),
            "kind": raw.get("kind") or ChecklistItem.Kind.MANUAL,
            "indicator": raw.get("indicator") or "",
            "threshold": raw.get("threshold"),
            "required": bool(raw.get("required", True)),
        }
        where = {"number": number}
        if fields["phase"] not in PHASES:
            problems.append(_("Item %(number)d: unknown phase.") % where)
        if not fields["label"]:
            problems.append(_("Item %(number)d: give it a label.") % where)
        if not _is_key(fields["key"]):
            problems.append(
                _("Item %(number)d: give it a key of lowercase letters, digits and hyphens.")
                % where
            )
        elif fields["key"] in seen:
            problems.append(
                _("Item %(number)d: the key %(key)s is already used.")
                % {**where, "key": fields["key"]}
            )
        seen.add(fields["key"])
        if fields["kind"] == ChecklistItem.Kind.AUTOMATIC:
            if fields["indicator"] not in ChecklistItem.Indicator.values:
                problems.append(
                    _("Item %(number)d: an automatic item needs one of these indicators: %(list)s.")
                    % {**where, "list": ", ".join(ChecklistItem.Indicator.values)}
                )
        elif fields["kind"] == ChecklistItem.Kind.MANUAL:
            fields["indicator"], fields["threshold"] = "", None
        else:
            problems.append(_("Item %(number)d: unknown kind.") % where)
        threshold = fields["threshold"]
        if threshold is not None:
            try:
                threshold = fields["threshold"] = int(threshold)
            except (TypeError, ValueError):
                threshold = None
                problems.append(_("Item %(number)d: the threshold is a whole number.") % where)
        if threshold is not None and threshold < 0:
            problems.append(_("Item %(number)d: the threshold is a whole number.") % where)
        if (
            threshold is not None
            and fields["indicator"] == ChecklistItem.Indicator.GROUP_SIZE
            and threshold < GROUP_SIZE_FLOOR
        ):
            problems.append(
                _("Item %(number)d: a Groupe d'Animation counts at least %(min)d members.")
                % {**where, "min": GROUP_SIZE_FLOOR}
            )
        cleaned.append(fields)
    if problems:
        errors["items"] = problems
    return cleaned


def _is_key(key: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?", key))


# --- The console: opening networks, the platform, coaches, indicators ------------------


def _check_coach(coach, errors: dict) -> None:
    if coach is not None and not (coach.kind == User.Kind.OPERATOR and coach.is_active):
        errors.setdefault("coach", []).append(_("A coach is a member of Coop-ère's staff."))


def open_network(
    *,
    actor: User,
    name: str,
    slug: str,
    region,
    estimated_households,
    perimeter_description: str = "",
    perimeter_streets: str = "",
    meeting_place: str = "",
    coach: User | None = None,
    amorceurs: list[dict],
    relays: list[dict] | None = None,
) -> Network:
    """Open a network from the console, in amorçage, from the warm pool (never builds a
    schema: PoolEmpty becomes a French refusal), with its amorceurs, relays, coach and
    checklist — all or nothing.

    amorceurs/relays: dicts of their fields (name, kind, organisation, email, phone /
    name, organisation, contact, note); at least one amorceur.
    """
    from tenants.services import PoolEmpty, check_network_request, create_network

    from .contacts import clean_amorceur, clean_relay, numbered

    errors: dict[str, list[str]] = {}
    require_operator(actor, errors)
    _check_coach(coach, errors)
    with schema_context(get_public_schema_name()):
        try:
            check_network_request(
                name=name,
                slug=slug,
                region=region,
                estimated_households=estimated_households,
                perimeter_description=perimeter_description or "",
                meeting_place=meeting_place or "",
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    cleaned_amorceurs, cleaned_relays = [], []
    for number, data in enumerate(amorceurs or [], start=1):
        fields, problems = clean_amorceur(data)
        errors.setdefault("amorceurs", []).extend(numbered(_("Amorceur"), number, problems))
        cleaned_amorceurs.append(fields)
    if not cleaned_amorceurs:
        errors.setdefault("amorceurs", []).append(
            _("Add at least one amorceur: the residents or the organisation starting it.")
        )
    for number, data in enumerate(relays or [], start=1):
        fields, problems = clean_relay(data)
        errors.setdefault("relays", []).extend(numbered(_("Relay"), number, problems))
        cleaned_relays.append(fields)
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    with schema_context(get_public_schema_name()), transaction.atomic():
        try:
            network = create_network(
                name=name,
                slug=slug,
                region=region,
                estimated_households=estimated_households,
                perimeter_description=perimeter_description or "",
                meeting_place=meeting_place or "",
                phase=Network.Phase.AMORCAGE,
                method="pool",
            )
        except PoolEmpty as exc:
            raise ValidationError({"__all__": [str(exc)]}) from exc
        network.coach = coach
        network.perimeter_streets = _streets(perimeter_streets)
        network.save(update_fields=["coach", "perimeter_streets"])
        Amorceur.objects.bulk_create(
            Amorceur(network=network, position=position, **fields)
            for position, fields in enumerate(cleaned_amorceurs, start=1)
        )
        Relay.objects.bulk_create(Relay(network=network, **fields) for fields in cleaned_relays)
        start_checklist(network=network)
    return network


def _streets(text: str) -> str:
    """One street or building per line, blank lines and stray spaces dropped."""
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def update_perimeter(
    *,
    network: Network,
    actor: User,
    perimeter_description: str,
    perimeter_streets: str,
    estimated_households,
    meeting_place: str,
) -> Network:
    from tenants.models import MAX_HOUSEHOLDS, MIN_HOUSEHOLDS

    errors: dict[str, list[str]] = {}
    require_operator(actor, errors)
    households = None
    try:
        households = int(estimated_households)
    except (TypeError, ValueError):
        errors.setdefault("estimated_households", []).append(
            _("Give the estimated number of households as a whole number.")
        )
    if households is not None and not (MIN_HOUSEHOLDS <= households <= MAX_HOUSEHOLDS):
        errors.setdefault("estimated_households", []).append(
            _(
                "A network's perimeter counts between %(min)d and %(max)d households "
                "(you gave %(value)d)."
            )
            % {"min": MIN_HOUSEHOLDS, "max": MAX_HOUSEHOLDS, "value": households}
        )
    meeting_place = (meeting_place or "").strip()
    if len(meeting_place) > 200:
        errors.setdefault("meeting_place", []).append(
            _("%(max)d characters at most.") % {"max": 200}
        )
    if errors:
        raise ValidationError(errors)
    with schema_context(get_public_schema_name()), transaction.atomic():
        network.perimeter_description = (perimeter_description or "").strip()
        network.perimeter_streets = _streets(perimeter_streets)
        network.estimated_households = households
        network.meeting_place = meeting_place
        network.save(
            update_fields=[
                "perimeter_description",
                "perimeter_streets",
                "estimated_households",
                "meeting_place",
            ]
        )
    return network


def assign_coach(*, network: Network, coach: User | None, actor: User) -> Network:
    """Give the network a coach (an operator), change it, or leave it without one."""
    errors: dict[str, list[str]] = {}
    require_operator(actor, errors)
    _check_coach(coach, errors)
    if errors:
        raise ValidationError(errors)
    with schema_context(get_public_schema_name()), transaction.atomic():
        network.coach = coach
        network.save(update_fields=["coach"])
    return network


def refresh_indicators(*, network: Network, actor: User):
    """Write this month's snapshot of this one network now (the nightly task does it for
    all): computed inside its schema, stored in public, where the console reads it."""
    from community.impact.services import write_snapshot

    errors: dict[str, list[str]] = {}
    require_operator(actor, errors)
    if network.state != Network.State.LIVE:
        errors.setdefault("network", []).append(_("This network is not open."))
    if errors:
        raise ValidationError(errors)
    from onboarding.coaching.health import check_network_health

    with schema_context(network.schema_name):
        snapshot = write_snapshot()
        # The same figures refresh the network's health alerts, not only at night.
        check_network_health()
        return snapshot


def open_platform(*, network: Network, actor: User) -> PlatformOpening:
    """Open the residents' platform, in lancement, once the latest snapshot shows the
    seed's two launch conditions: a Groupe d'Animation of min_group_size() and a café
    scheduled. Refusals list what is missing and change nothing."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        errors: dict[str, list[str]] = {}
        require_operator(actor, errors)
        # Locked so two operators cannot open it twice.
        network = Network.objects.select_for_update().get(pk=network.pk)
        if network.platform_opened_at is not None:
            errors.setdefault("platform", []).append(_("The platform is already open."))
        elif network.phase != Network.Phase.LANCEMENT:
            errors.setdefault("platform", []).append(
                _("The residents' platform opens during lancement.")
            )
        else:
            reasons = platform_reasons(network)
            if reasons:
                errors.setdefault("platform", []).extend(reasons)
        if errors:
            raise ValidationError(errors)
        snapshot = latest_snapshot(network)
        now = timezone.now()
        network.platform_opened_at = now
        network.save(update_fields=["platform_opened_at"])
        return PlatformOpening.objects.create(
            network=network,
            opened_at=now,
            opened_by=actor,
            group_size=snapshot.group_size,
            cafes_scheduled=snapshot.cafes_scheduled,
        )
