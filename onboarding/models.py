"""The method's checklists and each network's way through the phases (public schema).

The catalogue is versioned: operators edit it by publishing a new version, and a network
keeps the version it started with, so ticks never change meaning under its feet.
Labels are data written in French (the method's own words), not interface strings.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Network


class ChecklistVersion(models.Model):
    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")

    def __str__(self):
        return f"v{self.number}"


class ChecklistItem(models.Model):
    class Kind(models.TextChoices):
        MANUAL = "manual", _("Ticked by an operator")
        AUTOMATIC = "automatic", _("Computed from the network's indicators")

    class Indicator(models.TextChoices):
        # Field names of tenants.NetworkSnapshot: the only source automatic items read…
        GROUP_SIZE = "group_size", _("Groupe d'Animation size")
        CAFES_HELD = "cafes_held", _("Cafés-rencontres held (last 3 months)")
        NEWSLETTERS_SENT = "newsletters_sent", _("Newsletters sent")
        RESIDENTS = "residents", _("Registered residents")
        # …but this one, read from Network.platform_opened_at (set by services.open_platform
        # once the launch conditions are met), so the item cannot disagree with the site.
        PLATFORM_OPENED = "platform_opened", _("Residents' platform opened")

    version = models.ForeignKey(
        ChecklistVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="items"
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Network.Phase.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MANUAL)
    indicator = models.CharField(
        _("indicator"), max_length=20, choices=Indicator.choices, blank=True
    )
    # For group_size, empty means "the COOPERE_MIN_GROUP_SIZE setting" (never below 4).
    threshold = models.PositiveIntegerField(_("threshold"), null=True, blank=True)
    required = models.BooleanField(_("required to leave the phase"), default=True)

    class Meta:
        ordering = ["version", "phase", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_key_per_version"),
            models.CheckConstraint(
                condition=models.Q(kind="manual", indicator="")
                | (models.Q(kind="automatic") & ~models.Q(indicator="")),
                name="automatic_item_has_indicator",
            ),
        ]

    def __str__(self):
        return self.label


class NetworkChecklist(models.Model):
    """The catalogue version a network follows: set once, when it starts."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("network")
    )
    version = models.ForeignKey(
        ChecklistVersion,
        on_delete=models.PROTECT,
        related_name="networks",
        verbose_name=_("version"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)

    class Meta:
        verbose_name = _("network checklist")
        verbose_name_plural = _("network checklists")


class ItemCheck(models.Model):
    """A manual item ticked by an operator, with the day it was done and a note."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="item_checks", verbose_name=_("network")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.CASCADE,
        related_name="checks",
        verbose_name=_("checklist item"),
    )
    done_at = models.DateField(_("done on"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="onboarding/checks/%Y/%m/", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item check")
        verbose_name_plural = _("item checks")
        constraints = [
            models.UniqueConstraint(fields=["network", "item"], name="one_check_per_item")
        ]


class ItemUntick(models.Model):
    """The trace an unticked manual item leaves: what the tick said, who removed it, when
    and why."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="item_unticks", verbose_name=_("network")
    )
    item = models.ForeignKey(
        ChecklistItem,
        on_delete=models.CASCADE,
        related_name="unticks",
        verbose_name=_("checklist item"),
    )
    reason = models.TextField(_("reason"))
    unticked_at = models.DateTimeField(_("unticked at"))
    unticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unticked by"),
    )
    # What the removed tick said.
    was_done_at = models.DateField(_("had been done on"))
    was_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    was_note = models.TextField(blank=True)

    class Meta:
        ordering = ["network", "-unticked_at", "-pk"]
        verbose_name = _("unticked item")
        verbose_name_plural = _("unticked items")


class PhaseTransition(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("network")
    )
    from_phase = models.CharField(_("from"), max_length=16, choices=Network.Phase.choices)
    to_phase = models.CharField(_("to"), max_length=16, choices=Network.Phase.choices)
    at = models.DateTimeField(_("moved at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    # Non-empty only when an operator moved the network past an unmet gate.
    override_reason = models.TextField(_("override reason"), blank=True)

    class Meta:
        ordering = ["network", "at"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")
        indexes = [models.Index(fields=["network", "to_phase", "at"])]


class Amorceur(models.Model):
    """Who starts a network: residents, or a local organisation that takes it on."""

    class Kind(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        TENANTS_ASSOCIATION = "amicale", _("Tenants' association")
        CONDO_BOARD = "conseil_syndical", _("Condominium board")
        SOCIAL_CENTRE = "centre_social", _("Social centre")
        MJC = "mjc", _("MJC (youth and culture centre)")
        OTHER_ORGANISATION = "autre", _("Other local organisation")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="amorceurs", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The organisation's name when kind is not "resident".
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["network", "position", "pk"]
        verbose_name = _("amorceur")
        verbose_name_plural = _("amorceurs")

    def __str__(self):
        return self.name


class Relay(models.Model):
    """A relay that brought the amorceurs to Coop-ère (town hall, landlord, social worker…)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="relays", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["network", "pk"]
        verbose_name = _("relay")
        verbose_name_plural = _("relays")

    def __str__(self):
        return self.name


class NetworkDocument(models.Model):
    """A file kept on the network's console page (minutes, perimeter map, agreements)."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="documents", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="onboarding/documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["network", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class PlatformOpening(models.Model):
    """Who opened a network's residents' platform, and when (Network.platform_opened_at)."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="platform_openings",
        verbose_name=_("network"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    # The figures of the snapshot the launch conditions were judged on.
    group_size = models.PositiveIntegerField(_("Groupe d'Animation size"))
    cafes_scheduled = models.PositiveIntegerField(_("cafés scheduled"))

    class Meta:
        ordering = ["network", "opened_at"]
        verbose_name = _("platform opening")
        verbose_name_plural = _("platform openings")
