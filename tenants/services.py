"""Provisioning: the public site, the template schema, the warm pool, opening networks.

Three ways to make a network's schema, fastest first:
- pool:    rename a spare schema cloned in advance (a few rows and one ALTER SCHEMA);
- clone:   copy the template schema (django-tenants' clone_schema);
- migrate: CREATE SCHEMA and run every tenant migration (kept for benchmarks and repair).
Pool and clone run in one transaction with their rows: PostgreSQL DDL is transactional, so
a failure leaves no schema, no row and no domain behind. Web requests only use the pool.
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.clone import CloneSchema
from django_tenants.utils import (
    get_public_schema_name,
    quote_schema_name,
    schema_context,
    schema_exists,
)

from coopere.validation import Errors

from . import sharding
from .migrating import tenant_schemas_behind
from .models import MAX_HOUSEHOLDS, MIN_HOUSEHOLDS, RESERVED_SLUGS, Domain, Network, Region
from .schema_check import missing_tenant_tables

logger = logging.getLogger(__name__)

POOL_LOCK_ID = 0x636F6F70  # "coop": serialises pool refills across workers


class PoolEmpty(Exception):
    """No spare schema is ready; the caller may retry once the pool is refilled."""

    def __init__(self):
        super().__init__(_("No network space is ready right now. Please try again in a minute."))


@dataclass(frozen=True)
class NetworkRequest:
    name: str
    slug: str
    region: Region
    estimated_households: int
    perimeter_description: str
    meeting_place: str
    phase: str

    @property
    def hostname(self) -> str:
        return network_hostname(self.slug)

    @property
    def schema_name(self) -> str:
        return "n_" + self.slug.replace("-", "_")


def network_hostname(slug: str) -> str:
    return f"{slug}.{settings.COOPERE_BASE_DOMAIN}"


def ensure_public_site() -> Network:
    """The public tenant row and the base domain's Domain: idempotent."""
    public = get_public_schema_name()
    with schema_context(public), transaction.atomic():
        site, _created = Network.objects.get_or_create(
            schema_name=public,
            defaults={"state": Network.State.PUBLIC, "name": "Coop-ère"},
        )
        Domain.objects.get_or_create(
            domain=settings.COOPERE_BASE_DOMAIN, defaults={"tenant": site, "is_primary": True}
        )
    return site


def ensure_template(verbosity: int = 0) -> Network:
    """Create (first time) and migrate the template schema new networks are cloned from."""
    name = settings.TENANT_BASE_SCHEMA
    with schema_context(get_public_schema_name()):
        template, _created = Network.objects.get_or_create(
            schema_name=name, defaults={"state": Network.State.TEMPLATE}
        )
        if not schema_exists(name):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE SCHEMA {quote_schema_name(name)}")
        # Run Django's migrate (a second or more) only when the template is behind.
        if tenant_schemas_behind([name]):
            _migrate_schema(name, verbosity=verbosity)
    return template


def _migrate_schema(schema_name: str, verbosity: int = 0) -> None:
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=schema_name,
        interactive=False,
        verbosity=verbosity,
    )
    connection.set_schema_to_public()


def _clone_template_into(schema_name: str) -> None:
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        raise RuntimeError(
            f"The template schema {template!r} is missing: run `make migrate` first."
        )
    with connection.cursor() as cursor:
        # On Citus, only top-level CREATE TABLEs become a distributed schema's tables, and the
        # cloner's run inside a function: it would leave the network's tables on the
        # coordinator. So clone into a local schema, then distribute it whole.
        sharded = sharding.schema_sharding_on(cursor)
        if sharded:
            sharding.pause_schema_sharding(cursor)
    # DATA mode also copies django_migrations, so the clone needs no fake migrate run.
    _Cloner().clone_schema(template, schema_name, "DATA")
    if sharded:
        with connection.cursor() as cursor:
            sharding.distribute_schema(cursor, schema_name)
    missing = missing_tenant_tables(schema_name)
    if missing:
        raise RuntimeError(f"Schema {schema_name} is missing tables: {', '.join(missing)}")


class _Cloner(CloneSchema):
    """django-tenants' cloner, minus re-creating its ~4,500-line SQL function on every
    call (~40 ms a clone): it is refreshed once per process, then only re-made if missing
    (e.g. when the transaction that made it was rolled back)."""

    _refreshed = False

    def _create_clone_schema_function(self):
        if _Cloner._refreshed:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_proc WHERE proname = 'clone_schema'"
                    " AND pronamespace = 'public'::regnamespace"
                )
                if cursor.fetchone():
                    return
        super()._create_clone_schema_function()
        _Cloner._refreshed = True


# --- Input ---------------------------------------------------------------------------


def check_network_request(
    *,
    name: str,
    slug: str,
    region: Region | str,
    estimated_households: int | str | None,
    perimeter_description: str = "",
    meeting_place: str = "",
    phase: str = Network.Phase.AMORCAGE,
) -> NetworkRequest:
    """Validate everything before anything is written; errors are per field, in French."""
    errors = Errors()
    name = (name or "").strip()
    slug = (slug or "").strip().lower()
    if not name:
        errors.add("name", _("Give the network a name."))
    if not slug:
        errors.add("slug", _("Choose an address for the network."))
    else:
        candidate = Network(slug=slug)
        try:
            candidate.clean_fields(
                exclude=[f.name for f in Network._meta.fields if f.name != "slug"]
            )
        except ValidationError as exc:
            errors.extend("slug", exc.message_dict.get("slug", []))
        if slug in RESERVED_SLUGS:
            errors.add("slug", _("This address is reserved."))
        elif "slug" not in errors and (
            Network.objects.filter(slug=slug).exists()
            or Domain.objects.filter(domain=network_hostname(slug)).exists()
            or schema_exists("n_" + slug.replace("-", "_"), case_sensitive=False)
        ):
            errors.add("slug", _("This address is already taken."))

    region_obj = region if isinstance(region, Region) else None
    if region_obj is None:
        region_obj = Region.objects.filter(code=region).first() if region else None
        if region_obj is None:
            errors.add("region", _("Unknown region."))

    households = clean_households(estimated_households, errors)
    if phase not in Network.Phase.values:
        errors.add("phase", _("Unknown phase."))
    errors.raise_if_any()
    return NetworkRequest(
        name=name,
        slug=slug,
        region=region_obj,
        estimated_households=households,
        perimeter_description=perimeter_description.strip(),
        meeting_place=meeting_place.strip(),
        phase=phase,
    )


# --- Opening a network ---------------------------------------------------------------


def clean_households(value, errors: Errors) -> int | None:
    """The perimeter's estimated households, a whole number within the method's range;
    None (with the reason in `errors`) otherwise."""
    try:
        households = int(value)
    except (TypeError, ValueError):
        errors.add(
            "estimated_households", _("Give the estimated number of households as a whole number.")
        )
        return None
    if not (MIN_HOUSEHOLDS <= households <= MAX_HOUSEHOLDS):
        errors.add(
            "estimated_households",
            _(
                "A network's perimeter counts between %(min)d and %(max)d households "
                "(you gave %(value)d)."
            )
            % {"min": MIN_HOUSEHOLDS, "max": MAX_HOUSEHOLDS, "value": households},
        )
        return None
    return households


def create_network(
    *,
    name: str,
    slug: str,
    region: Region | str,
    estimated_households: int | str | None,
    perimeter_description: str = "",
    meeting_place: str = "",
    phase: str = Network.Phase.AMORCAGE,
    method: str = "auto",
) -> Network:
    """Open a network: its row, its schema and its domain, all or nothing.

    method: "pool" (web requests: never builds a schema, raises PoolEmpty when empty),
    "auto" (pool, else clone), "clone", or "migrate".
    """
    if method not in {"pool", "auto", "clone", "migrate"}:
        raise ValueError(method)
    with schema_context(get_public_schema_name()):
        request = check_network_request(
            name=name,
            slug=slug,
            region=region,
            estimated_households=estimated_households,
            perimeter_description=perimeter_description,
            meeting_place=meeting_place,
            phase=phase,
        )
        if method in {"pool", "auto"}:
            try:
                network = _open_from_pool(request)
            except PoolEmpty:
                if method == "pool":
                    _schedule_pool_refill()
                    raise
                network = _open_by_clone(request)
        elif method == "clone":
            network = _open_by_clone(request)
        else:
            network = _open_by_migrate(request)
    logger.info("network %s opened (%s) as schema %s", network.slug, method, network.schema_name)
    return network


def _live_fields(network: Network, request: NetworkRequest) -> None:
    network.state = Network.State.LIVE
    network.name = request.name
    network.slug = request.slug
    network.region = request.region
    network.estimated_households = request.estimated_households
    network.perimeter_description = request.perimeter_description
    network.meeting_place = request.meeting_place
    network.phase = request.phase
    network.opened_at = timezone.now()
    # A network brought in past lancement (an existing one moving onto the platform) has
    # its residents' site open from the start; new networks open it at the lancement gate.
    if request.phase in {Network.Phase.STRUCTURATION, Network.Phase.AUTONOMIE}:
        network.platform_opened_at = network.opened_at


def _open_from_pool(request: NetworkRequest) -> Network:
    with transaction.atomic():
        spare = (
            Network.objects.select_for_update(skip_locked=True)
            .filter(state=Network.State.SPARE)
            .order_by("pk")
            .first()
        )
        if spare is None:
            raise PoolEmpty()
        with connection.cursor() as cursor:
            cursor.execute(
                f"ALTER SCHEMA {quote_schema_name(spare.schema_name)} "
                f"RENAME TO {quote_schema_name(request.schema_name)}"
            )
        spare.schema_name = request.schema_name
        _live_fields(spare, request)
        spare.save()
        Domain.objects.create(domain=request.hostname, tenant=spare, is_primary=True)
    _schedule_pool_refill()
    return spare


def _open_by_clone(request: NetworkRequest) -> Network:
    with transaction.atomic():
        network = Network(schema_name=request.schema_name)
        _live_fields(network, request)
        network.save()
        _clone_template_into(network.schema_name)
        Domain.objects.create(domain=request.hostname, tenant=network, is_primary=True)
    return network


def _open_by_migrate(request: NetworkRequest) -> Network:
    # Migrations manage their own transactions, so undo by hand on failure.
    network = Network(schema_name=request.schema_name)
    _live_fields(network, request)
    network.save()
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA {quote_schema_name(network.schema_name)}")
        _migrate_schema(network.schema_name)
        Domain.objects.create(domain=request.hostname, tenant=network, is_primary=True)
    except BaseException:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP SCHEMA IF EXISTS {quote_schema_name(network.schema_name)} CASCADE"
            )
        Domain.objects.filter(tenant=network).delete()
        network.delete()
        raise
    return network


# --- The warm pool -------------------------------------------------------------------


def fill_pool(target: int | None = None) -> int:
    """Clone spare schemas from the template until `target` are ready; return how many made.

    Each spare is made in its own transaction under an advisory lock, so concurrent
    refills never overshoot and a crash leaves at worst one spare fewer.
    """
    target = settings.COOPERE_NETWORK_POOL_SIZE if target is None else target
    made = 0
    with schema_context(get_public_schema_name()):
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [POOL_LOCK_ID])
                    if not cursor.fetchone()[0]:
                        return made  # another worker is refilling
                if Network.objects.filter(state=Network.State.SPARE).count() >= target:
                    return made
                spare = Network.objects.create(
                    schema_name=f"spare_{secrets.token_hex(6)}", state=Network.State.SPARE
                )
                _clone_template_into(spare.schema_name)
            made += 1


def drain_pool() -> int:
    """Drop every spare schema (e.g. before a migration that is cheaper on fewer schemas)."""
    dropped = 0
    with schema_context(get_public_schema_name()):
        for spare in Network.objects.filter(state=Network.State.SPARE):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"DROP SCHEMA IF EXISTS {quote_schema_name(spare.schema_name)} CASCADE"
                    )
                spare.delete()
            dropped += 1
    return dropped


def _schedule_pool_refill() -> None:
    from .tasks import refill_network_pool

    def send():
        try:
            refill_network_pool.delay()
        except Exception:  # broker down: the periodic refill will catch up
            logger.exception("could not queue the pool refill")

    transaction.on_commit(send)


# --- Members -------------------------------------------------------------------------


def recount_members() -> int:
    """Count the current network's active residents and record it on its public row."""
    from coopere.accounts.models import User

    schema = connection.schema_name
    if schema == get_public_schema_name():
        raise RuntimeError("recount_members runs inside a network's schema")
    count = User.objects.filter(kind=User.Kind.RESIDENT, is_active=True).count()
    with schema_context(get_public_schema_name()):
        Network.objects.filter(schema_name=schema).update(
            member_count=count, member_count_at=timezone.now()
        )
    return count
