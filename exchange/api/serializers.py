"""Input serializers check types and presence only (the rules live in the services); output
serializers show other members as `{id, display_name}`, never their email, phone or address."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Connection, Exchange, Member, Message, Notification, Post, Theme
from ..services.connections import contact_shared_with

# --- Output ----------------------------------------------------------------------------------


class MemberRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "display_name"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name", "description", "position", "retired_at"]


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]


class PostSerializer(serializers.ModelSerializer):
    theme = ThemeRefSerializer()
    author = MemberRefSerializer()
    acted_by = MemberRefSerializer(allow_null=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "kind",
            "title",
            "theme",
            "description",
            "availability",
            "photo",
            "status",
            "author",
            "acted_by",
            "is_hidden",
            "created_at",
            "updated_at",
            "published_at",
        ]
        read_only_fields = fields


class PostRefSerializer(serializers.ModelSerializer):
    author = MemberRefSerializer()

    class Meta:
        model = Post
        fields = ["id", "kind", "title", "status", "author"]


class MessageSerializer(serializers.ModelSerializer):
    author = MemberRefSerializer()
    acted_by = MemberRefSerializer(allow_null=True)

    class Meta:
        model = Message
        fields = ["id", "author", "acted_by", "body", "is_hidden", "created_at"]


class ExchangeSerializer(serializers.ModelSerializer):
    # Ids only: the two members are already on the connection (no extra query per row).
    giver = serializers.IntegerField(source="giver_id")
    receiver = serializers.IntegerField(source="receiver_id")
    marked_by = serializers.IntegerField(source="marked_by_id")

    class Meta:
        model = Exchange
        fields = ["giver", "receiver", "marked_by", "done_at", "thanked_at", "thanks"]


class ConnectionSerializer(serializers.ModelSerializer):
    post = PostRefSerializer()
    requester = MemberRefSerializer()
    exchange = ExchangeSerializer(allow_null=True)

    class Meta:
        model = Connection
        fields = [
            "id",
            "post",
            "requester",
            "requester_shares_contact",
            "author_shares_contact",
            "exchange",
            "created_at",
        ]


class ContactSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()


class ConnectionDetailSerializer(ConnectionSerializer):
    """Seen by `context["member"]` (the viewer, or the accompanied member they act for);
    `context["chat"]` holds the messages that member may read."""

    messages = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta(ConnectionSerializer.Meta):
        fields = [*ConnectionSerializer.Meta.fields, "messages", "contact"]

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, connection):
        return MessageSerializer(self.context["chat"], many=True).data

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, connection):
        """The other side's email and phone, only if they agreed to share them here."""
        return contact_shared_with(self.context["member"], connection)


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField()  # free text in the schema: its own enum would clash
    post = serializers.IntegerField(source="post_id", allow_null=True)
    connection = serializers.IntegerField(source="connection_id", allow_null=True)

    class Meta:
        model = Notification
        # `link`: where a notice about neither a post nor a connection leads (a café's page).
        fields = ["id", "kind", "text", "post", "connection", "link", "created_at", "read_at"]


class MeSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", allow_null=True)
    group_role = serializers.CharField()
    sponsor = MemberRefSerializer(allow_null=True)
    sponsored = MemberRefSerializer(many=True)

    class Meta:
        model = Member
        fields = [
            "id",
            "display_name",
            "email",
            "phone",
            "address",
            "household_size",
            "group_role",
            "sponsor",
            "sponsored",
            "show_in_directory",
            "show_address",
            "share_contact",
            "notification_mode",
        ]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


# --- Input -----------------------------------------------------------------------------------
# Blank text is let through: the services say what is missing or too long, in their words.


class TextField(serializers.CharField):
    """Text only: DRF's CharField turns a JSON number into its digits (`1e308` became a
    theme's description, found by the fuzz run); a number, true or null sent for text is
    refused."""

    default_error_messages = {"invalid": _("Text is expected here.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ThemeInputSerializer(serializers.Serializer):
    name = TextField(allow_blank=True)
    description = TextField(allow_blank=True, required=False)


class ForMemberMixin(serializers.Serializer):
    for_member = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of a member you sponsor, to act for them."
    )


class PostInputSerializer(ForMemberMixin):
    kind = serializers.ChoiceField(choices=Post.Kind.choices)
    title = TextField(allow_blank=True)
    theme = serializers.IntegerField()
    description = TextField(allow_blank=True, required=False, default="")
    availability = TextField(allow_blank=True, required=False, default="")
    publish = serializers.BooleanField(default=True)


class PostUpdateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Post.Kind.choices, required=False)
    title = TextField(allow_blank=True, required=False)
    theme = serializers.IntegerField(required=False)
    description = TextField(allow_blank=True, required=False)
    availability = TextField(allow_blank=True, required=False)


class PostFilterSerializer(serializers.Serializer):
    # An empty value means no filter (`?kind=`, as the pages' "All kinds"): said so here, so
    # the schema lists "" among the values.
    theme = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=Post.Kind.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Post.Status.choices, required=False, allow_blank=True)
    q = TextField(required=False, allow_blank=True)


class ThemeFilterSerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, help_text="Retired themes too (animators only).")


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Post.Status.choices)


class InterestInputSerializer(ForMemberMixin):
    message = TextField(allow_blank=True, required=False, default="")


class MessageInputSerializer(serializers.Serializer):
    body = TextField(allow_blank=True)


class ThanksInputSerializer(serializers.Serializer):
    message = TextField(allow_blank=True, required=False, default="")


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class PreferencesSerializer(serializers.Serializer):
    show_in_directory = serializers.BooleanField(required=False)
    show_address = serializers.BooleanField(required=False)
    share_contact = serializers.BooleanField(required=False)
    notification_mode = serializers.ChoiceField(choices=Member.Digest.choices, required=False)
