"""The roll-out pages of the console (operators only): regions, national totals, coaches."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopere.accounts.decorators import operator_required
from frontend.forms import copy_errors

from . import selectors, services
from .forms import CoachNetworksForm, RegionForm


@operator_required
def region_list(request):
    by_region = selectors.figures_by_region()
    regions = selectors.regions_for_console()
    return render(
        request,
        "console/rollout/regions.html",
        {
            "rows": [(r, by_region.get(r.pk, selectors.Figures())) for r in regions],
            "since": selectors.exchanges_since(),
        },
    )


@operator_required
def region_create(request):
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            region = services.create_region(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The region is created."))
            return redirect("rollout:region", code=region.code)
    status = 400 if form.errors else 200
    return render(
        request, "console/rollout/region_form.html", {"form": form, "region": None}, status=status
    )


@operator_required
def region_edit(request, code):
    region = selectors.region_by_code(code)
    form = RegionForm(request.POST or None, initial=RegionForm.initial_for(region))
    if request.method == "POST" and form.is_valid():
        try:
            region = services.update_region(region=region, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The region is saved."))
            return redirect("rollout:region", code=region.code)
    status = 400 if form.errors else 200
    return render(
        request,
        "console/rollout/region_form.html",
        {"form": form, "region": region},
        status=status,
    )


@operator_required
def region_detail(request, code):
    region = selectors.region_by_code(code)
    return render(
        request,
        "console/rollout/region.html",
        {
            "region": region,
            "coaches": list(region.coaches.order_by("first_name", "email")),
            "figures": selectors.figures_by_region(region).get(region.pk, selectors.Figures()),
            "since": selectors.exchanges_since(),
        },
    )


@operator_required
def national(request):
    return render(
        request,
        "console/rollout/national.html",
        {"national": selectors.national(), "since": selectors.exchanges_since()},
    )


@operator_required
def coach_list(request):
    return render(
        request,
        "console/rollout/coaches.html",
        {"loads": selectors.coach_loads(), "phases": selectors.PHASES},
    )


@operator_required
def coach_detail(request, pk):
    coach = selectors.coach_by_pk(pk)
    networks = selectors.networks_of_coach(coach)
    form = CoachNetworksForm(request.POST or None, initial={"networks": [n.pk for n in networks]})
    if request.method == "POST" and not form.searching and form.is_valid():
        try:
            added, let_go = services.set_coach_networks(
                coach=coach, networks=list(form.cleaned_data["networks"]), actor=request.user
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("The networks followed are saved: %(added)d added, %(let_go)d let go.")
                % {"added": added, "let_go": let_go},
            )
            return redirect("rollout:coach", pk=coach.pk)
    status = 400 if request.method == "POST" and not form.searching and form.errors else 200
    return render(
        request,
        "console/rollout/coach.html",
        {
            "coach": coach,
            "networks": networks,
            "open_alerts": sum(n.open_alerts for n in networks),
            "by_phase": [
                (code, label, sum(1 for n in networks if n.phase == code))
                for code, label in selectors.PHASES
            ],
            "form": form,
        },
        status=status,
    )
