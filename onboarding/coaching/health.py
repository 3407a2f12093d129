"""Health alerts: run by the nightly task inside one network's schema.

It reads four figures there (last café held, next café scheduled, group size, last newcomer),
then, in public, the network's phase and when it entered it, and opens or closes that
network's `HealthAlert` rows. Running it twice gives the same rows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import get_public_schema_name, schema_context

from onboarding.selectors import entered_phase_at, min_group_size
from tenants.models import Network

from .models import HealthAlert

NO_CAFE_DAYS = 45
NO_NEWCOMER_DAYS = 60
# Expected length of each phase, in days (the method's rhythm); autonomie has none.
PHASE_EXPECTED_DAYS_DEFAULT = {
    Network.Phase.AMORCAGE: 120,
    Network.Phase.LANCEMENT: 180,
    Network.Phase.STRUCTURATION: 730,
}

Kind = HealthAlert.Kind


def phase_expected_days() -> dict:
    return {
        **PHASE_EXPECTED_DAYS_DEFAULT,
        **getattr(settings, "COOPERE_PHASE_EXPECTED_DAYS", {}),
    }


@dataclass(frozen=True)
class Signals:
    """What the task reads inside the network's schema."""

    last_cafe_at: datetime | None
    group_size: int
    last_member_at: datetime | None
    # The next café scheduled, if any: a café on the calendar answers "no café" too.
    next_cafe_at: datetime | None = None


def read_signals() -> Signals:
    """Four queries in the current (network) schema."""
    from community.cafes.models import Cafe
    from community.team.selectors import group_members
    from exchange.models import Member

    last_cafe = Cafe.objects.filter(status=Cafe.Status.HELD).aggregate(at=Max("starts_at"))["at"]
    last_member = Member.objects.aggregate(at=Max("registered_at"))["at"]
    next_cafe = Cafe.objects.filter(
        status=Cafe.Status.SCHEDULED, starts_at__gte=timezone.now()
    ).aggregate(at=Min("starts_at"))["at"]
    return Signals(last_cafe, group_members().count(), last_member, next_cafe)


def _day(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def findings(network: Network, signals: Signals, now: datetime) -> dict[str, str]:
    """{kind: what was seen, in words} for each alert that should be open now."""
    found: dict[str, str] = {}
    past_amorcage = network.phase != Network.Phase.AMORCAGE
    if past_amorcage:
        # No café yet: counted from the day the network left amorçage.
        since = signals.last_cafe_at or entered_phase_at(network, Network.Phase.LANCEMENT)
        days = (now - since).days
        if days >= NO_CAFE_DAYS and not signals.next_cafe_at:
            if signals.last_cafe_at:
                found[Kind.NO_CAFE] = _(
                    "Last café-rencontre held on %(date)s, %(days)d days ago."
                ) % {"date": _day(since), "days": days}
            else:
                found[Kind.NO_CAFE] = _(
                    "No café-rencontre held since lancement began on %(date)s (%(days)d days)."
                ) % {"date": _day(since), "days": days}
        minimum = min_group_size()
        if signals.group_size < minimum:
            found[Kind.GROUP_TOO_SMALL] = ngettext(
                "The Groupe d'Animation has %(size)d member; the minimum is %(minimum)d.",
                "The Groupe d'Animation has %(size)d members; the minimum is %(minimum)d.",
                signals.group_size,
            ) % {"size": signals.group_size, "minimum": minimum}
    if network.platform_opened_at:
        last = signals.last_member_at
        since = max(last, network.platform_opened_at) if last else network.platform_opened_at
        days = (now - since).days
        if days >= NO_NEWCOMER_DAYS:
            if last and last > network.platform_opened_at:
                found[Kind.NO_NEWCOMER] = _("Last new member on %(date)s, %(days)d days ago.") % {
                    "date": _day(since),
                    "days": days,
                }
            else:
                found[Kind.NO_NEWCOMER] = _(
                    "No new member since the platform opened on %(date)s (%(days)d days)."
                ) % {"date": _day(since), "days": days}
    expected = phase_expected_days().get(network.phase)
    if expected:
        entered = entered_phase_at(network, network.phase)
        days = (now - entered).days
        if days > expected:
            found[Kind.PHASE_OVERDUE] = _(
                "Phase %(phase)s begun on %(date)s: %(days)d days (%(expected)d expected)."
            ) % {
                "phase": network.get_phase_display(),
                "date": _day(entered),
                "days": days,
                "expected": expected,
            }
    return found


def sync_alerts(network: Network, found: dict[str, str], now: datetime) -> list[str]:
    """Open what is found (once per kind), refresh its detail, close what is no longer
    true. Returns the kinds open afterwards."""
    with transaction.atomic():
        open_now = {
            a.kind: a
            for a in HealthAlert.objects.select_for_update().filter(network=network, closed_at=None)
        }
        for kind, alert in open_now.items():
            if kind not in found:
                alert.closed_at = now
                alert.save(update_fields=["closed_at"])
            elif alert.detail != found[kind][:300]:
                alert.detail = found[kind][:300]
                alert.save(update_fields=["detail"])
        for kind, detail in found.items():
            if kind in open_now:
                continue
            try:
                with transaction.atomic():  # a concurrent run opened it first: keep theirs
                    HealthAlert.objects.create(
                        network=network, kind=kind, detail=detail[:300], opened_at=now
                    )
            except IntegrityError:
                pass
    return sorted(found)


def check_network_health(*, now: datetime | None = None) -> list[str]:
    """The whole check for the network whose schema is current (the task's)."""
    schema = connection.schema_name
    if schema == get_public_schema_name():
        raise RuntimeError("check_network_health runs inside a network's schema")
    now = now or timezone.now()
    signals = read_signals()
    with schema_context(get_public_schema_name()), translation.override(settings.LANGUAGE_CODE):
        network = Network.objects.filter(schema_name=schema).first()
        if network is None or network.state != Network.State.LIVE:
            return []
        return sync_alerts(network, findings(network, signals, now), now)


# --- Refreshing a network's alerts when their cause may have gone away ------------------------


def queue_health_check(schema_name: str | None = None) -> None:
    """Re-evaluate one network's alerts once the current transaction commits (a café
    scheduled, a member joining, the group growing, the phase changing), rather than
    waiting for the night. Queued once per transaction and schema, however many rows
    changed; the task is safe to run twice."""
    schema = schema_name or connection.schema_name
    if schema == get_public_schema_name():
        return
    # Already queued in this transaction? (Django drops these callbacks on rollback.)
    for _sids, func, *_rest in connection.run_on_commit:
        if getattr(func, "coopere_health_schema", None) == schema:
            return

    def send():
        from . import tasks

        with schema_context(schema):
            tasks.check_network_health.delay()

    send.coopere_health_schema = schema
    transaction.on_commit(send)


def _on_tenant_save(sender, instance, created, **kwargs):
    queue_health_check()


def connect_signals() -> None:
    """Called from CoachingConfig.ready(): writes inside a network that can end an alert."""
    from django.db.models.signals import post_save

    from community.cafes.models import Cafe
    from exchange.models import Member

    post_save.connect(_on_tenant_save, sender=Cafe, dispatch_uid="coaching-health-cafe")
    post_save.connect(_on_tenant_save, sender=Member, dispatch_uid="coaching-health-member")
