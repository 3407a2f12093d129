"""The console (base domain, operators only): the pipeline, a network's page, opening one.

Thin views: forms parse, services decide and write, selectors read. A refused POST on the
network page shows that page again with the form's French errors (status 400).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from coopere.accounts.decorators import operator_required
from coopere.accounts.selectors import coaches
from frontend.forms import copy_errors
from tasklog.selectors import open_failure_count
from tenants.hosts import site_url
from tenants.models import Network

from .. import selectors, services
from ..forms import (
    AmorceurForm,
    AmorceurFormSet,
    CoachForm,
    DocumentForm,
    MoveForm,
    OpenNetworkForm,
    PerimeterForm,
    PipelineFilterForm,
    RelayForm,
    RelayFormSet,
    TickForm,
    filled_rows,
)
from ..models import Amorceur, ChecklistItem, ItemCheck, NetworkDocument, Relay
from ..services import contacts

PHASES = list(Network.Phase.values)


@operator_required
def pipeline(request):
    regions = selectors.regions_with_counts()
    form = PipelineFilterForm(request.GET or None, regions=regions, coach_list=list(coaches()))
    page = request.GET.get("page", "")
    data = selectors.pipeline(
        **(form.filters() if request.GET else {}),
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )
    return render(
        request,
        "console/home.html",
        {
            "form": form,
            "pipeline": data,
            "regions": regions,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            # Resolved once, not once per row: the list may hold thousands of networks.
            "network_path": reverse("console:network", kwargs={"slug": "x"})[:-2],
            "no_coach": pgettext("coach", "none"),
            "open_label": pgettext("platform", "open"),
            "soon_label": _("coming soon"),
            "failed_task_count": open_failure_count(),
        },
    )


# --- A network's page ----------------------------------------------------------------


def _next_phase(network: Network) -> str | None:
    index = PHASES.index(network.phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def _tick_prefix(item_pk: int) -> str:
    return f"item-{item_pk}"


def _phase_of(checklist, item_pk) -> str:
    return next((p.phase for p in checklist.phases for s in p.items if s.item.pk == item_pk), "")


def _detail(request, network: Network, status: int = 200, **bound):
    """The network page; `bound` replaces a default form by the refused one (its errors)."""
    checklist = selectors.checklist_for(network)
    next_phase = _next_phase(network)
    tick_item_pk, tick_form = bound.pop("tick", (None, None))
    phases = [
        (
            phase,
            [
                (
                    state,
                    tick_form
                    if state.item.pk == tick_item_pk
                    else TickForm(prefix=_tick_prefix(state.item.pk)),
                )
                for state in phase.items
            ],
        )
        for phase in checklist.phases
        if phase.items
    ]
    context = {
        "network": network,
        "open_phase": _phase_of(checklist, tick_item_pk) if tick_form else "",
        "checklist": checklist,
        "phases": phases,
        "current": checklist.phase(network.phase),
        "next_phase": next_phase,
        "next_phase_label": Network.Phase(next_phase).label if next_phase else "",
        "gate_reasons": services.gate_reasons(network, next_phase) if next_phase else [],
        "platform_reasons": (
            selectors.platform_reasons(network)
            if network.phase == Network.Phase.LANCEMENT and not network.is_launched
            else []
        ),
        "transitions": selectors.transitions_of(network),
        "unticks": selectors.unticks_of(network),
        "snapshots": selectors.recent_snapshots(network),
        "amorceurs": list(network.amorceurs.all()),
        "relays": list(network.relays.all()),
        "documents": list(network.documents.select_related("uploaded_by")),
        "openings": list(network.platform_openings.select_related("opened_by")),
        "site_url": site_url(request, network.slug),
        "upload_limit_mb": contacts.upload_limit_mb(),
        "min_group_size": selectors.min_group_size(),
        "coach_form": CoachForm(initial={"coach": network.coach_id}),
        "perimeter_form": PerimeterForm(
            initial={
                "perimeter_description": network.perimeter_description,
                "perimeter_streets": network.perimeter_streets,
                "estimated_households": network.estimated_households,
                "meeting_place": network.meeting_place,
            }
        ),
        # Prefixed: several forms share field names (name, note…) on this one page.
        "amorceur_form": AmorceurForm(prefix="amorceur"),
        "relay_form": RelayForm(prefix="relay"),
        "document_form": DocumentForm(prefix="document"),
        "move_form": MoveForm(initial={"to_phase": next_phase}) if next_phase else None,
        "platform_errors": [],
    }
    context.update(bound)
    return render(request, "console/network.html", context, status=status)


@operator_required
def network_detail(request, slug):
    return _detail(request, selectors.network_for_console(slug))


def _post_form(request, slug, form_class, key, action, success, **form_kwargs):
    """Parse a form posted from the network page and call `action(network, data)`:
    success → back to the page with a message; refusal → the page with the errors."""
    network = selectors.network_for_console(slug)
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        try:
            action(network, form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("console:network", slug=network.slug)
    return _detail(request, network, status=400, **{key: form})


@require_POST
@operator_required
def network_coach(request, slug):
    return _post_form(
        request,
        slug,
        CoachForm,
        "coach_form",
        lambda network, data: services.assign_coach(
            network=network, coach=data["coach"], actor=request.user
        ),
        _("The coach is saved."),
    )


@require_POST
@operator_required
def network_perimeter(request, slug):
    return _post_form(
        request,
        slug,
        PerimeterForm,
        "perimeter_form",
        lambda network, data: services.update_perimeter(
            network=network, actor=request.user, **data
        ),
        _("The perimeter is saved."),
    )


@require_POST
@operator_required
def item_tick(request, slug, item_pk):
    network = selectors.network_for_console(slug)
    item = get_object_or_404(ChecklistItem, pk=item_pk)
    form = TickForm(request.POST, request.FILES, prefix=_tick_prefix(item.pk))
    if form.is_valid():
        try:
            services.tick_item(network=network, item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if not set(exc.message_dict) & set(form.fields):
                # About the item itself (automatic, already ticked…): no form shows it.
                messages.error(request, " ".join(exc.messages))
                return redirect("console:network", slug=network.slug)
            copy_errors(form, exc)
        else:
            messages.success(request, _("Ticked: %(item)s.") % {"item": item.label})
            return redirect("console:network", slug=network.slug)
    return _detail(request, network, status=400, tick=(item.pk, form))


@require_POST
@operator_required
def item_untick(request, slug, item_pk):
    network = selectors.network_for_console(slug)
    item = get_object_or_404(ChecklistItem, pk=item_pk)
    try:
        services.untick_item(
            network=network, item=item, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Unticked: %(item)s.") % {"item": item.label})
    return redirect("console:network", slug=network.slug)


@require_POST
@operator_required
def network_move(request, slug):
    return _post_form(
        request,
        slug,
        MoveForm,
        "move_form",
        lambda network, data: services.move_to_phase(network=network, actor=request.user, **data),
        _("The network has moved to its next phase."),
    )


@require_POST
@operator_required
def network_refresh(request, slug):
    network = selectors.network_for_console(slug)
    try:
        services.refresh_indicators(network=network, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The indicators are up to date."))
    return redirect("console:network", slug=network.slug)


@require_POST
@operator_required
def network_open_platform(request, slug):
    network = selectors.network_for_console(slug)
    try:
        services.open_platform(network=network, actor=request.user)
    except ValidationError as exc:
        return _detail(request, network, status=400, platform_errors=exc.messages)
    messages.success(request, _("The residents' platform is open."))
    return redirect("console:network", slug=network.slug)


# --- Contacts and documents -----------------------------------------------------------


@require_POST
@operator_required
def amorceur_add(request, slug):
    return _post_form(
        request,
        slug,
        AmorceurForm,
        "amorceur_form",
        lambda network, data: contacts.add_amorceur(network=network, actor=request.user, **data),
        _("The amorceur is added."),
        prefix="amorceur",
    )


@require_POST
@operator_required
def relay_add(request, slug):
    return _post_form(
        request,
        slug,
        RelayForm,
        "relay_form",
        lambda network, data: contacts.add_relay(network=network, actor=request.user, **data),
        _("The relay is added."),
        prefix="relay",
    )


def _edit(request, slug, pk, model, form_class, update, title):
    network = selectors.network_for_console(slug)
    obj = get_object_or_404(model, pk=pk, network=network)
    fields = list(form_class.base_fields)
    form = form_class(request.POST or None, initial={f: getattr(obj, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            update(obj, form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:network", slug=network.slug)
    return render(
        request,
        "console/contact_form.html",
        {"network": network, "form": form, "title": title, "object": obj},
        status=400 if request.method == "POST" else 200,
    )


@operator_required
def amorceur_edit(request, slug, pk):
    return _edit(
        request,
        slug,
        pk,
        Amorceur,
        AmorceurForm,
        lambda obj, data: contacts.update_amorceur(amorceur=obj, actor=request.user, **data),
        _("Edit an amorceur"),
    )


@operator_required
def relay_edit(request, slug, pk):
    return _edit(
        request,
        slug,
        pk,
        Relay,
        RelayForm,
        lambda obj, data: contacts.update_relay(relay=obj, actor=request.user, **data),
        _("Edit a relay"),
    )


def _remove(request, slug, pk, model, remove, success):
    network = selectors.network_for_console(slug)
    obj = get_object_or_404(model, pk=pk, network=network)
    try:
        remove(obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect("console:network", slug=network.slug)


@require_POST
@operator_required
def amorceur_remove(request, slug, pk):
    return _remove(
        request,
        slug,
        pk,
        Amorceur,
        lambda obj: contacts.remove_amorceur(amorceur=obj, actor=request.user),
        _("The amorceur is removed."),
    )


@require_POST
@operator_required
def relay_remove(request, slug, pk):
    return _remove(
        request,
        slug,
        pk,
        Relay,
        lambda obj: contacts.remove_relay(relay=obj, actor=request.user),
        _("The relay is removed."),
    )


@require_POST
@operator_required
def document_add(request, slug):
    return _post_form(
        request,
        slug,
        DocumentForm,
        "document_form",
        lambda network, data: contacts.add_document(network=network, actor=request.user, **data),
        _("The document is saved."),
        prefix="document",
    )


@require_POST
@operator_required
def document_delete(request, slug, pk):
    return _remove(
        request,
        slug,
        pk,
        NetworkDocument,
        lambda obj: contacts.delete_document(document=obj, actor=request.user),
        _("The document is deleted."),
    )


def _download(field):
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=field.name.rsplit("/")[-1])


@operator_required
def document_download(request, slug, pk):
    network = selectors.network_for_console(slug)
    return _download(get_object_or_404(NetworkDocument, pk=pk, network=network).file)


@operator_required
def check_attachment(request, slug, item_pk):
    network = selectors.network_for_console(slug)
    check = get_object_or_404(ItemCheck, item_id=item_pk, network=network)
    if not check.attachment:
        raise Http404
    return _download(check.attachment)


# --- Opening a network ---------------------------------------------------------------


@operator_required
def network_open(request):
    post = request.POST if request.method == "POST" else None
    form = OpenNetworkForm(post)
    amorceurs = AmorceurFormSet(post, prefix="amorceurs")
    relays = RelayFormSet(post, prefix="relays")
    if post is not None and form.is_valid() and amorceurs.is_valid() and relays.is_valid():
        try:
            network = services.open_network(
                actor=request.user,
                amorceurs=filled_rows(amorceurs),
                relays=filled_rows(relays),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is open, in amorçage. Its residents' site says “coming soon”.")
                % {"name": network.name},
            )
            return redirect("console:network", slug=network.slug)
    return render(
        request,
        "console/open_network.html",
        {"form": form, "amorceurs": amorceurs, "relays": relays},
        status=400 if post is not None else 200,
    )
