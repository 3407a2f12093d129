"""Thin API views: parse with a serializer, call a service or selector, serialize the result.
Service errors become HTTP errors in one place (`ServiceErrors`)."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from .. import selectors
from ..models import Connection, Member, Notification, Post, Theme
from ..services import connections, matching, members, posts, themes
from . import serializers as s
from .permissions import IsNetworkMember


class ServiceErrors:
    """A service's ValidationError -> 400 `{field: [messages]}` (`non_field_errors` when it
    names no field); its PermissionDenied -> 403 with its message. `error_renames` maps a
    service's field name onto the API's where they differ."""

    permission_classes = [IsNetworkMember]
    error_renames: dict[str, str] = {}

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            errors = as_serializer_error(exc)
            exc = exceptions.ValidationError(
                {self.error_renames.get(k, k): v for k, v in errors.items()}
            )
        elif isinstance(exc, DjangoPermissionDenied) and exc.args:
            exc = exceptions.PermissionDenied(exc.args[0])
        return super().handle_exception(exc)

    def parse(self, serializer_class, data=None, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data if data is None else data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def acting_for(self, member_id) -> Member:
        """Themselves, or a member they sponsor (as the pages' `acting_for`); else 404."""
        me = self.request.member
        if not member_id or member_id == me.pk:
            return me
        return get_object_or_404(Member, pk=member_id, sponsor=me)


@extend_schema(tags=["themes"])
class ThemeViewSet(ServiceErrors, viewsets.GenericViewSet):
    """The themes catalogue: everyone reads it, the Groupe d'Animation curates it."""

    queryset = Theme.objects.all()
    serializer_class = s.ThemeSerializer
    pagination_class = None  # a short catalogue (about fifteen themes)

    @extend_schema(parameters=[s.ThemeFilterSerializer])
    def list(self, request):
        wants_all = self.parse(s.ThemeFilterSerializer, request.query_params).get("all", False)
        show_all = request.member.is_animator and wants_all
        found = Theme.objects.all() if show_all else selectors.active_themes()
        return Response(s.ThemeSerializer(found, many=True).data)

    @extend_schema(request=s.ThemeInputSerializer, responses={201: s.ThemeSerializer})
    def create(self, request):
        theme = themes.add_theme(actor=request.member, **self.parse(s.ThemeInputSerializer))
        return Response(s.ThemeSerializer(theme).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ThemeInputSerializer, responses=s.ThemeSerializer)
    def partial_update(self, request, pk):
        theme = self.get_object()
        data = self.parse(s.ThemeInputSerializer, partial=True)
        theme = themes.rename_theme(
            actor=request.member,
            theme=theme,
            name=data.get("name", theme.name),
            description=data.get("description"),
        )
        return Response(s.ThemeSerializer(theme).data)

    @extend_schema(request=None, responses=s.ThemeSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, pk):
        theme = themes.retire_theme(actor=request.member, theme=self.get_object())
        return Response(s.ThemeSerializer(theme).data)


@extend_schema(tags=["posts"])
class PostViewSet(ServiceErrors, viewsets.GenericViewSet):
    """Offers, needs, loans and gifts. `for_member`: act for a member you sponsor."""

    queryset = selectors.posts_for_listing()
    serializer_class = s.PostSerializer
    error_renames = {"body": "message"}  # express_interest calls the first message `body`

    def get_object(self) -> Post:
        """Drafts and hidden posts the member may not see are not found (404, not 403)."""
        post = super().get_object()
        try:
            posts.check_visible(post, self.request.member)
        except DjangoPermissionDenied as exc:
            raise Http404 from exc
        return post

    @extend_schema(parameters=[s.PostFilterSerializer])
    def list(self, request):
        filters = self.parse(s.PostFilterSerializer, request.query_params)
        found = selectors.browse_posts(
            theme=filters.get("theme"),
            kind=filters.get("kind"),
            status=filters.get("status"),
            q=filters.get("q", "").strip() or None,
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=s.PostInputSerializer, responses={201: s.PostSerializer})
    def create(self, request):
        data = self.parse(s.PostInputSerializer)
        author = self.acting_for(data.pop("for_member", None))
        post = posts.create_post(actor=request.member, author=author, **data)
        return Response(self.get_serializer(post).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PostUpdateSerializer)
    def partial_update(self, request, pk):
        post = self.get_object()
        changes = self.parse(s.PostUpdateSerializer)
        post = posts.update_post(actor=request.member, post=post, **changes)
        return Response(self.get_serializer(post).data)

    @extend_schema(request=s.StatusInputSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk):
        post = self.get_object()
        new_status = self.parse(s.StatusInputSerializer)["status"]
        post = posts.set_post_status(actor=request.member, post=post, status=new_status)
        return Response(self.get_serializer(post).data)

    @extend_schema(request=s.InterestInputSerializer, responses={201: s.ConnectionSerializer})
    @action(detail=True, methods=["post"])
    def interest(self, request, pk):
        post = self.get_object()
        data = self.parse(s.InterestInputSerializer)
        connection = connections.express_interest(
            actor=request.member,
            member=self.acting_for(data.get("for_member")),
            post=post,
            message=data["message"],
        )
        return Response(s.ConnectionSerializer(connection).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["connections"])
class ConnectionViewSet(ServiceErrors, viewsets.GenericViewSet):
    """Mises en relation the member (or a member they sponsor) takes part in."""

    queryset = Connection.objects.select_related("post__theme", "post__author", "requester")
    serializer_class = s.ConnectionSerializer
    error_renames = {"thanks": "message"}  # thank() names the API's `message` `thanks`

    def get_queryset(self):
        if self.action == "list":
            return selectors.connections_of(self.request.member)
        return super().get_queryset()

    def get_involved(self):
        """The connection and who takes part in it: the member, or one they sponsor."""
        connection = self.get_object()
        me = self.request.member
        for member in [me, *me.sponsored.all()]:
            if connection.involves(member):
                return connection, member
        raise Http404

    def detail_response(self, connection, member, code=status.HTTP_200_OK):
        chat = connection.messages.select_related("author", "acted_by")
        if not member.is_animator:
            chat = chat.filter(is_hidden=False)
        context = {"member": member, "chat": chat}
        return Response(s.ConnectionDetailSerializer(connection, context=context).data, code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=s.ConnectionDetailSerializer)
    def retrieve(self, request, pk):
        return self.detail_response(*self.get_involved())

    @extend_schema(request=s.MessageInputSerializer, responses={201: s.MessageSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, pk):
        connection, member = self.get_involved()
        body = self.parse(s.MessageInputSerializer)["body"]
        message = connections.send_message(
            actor=request.member, member=member, connection=connection, body=body
        )
        return Response(s.MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ConnectionDetailSerializer)
    @action(detail=True, methods=["post"], url_path="share-contact")
    def share_contact(self, request, pk):
        connection, member = self.get_involved()
        connections.share_contact(actor=request.member, member=member, connection=connection)
        return self.detail_response(connection, member)

    @extend_schema(request=None, responses=s.ExchangeSerializer)
    @action(detail=True, methods=["post"], url_path="exchange-done")
    def exchange_done(self, request, pk):
        connection, member = self.get_involved()
        exchange = connections.mark_exchange_done(
            actor=request.member, member=member, connection=connection
        )
        return Response(s.ExchangeSerializer(exchange).data)

    @extend_schema(request=s.ThanksInputSerializer, responses=s.ExchangeSerializer)
    @action(detail=True, methods=["post"])
    def thanks(self, request, pk):
        connection, member = self.get_involved()
        message = self.parse(s.ThanksInputSerializer)["message"]
        try:
            exchange = connection.exchange
        except ObjectDoesNotExist:
            raise exceptions.ValidationError(
                {"non_field_errors": [_("The exchange has not been marked as done yet.")]}
            ) from None
        exchange = connections.thank(
            actor=request.member, member=member, exchange=exchange, message=message
        )
        return Response(s.ExchangeSerializer(exchange).data)


@extend_schema(tags=["notifications"])
class NotificationViewSet(ServiceErrors, viewsets.GenericViewSet):
    """The member's own notifications, newest first."""

    queryset = Notification.objects.none()
    serializer_class = s.NotificationSerializer

    def list(self, request):
        page = self.paginate_queryset(selectors.notifications_of(request.member))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.MarkReadSerializer, responses=s.MarkedSerializer)
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        ids = self.parse(s.MarkReadSerializer).get("ids")
        return Response({"marked": matching.mark_read(member=request.member, ids=ids)})


@extend_schema(tags=["me"])
class MeView(ServiceErrors, GenericAPIView):
    """The member's own profile; PATCH changes their preferences only."""

    serializer_class = s.MeSerializer

    def get(self, request):
        return Response(s.MeSerializer(request.member).data)

    @extend_schema(request=s.PreferencesSerializer)
    def patch(self, request):
        changes = self.parse(s.PreferencesSerializer)
        member = members.update_preferences(actor=request.member, member=request.member, **changes)
        return Response(s.MeSerializer(member).data)
