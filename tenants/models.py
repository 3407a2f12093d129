"""The registry of networks, in the public schema.

Every schema that holds tenant tables is a row here — live networks, the template and the
warm pool's spares — so that `migrate_schemas` keeps all of them current.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

MIN_HOUSEHOLDS = 100
MAX_HOUSEHOLDS = 500

HOUSEHOLDS_MESSAGE = _("A network's perimeter counts between 100 and 500 households.")

# Sub-domains we keep for ourselves: a network may not take them.
RESERVED_SLUGS = frozenset(
    {
        "www",
        "api",
        "admin",
        "console",
        "static",
        "media",
        "mail",
        "public",
        "app",
        "aide",
        "help",
        "support",
        "status",
        "partenaires",
        "partners",
        "template",
        "spare",
    }
)

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$",
    _(
        "The address may only use lowercase letters without accents, digits and hyphens "
        "(3 to 40 characters, no hyphen at either end)."
    ),
)


class Region(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    # The coaches who roll the method out in this region (operators in public); a network's
    # own coach is Network.coach.
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coaches"),
        related_name="coached_regions",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Network(TenantMixin):
    class Phase(models.TextChoices):
        """The method's phases, in their order: the one place that order is written."""

        AMORCAGE = "amorcage", _("Amorçage")
        LANCEMENT = "lancement", _("Lancement")
        STRUCTURATION = "structuration", _("Structuration")
        AUTONOMIE = "autonomie", _("Autonomie")

        @classmethod
        def following(cls, phase: str) -> str | None:
            """The phase after `phase`, or None after the last."""
            order = cls.values
            index = order.index(phase)
            return order[index + 1] if index + 1 < len(order) else None

        @classmethod
        def preceding(cls, phase: str) -> str | None:
            """The phase before `phase`, or None before the first."""
            order = cls.values
            index = order.index(phase)
            return order[index - 1] if index > 0 else None

    class State(models.TextChoices):
        PUBLIC = "public", _("Public site")
        LIVE = "live", _("Live network")
        TEMPLATE = "template", _("Template schema")
        SPARE = "spare", _("Spare schema (warm pool)")

    # Schemas are made by tenants.services, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.LIVE)
    name = models.CharField(_("name"), max_length=120, blank=True)
    slug = models.CharField(
        _("address"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        validators=[slug_validator],
        help_text=_("The network's sub-domain, e.g. bois-des-roches."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="networks",
        null=True,
        blank=True,
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.AMORCAGE
    )
    perimeter_description = models.TextField(_("perimeter"), blank=True)
    estimated_households = models.PositiveIntegerField(
        _("estimated households"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_HOUSEHOLDS, message=HOUSEHOLDS_MESSAGE),
            MaxValueValidator(MAX_HOUSEHOLDS, message=HOUSEHOLDS_MESSAGE),
        ],
    )
    # One street or building per line: the invitation letter's mail merge reads it.
    perimeter_streets = models.TextField(_("streets or buildings"), blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    # The Coop-ère coach who follows the network (an operator in public).
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        related_name="coached_networks",
        null=True,
        blank=True,
    )
    # Written by the recount task (in the network's schema) for public pages and rollups.
    member_count = models.PositiveIntegerField(_("members"), default=0)
    member_count_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    # When the residents' platform opened (a lancement gate); before, the site says 'bientôt'.
    platform_opened_at = models.DateTimeField(_("platform opened at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="live")
                | (
                    models.Q(slug__isnull=False)
                    & models.Q(region__isnull=False)
                    & models.Q(estimated_households__gte=MIN_HOUSEHOLDS)
                    & models.Q(estimated_households__lte=MAX_HOUSEHOLDS)
                ),
                name="live_network_is_complete",
            ),
        ]
        indexes = [models.Index(fields=["state", "region"])]

    def __str__(self):
        return self.name or self.schema_name

    @property
    def is_launched(self) -> bool:
        """Residents use the platform once it is opened; before, the site says 'bientôt'."""
        return self.platform_opened_at is not None


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.domain


class NetworkSnapshot(models.Model):
    """One network's indicators for one month, written by a Celery task from inside the
    network's schema. The console and partner portals read these rows — never a loop over
    schemas inside a request.

    Stock figures (residents, active posts, group size, task spread) are as of the moment
    the row was computed (the month's end for past months); flow figures (exchanges, cafés,
    newcomers, projects, tasks done, newsletters, purchases) count what happened in the month.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="snapshots")
    month = models.DateField(help_text=_("First day of the month."))
    computed_at = models.DateTimeField()
    households_in_perimeter = models.PositiveIntegerField(default=0)
    households_reached = models.PositiveIntegerField(default=0)
    residents = models.PositiveIntegerField(default=0)
    accompanied = models.PositiveIntegerField(default=0)
    active_offers = models.PositiveIntegerField(default=0)
    active_needs = models.PositiveIntegerField(default=0)
    exchanges_done = models.PositiveIntegerField(default=0)
    exchanges_by_theme = models.JSONField(default=dict)
    cafes_held = models.PositiveIntegerField(default=0)
    # Stock: cafés scheduled after the moment the row was computed (a launch condition).
    cafes_scheduled = models.PositiveIntegerField(default=0)
    cafe_attendance = models.PositiveIntegerField(default=0)
    newcomers = models.PositiveIntegerField(default=0)
    projects_started = models.PositiveIntegerField(default=0)
    projects_done = models.PositiveIntegerField(default=0)
    group_size = models.PositiveIntegerField(default=0)
    tasks_done = models.PositiveIntegerField(default=0)
    task_spread = models.FloatField(default=0)
    newsletters_sent = models.PositiveIntegerField(default=0)
    purchases_closed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["network", "month"]
        constraints = [
            models.UniqueConstraint(fields=["network", "month"], name="one_snapshot_per_month")
        ]

    def __str__(self):
        return f"{self.network} {self.month:%Y-%m}"


class NetworkMigration(models.Model):
    """Where one schema stands with its migrations, as `migrate_networks` last found it.

    Kept in public beside the registry so an operator sees at once which networks a deploy
    left behind (and why) without opening a thousand schemas.
    """

    class State(models.TextChoices):
        OK = "ok", _("Up to date")
        FAILED = "failed", _("Failed")

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, primary_key=True, related_name="migration"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    # The last run that looked at this schema, and the last one that applied something.
    checked_at = models.DateTimeField(_("checked at"))
    migrated_at = models.DateTimeField(_("migrated at"), null=True, blank=True)
    seconds = models.FloatField(_("duration (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("network migration")
        verbose_name_plural = _("network migrations")

    def __str__(self):
        return f"{self.network_id} {self.state}"
