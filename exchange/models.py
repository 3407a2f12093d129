"""Life inside one network: members, themes, offers and needs, connections, exchanges.

Every table here lives in each network's schema (TENANT_APPS), never in public.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .search import post_document

TITLE_MAX = 120
TEXT_MAX = 4000
MESSAGE_MAX = 2000


class Theme(models.Model):
    """A cooperation theme. Seeded from the method; the Groupe d'Animation curates them."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=240, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Retired themes keep their history (posts, answers) but are not offered any more.
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Member(models.Model):
    """A resident's profile in this network (one per user)."""

    class GroupRole(models.TextChoices):
        NONE = "", _("Member")
        ANIMATEUR = "animateur", _("Animateur")
        COPILOTE = "copilote", _("Copilote")
        PILOTE = "pilote", _("Pilote")

    class Digest(models.TextChoices):
        DAILY = "daily", _("One email a day at most (digest)")
        IMMEDIATE = "immediate", _("Straight away")
        NEVER = "never", _("No email, only on the site")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member"
    )
    display_name = models.CharField(_("name shown to neighbours"), max_length=80)
    address = models.CharField(_("building or street"), max_length=160)
    household_size = models.PositiveSmallIntegerField(_("people in the household"), default=1)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # What neighbours may see (GDPR: each consent is explicit and can be withdrawn).
    show_in_directory = models.BooleanField(_("appear in the members directory"), default=True)
    show_address = models.BooleanField(_("show my building or street"), default=False)
    share_contact = models.BooleanField(
        _("share my email and phone with neighbours I am in contact with"), default=False
    )
    group_role = models.CharField(
        _("Groupe d'Animation role"), max_length=12, choices=GroupRole.choices, blank=True
    )
    sponsor = models.ForeignKey(
        "self",
        verbose_name=_("sponsor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored",
    )
    notification_mode = models.CharField(
        _("notifications by email"), max_length=10, choices=Digest.choices, default=Digest.DAILY
    )
    registered_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    questionnaire_step = models.PositiveSmallIntegerField(default=0)
    questionnaire_done_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The console's amorceur (a public-schema id) this resident was registered from by a
    # coach: registering the same amorceur again finds this member instead of a second one.
    amorceur_ref = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.display_name

    @property
    def is_animator(self) -> bool:
        return bool(self.group_role)

    @property
    def is_accompanied(self) -> bool:
        """A 'membre accompagné': a sponsor acts for them (they may have no internet)."""
        return self.sponsor_id is not None


class MemberRoleChange(models.Model):
    """The audit trail of the Groupe d'Animation: every role given or taken, every sponsor
    pairing made or ended, by whom (a member, or a Coop-ère coach at the network's start)."""

    class Kind(models.TextChoices):
        ROLE = "role", _("Role")
        SPONSOR = "sponsor", _("Sponsor")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="role_changes")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    old_role = models.CharField(max_length=12, choices=Member.GroupRole.choices, blank=True)
    new_role = models.CharField(max_length=12, choices=Member.GroupRole.choices, blank=True)
    old_sponsor = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_sponsor = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A coach's name when the change came from the console (the coach is a public user).
    by_staff = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    @property
    def by_name(self) -> str:
        return self.by.display_name if self.by_id else self.by_staff


class QuestionnaireAnswer(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="answers")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    can_offer = models.BooleanField(_("I can offer"), default=False)
    would_need = models.BooleanField(_("I would need"), default=False)
    interested = models.BooleanField(_("I'm interested"), default=False)
    note = models.CharField(_("in my own words"), max_length=240, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "theme"], name="one_answer_per_theme")
        ]


class ActivationCode(models.Model):
    """A one-time code printed on the welcome card (and emailed as a link)."""

    class Channel(models.TextChoices):
        CARD = "card", _("Printed welcome card")
        EMAIL = "email", _("Email")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="activation_codes")
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.CARD)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Post(models.Model):
    """An offer, a need, a loan or a gift. Never a price: gratuité."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        NEED = "need", _("Need")
        LOAN = "loan", _("Loan")
        GIFT = "gift", _("Gift")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="posts"
    )
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="posts/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="posts")
    # Set when a sponsor wrote it for an accompanied member ("par X pour Y").
    acted_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    # Computed by PostgreSQL on every write, whatever the path (exchange/search.py).
    search_vector = models.GeneratedField(
        expression=post_document(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            GinIndex(fields=["search_vector"], name="post_search_gin"),
            models.Index(fields=["status", "kind", "theme"], name="post_browse_idx"),
        ]

    def __str__(self):
        return self.title


class Connection(models.Model):
    """A 'mise en relation' between a post's author and an interested neighbour."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="connections")
    requester = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    requester_shares_contact = models.BooleanField(default=False)
    author_shares_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "requester"], name="one_connection_per_pair")
        ]

    def other_side(self, member: Member) -> Member:
        return self.post.author if member.pk == self.requester_id else self.requester

    def involves(self, member: Member) -> bool:
        return member.pk in (self.requester_id, self.post.author_id)


class Message(models.Model):
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    acted_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(max_length=MESSAGE_MAX)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Exchange(models.Model):
    """An exchange that really happened: counted by theme for impact, shown on both pages."""

    connection = models.OneToOneField(Connection, on_delete=models.PROTECT, related_name="exchange")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="+")
    giver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="given")
    receiver = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="received")
    marked_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    acted_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)
    thanked_at = models.DateTimeField(null=True, blank=True)
    thanks = models.CharField(max_length=280, blank=True)

    class Meta:
        ordering = ["-done_at"]


class Notification(models.Model):
    class Kind(models.TextChoices):
        MATCH = "match", _("A post matches your interests")
        CONNECTION = "connection", _("A neighbour is interested")
        MESSAGE = "message", _("New message")
        EXCHANGE = "exchange", _("Exchange marked as done")
        THANKS = "thanks", _("You were thanked")
        MODERATION = "moderation", _("Moderation")
        ACTIVATION = "activation", _("Welcome")
        CAFE = "cafe", _("A café-rencontre changed")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    # Where the notice leads when it is about neither a post nor a connection (a café).
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the email carrying it went out: a retried task never sends it again.
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Same event, same member: one notification (matching may run twice).
    dedupe_key = models.CharField(max_length=80)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "dedupe_key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["member", "emailed_at"], name="notif_mail_idx")]


class Report(models.Model):
    """A member reports a post or message (neutralité); animators decide."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) ^ models.Q(message__isnull=False),
                name="report_targets_one_thing",
            )
        ]


class ModerationEvent(models.Model):
    """The audit trail: every hide and restore, by whom, why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    note = models.CharField(max_length=500)
    moderator = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
