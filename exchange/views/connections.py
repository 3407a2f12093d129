from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import member_required
from frontend.forms import copy_errors

from .. import selectors
from ..forms import MessageForm, ReportForm, ThanksForm
from ..models import Connection, Exchange, Message
from ..services import connections, moderation


def _my_connection(request, pk):
    """A connection the current member (or a member they sponsor) takes part in."""
    connection = get_object_or_404(
        Connection.objects.select_related("post__theme", "post__author", "requester"), pk=pk
    )
    for member in [request.member, *request.member.sponsored.all()]:
        if connection.involves(member):
            return connection, member
    raise Http404


@member_required
def connection_list(request):
    return render(
        request,
        "exchange/connection_list.html",
        {"connections": selectors.connections_of(request.member)},
    )


@member_required
def connection_detail(request, pk):
    connection, member = _my_connection(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            connections.send_message(
                actor=request.member,
                member=member,
                connection=connection,
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            return redirect("exchange:connection_detail", pk=connection.pk)
    exchange = (
        Exchange.objects.filter(connection=connection).select_related("giver", "receiver").first()
    )
    visible_messages = connection.messages.select_related("author", "acted_by")
    if not member.is_animator:
        visible_messages = visible_messages.filter(is_hidden=False)
    return render(
        request,
        "exchange/connection_detail.html",
        {
            "connection": connection,
            "member": member,
            "other": connection.other_side(member),
            "chat": visible_messages,
            "form": form,
            "contact": connections.contact_shared_with(member, connection),
            "i_share": connection.requester_shares_contact
            if member.pk == connection.requester_id
            else connection.author_shares_contact,
            "exchange": exchange,
            "thanks_form": ThanksForm(),
            "report_form": ReportForm(),
        },
    )


@require_POST
@member_required
def connection_action(request, pk, action):
    connection, member = _my_connection(request, pk)
    try:
        if action == "partager":
            connections.share_contact(actor=request.member, member=member, connection=connection)
            messages.success(request, _("Your contact details are now visible to this neighbour."))
        elif action == "echange-fait":
            connections.mark_exchange_done(
                actor=request.member, member=member, connection=connection
            )
            messages.success(request, _("Thank you! The exchange is counted for the network."))
        elif action == "merci":
            form = ThanksForm(request.POST)
            form.is_valid()
            exchange = Exchange.objects.filter(connection=connection).first()
            if exchange is None:
                raise ValidationError(_("The exchange has not been marked as done yet."))
            connections.thank(
                actor=request.member,
                member=member,
                exchange=exchange,
                message=form.cleaned_data.get("thanks", ""),
            )
            messages.success(request, _("Your thanks are sent."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("exchange:connection_detail", pk=connection.pk)


@require_POST
@member_required
def message_report(request, pk):
    message = get_object_or_404(Message.objects.select_related("connection"), pk=pk)
    _connection, _member = _my_connection(request, message.connection_id)
    form = ReportForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": [_("Say briefly why you are reporting this.")]})
        moderation.report_content(
            actor=request.member, message=message, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. The Groupe d'Animation will look at it."))
    return redirect("exchange:connection_detail", pk=message.connection_id)
