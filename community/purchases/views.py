"""Group purchase pages: the list, opening one, its page, ordering (for oneself or a
sponsored neighbour), closing or cancelling, and the order as CSV or on paper."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.http import perform
from exchange.access import acting_for, member_required
from frontend.forms import copy_errors

from . import selectors, services
from .export import order_csv
from .forms import JoinForm, PurchaseForm
from .models import GroupPurchase, Participation


def _sponsored(request) -> list:
    return list(request.member.sponsored.filter(anonymised_at__isnull=True))


def _for(request):
    pour = request.POST.get("pour", "")
    if pour and not pour.isdigit():
        raise Http404
    return acting_for(request, pour)


@member_required
def purchase_list(request):
    purchases = selectors.purchases_for_listing()
    return render(
        request,
        "purchases/list.html",
        {
            "open": purchases.filter(status=GroupPurchase.Status.OPEN).order_by("deadline"),
            "past": purchases.exclude(status=GroupPurchase.Status.OPEN)[:30],
        },
    )


@member_required
def purchase_create(request):
    form = PurchaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            purchase = services.open_purchase(actor=request.member, **form.service_data())
        except ValidationError as exc:
            form.show_errors(exc)
        else:
            messages.success(request, _("The group purchase is open. Tell your neighbours!"))
            return redirect("purchases:detail", pk=purchase.pk)
    return render(request, "purchases/form.html", {"form": form})


def _detail_context(request, purchase: GroupPurchase, join_form=None) -> dict:
    me, sponsored = request.member, _sponsored(request)
    order = selectors.order_of(purchase)
    mine = selectors.participations_of(purchase, [me, *sponsored])
    return {
        "purchase": purchase,
        "order": order,
        "my_orders": [(m, mine.get(m.pk)) for m in [me, *sponsored]],
        "can_manage": me.is_animator or me.pk == purchase.organiser_id,
        "takes_orders": purchase.status == GroupPurchase.Status.OPEN
        and purchase.deadline > timezone.now(),
        "join_form": join_form or JoinForm(me=me, sponsored=sponsored),
    }


@member_required
def purchase_detail(request, pk):
    purchase = get_object_or_404(GroupPurchase.objects.select_related("organiser"), pk=pk)
    return render(request, "purchases/detail.html", _detail_context(request, purchase))


@member_required
def participate(request, pk):
    """Order, or change an order's quantity (for oneself or a sponsored neighbour)."""
    purchase = get_object_or_404(GroupPurchase.objects.select_related("organiser"), pk=pk)
    form = JoinForm(request.POST or None, me=request.member, sponsored=_sponsored(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.place_order(
                actor=request.member,
                member=_for(request),
                purchase=purchase,
                quantity=form.cleaned_data["quantity"],
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The order is noted."))
            return redirect("purchases:detail", pk=purchase.pk)
    return render(
        request, "purchases/detail.html", _detail_context(request, purchase, join_form=form)
    )


@require_POST
@member_required
def leave(request, pk):
    purchase = get_object_or_404(GroupPurchase, pk=pk)
    member = _for(request)
    participation = get_object_or_404(Participation, purchase=purchase, member=member)
    participation.purchase = purchase
    perform(
        request,
        lambda: services.leave_purchase(actor=request.member, participation=participation),
        success=_("The order is withdrawn."),
    )
    return redirect("purchases:detail", pk=purchase.pk)


@require_POST
@member_required
def close(request, pk):
    purchase = get_object_or_404(GroupPurchase, pk=pk)
    perform(
        request,
        lambda: services.close_purchase(actor=request.member, purchase=purchase),
        success=_("The order is closed: you can print it or download it."),
    )
    return redirect("purchases:detail", pk=purchase.pk)


@require_POST
@member_required
def cancel(request, pk):
    purchase = get_object_or_404(GroupPurchase, pk=pk)
    perform(
        request,
        lambda: services.cancel_purchase(actor=request.member, purchase=purchase),
        success=_("The group purchase is cancelled. Nobody owes anything."),
    )
    return redirect("purchases:detail", pk=purchase.pk)


def _managed(request, pk) -> GroupPurchase:
    purchase = get_object_or_404(GroupPurchase.objects.select_related("organiser"), pk=pk)
    services.check_can_manage(request.member, purchase)
    return purchase


@member_required
def order_export(request, pk):
    purchase = _managed(request, pk)
    response = HttpResponse(
        order_csv(selectors.order_of(purchase)), content_type="text/csv; charset=utf-8"
    )
    name = slugify(purchase.item)[:40] or "achat"
    response["Content-Disposition"] = f'attachment; filename="commande-{purchase.pk}-{name}.csv"'
    return response


@member_required
def order_print(request, pk):
    purchase = _managed(request, pk)
    return render(
        request,
        "purchases/order_print.html",
        {"purchase": purchase, "order": selectors.order_of(purchase), "today": timezone.now()},
    )
