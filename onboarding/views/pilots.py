"""The console registers a network's first pilotes and prints their welcome cards."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.accounts.decorators import operator_required
from frontend.forms import copy_errors

from .. import selectors
from ..forms_pilots import PiloteForm
from ..models import Amorceur
from ..services import pilots


@operator_required
def register_pilote(request, slug, pk):
    """Form prefilled from the amorceur; a second registration finds the first resident."""
    network = selectors.network_for_console(slug)
    amorceur = get_object_or_404(Amorceur, pk=pk, network=network, kind=Amorceur.Kind.RESIDENT)
    first, last = pilots.split_name(amorceur.name)
    form = PiloteForm(
        request.POST or None,
        initial={
            "first_name": first,
            "last_name": last,
            "email": amorceur.email,
            "phone": amorceur.phone,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            member, created = pilots.register_pilote(
                network=network, amorceur=amorceur, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            text = (
                _("%(name)s is registered as pilote. Print their welcome card below.")
                if created
                else _("%(name)s was already registered; they are pilote.")
            )
            messages.success(request, text % {"name": member.display_name})
            return redirect(reverse("console:network", kwargs={"slug": network.slug}) + "#pilotes")
    return render(
        request,
        "console/pilots/register.html",
        {
            "network": network,
            "amorceur": amorceur,
            "form": form,
            "already": pilots.pilotes_by_amorceur(network).get(amorceur.pk),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@operator_required
def welcome_card(request, slug, member_pk):
    """A fresh card (A6) for a pilote the console registered; the previous card's code stops."""
    network = selectors.network_for_console(slug)
    card = pilots.welcome_card(network=network, member_id=member_pk, actor=request.user)
    if card is None:
        raise Http404
    return render(request, "console/pilots/welcome_card.html", {"network": network, **card})
