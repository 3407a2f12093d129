"""Console pages of the launch kit (base domain, operators only): the apéro-info, the
invitation letter (text, printable preview, PDF, mail merge) and the presentation kit.

Thin views: forms parse, services decide and write, selectors read. A refused POST shows
its page again with the French errors (status 400) and writes nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.accounts.decorators import operator_required
from frontend.pdf import render_pdf
from onboarding.selectors import network_for_console

from . import selectors, services
from .forms import AddressesForm, AperoInfoForm, HeldForm, LetterTextForm

# --- The apéro-info -----------------------------------------------------------------


def _apero_page(request, network, status=200, *, form=None, held_form=None):
    apero = selectors.apero_info_of(network)
    if form is None:
        initial = {}
        if apero:
            local = timezone.localtime(apero.starts_at)
            initial = {
                "day": local.date(),
                "time": local.time(),
                "place": apero.place,
                "notes": apero.notes,
            }
        form = AperoInfoForm(initial=initial, network=network)
    if held_form is None:
        held_form = HeldForm(
            initial={"attendance": apero.attendance, "notes": apero.notes} if apero else None
        )
    return render(
        request,
        "console/launch/apero.html",
        {
            "network": network,
            "apero": apero,
            "started": bool(apero and apero.starts_at <= timezone.now()),
            "form": form,
            "held_form": held_form,
        },
        status=status,
    )


@operator_required
def apero_info(request, slug):
    network = network_for_console(slug)
    if request.method != "POST":
        return _apero_page(request, network)
    form = AperoInfoForm(request.POST, network=network)
    if form.is_valid():
        try:
            services.schedule_apero_info(
                network=network,
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.show(exc)
        else:
            messages.success(request, _("The apéro-info is scheduled."))
            return redirect("launch:apero", slug=network.slug)
    return _apero_page(request, network, status=400, form=form)


@operator_required
@require_POST
def apero_info_held(request, slug):
    network = network_for_console(slug)
    form = HeldForm(request.POST)
    if form.is_valid():
        try:
            services.record_apero_info_held(
                network=network,
                attendance=form.cleaned_data["attendance"],
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The apéro-info is recorded as held."))
            return redirect("launch:apero", slug=network.slug)
    return _apero_page(request, network, status=400, held_form=form)


# --- The invitation letter ------------------------------------------------------------


def _save(request, network, form, action, field, success, template, extra):
    if form.is_valid():
        try:
            action(network=network, actor=request.user, **{field: form.cleaned_data[field]})
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, success)
            return None
    return render(request, template, {"network": network, "form": form, **extra}, status=400)


@operator_required
def letter_text(request, slug):
    network = network_for_console(slug)
    context = {"apero": selectors.apero_info_of(network)}
    if request.method == "POST":
        data = request.POST.copy()
        if "reset" in data:
            data["body"] = ""
        refused = _save(
            request,
            network,
            LetterTextForm(data),
            services.save_letter_text,
            "body",
            _("The text of the letter is saved."),
            "console/launch/letter_text.html",
            context,
        )
        return refused or redirect("launch:letter_text", slug=network.slug)
    body = selectors.letter_body(selectors.letter_of(network))
    form = LetterTextForm(initial={"body": body})
    return render(
        request, "console/launch/letter_text.html", {"network": network, "form": form, **context}
    )


@operator_required
def mail_merge(request, slug):
    network = network_for_console(slug)
    context = {"apero": selectors.apero_info_of(network)}
    if request.method == "POST":
        refused = _save(
            request,
            network,
            AddressesForm(request.POST),
            services.save_letter_addresses,
            "addresses",
            _("The addresses are saved."),
            "console/launch/mail_merge.html",
            context,
        )
        return refused or redirect("launch:mail_merge", slug=network.slug)
    found = selectors.letter_of(network)
    form = AddressesForm(initial={"addresses": selectors.letter_addresses(network, found)})
    return render(
        request, "console/launch/mail_merge.html", {"network": network, "form": form, **context}
    )


def _letter(request, slug, *, merged: bool, pdf: bool):
    network = network_for_console(slug)
    found = selectors.letter_for(network, merged=merged)
    if found is None:
        return render(
            request,
            "console/launch/no_letter.html",
            {"network": network, "apero": selectors.apero_info_of(network)},
            status=409,
        )
    if merged and not found.addresses:
        messages.error(request, _("Give at least one address, one a line."))
        return redirect("launch:mail_merge", slug=network.slug)
    context = {"network": network, "letter": found, "merged": merged, "for_pdf": pdf}
    if pdf:
        name = f"invitation-{network.slug}{'-publipostage' if merged else ''}.pdf"
        return render_pdf(request, "launch/letter.html", context, name)
    return render(request, "launch/letter.html", context)


@operator_required
def letter_preview(request, slug):
    return _letter(request, slug, merged=False, pdf=False)


@operator_required
def letter_pdf(request, slug):
    return _letter(request, slug, merged=False, pdf=True)


@operator_required
def merged_preview(request, slug):
    return _letter(request, slug, merged=True, pdf=False)


@operator_required
def merged_pdf(request, slug):
    return _letter(request, slug, merged=True, pdf=True)


# --- The presentation kit --------------------------------------------------------------


@operator_required
def kit(request, slug):
    network = network_for_console(slug)
    apero = selectors.apero_info_of(network)
    upcoming = apero if apero and not apero.held and apero.starts_at > timezone.now() else None
    return render(
        request,
        "launch/kit.html",
        {
            "network": network,
            "apero": apero,
            "upcoming_apero": upcoming,
            "next_cafe": selectors.next_cafe_of(network),
        },
    )
