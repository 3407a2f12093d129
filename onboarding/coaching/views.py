"""Console pages of coaching: a network's log, the coach's week, alerts, pilots' trainings.
Operators only; every page reads public rows with a fixed number of queries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coopere.accounts.decorators import operator_required
from coopere.accounts.selectors import coaches
from frontend.forms import copy_errors
from onboarding.models import Amorceur
from tenants.models import Network

from . import selectors, services
from .forms import AcknowledgeForm, AmorceursForm, InvitationForm, SessionForm, TrainingForm
from .models import CoachingSession, HealthAlert, Training

LOG_WEEKS = 8


def _live_network(slug) -> Network:
    return get_object_or_404(
        Network.objects.select_related("region", "coach"), slug=slug, state=Network.State.LIVE
    )


@operator_required
def my_week(request):
    rows = selectors.my_week(request.user)
    return render(
        request,
        "console/coaching/my_week.html",
        {
            "rows": rows,
            "target": selectors.target_minutes(),
            "total": sum(r.week.minutes for r in rows),
            "week": rows[0].week if rows else None,
        },
    )


@operator_required
def network_log(request, slug):
    network = _live_network(slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_coaching_session(network=network, coach=request.user, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The coaching session is recorded."))
            return redirect("coaching:log", slug=network.slug)
    return render(
        request,
        "console/coaching/log.html",
        {
            "network": network,
            "form": form,
            "weeks": selectors.weeks_of(network, weeks=LOG_WEEKS),
            "target": selectors.target_minutes(),
            "sessions": selectors.sessions_of(network, limit=100),
        },
    )


def _session(slug, pk) -> CoachingSession:
    """A session of that live network: another network's session id answers 404."""
    return get_object_or_404(
        CoachingSession.objects.select_related("network", "coach"),
        pk=pk,
        network__slug=slug,
        network__state=Network.State.LIVE,
    )


@operator_required
def session_edit(request, slug, pk):
    session = _session(slug, pk)
    initial = {
        "date": session.date,
        "duration_minutes": session.duration_minutes,
        "topics": session.topics,
        "notes": session.notes,
    }
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_coaching_session(session=session, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The coaching session is updated."))
            return redirect("coaching:log", slug=session.network.slug)
    return render(
        request,
        "console/coaching/session_form.html",
        {"session": session, "network": session.network, "form": form},
        status=400 if form.errors else 200,
    )


@operator_required
def session_delete(request, slug, pk):
    """GET asks for confirmation; POST deletes."""
    session = _session(slug, pk)
    if request.method == "POST":
        services.delete_coaching_session(session=session)
        messages.success(request, _("The coaching session is deleted."))
        return redirect("coaching:log", slug=session.network.slug)
    return render(
        request,
        "console/coaching/session_delete.html",
        {"session": session, "network": session.network},
    )


@operator_required
@require_POST
def alert_acknowledge(request, pk):
    alert = get_object_or_404(
        HealthAlert.objects.select_related("network"), pk=pk, network__state=Network.State.LIVE
    )
    form = AcknowledgeForm(request.POST, prefix=f"alerte-{alert.pk}")
    if form.is_valid():
        try:
            services.acknowledge_alert(alert=alert, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The alert is acknowledged."))
            return redirect("coaching:alerts")
    return _alerts_page(request, ack=(alert.pk, form), status=400)


@operator_required
def alerts(request):
    return _alerts_page(request)


def _alerts_page(request, *, ack=None, status=200):
    coach_id = request.GET.get("coach") or None
    kind = request.GET.get("kind") or None
    if coach_id and not coach_id.isdigit():
        coach_id = None
    if kind not in HealthAlert.Kind.values:
        kind = None
    open_alerts = list(selectors.open_alerts(coach_id=coach_id, kind=kind))
    for alert in open_alerts:
        if ack and ack[0] == alert.pk:
            alert.ack_form = ack[1]
        else:
            alert.ack_form = AcknowledgeForm(
                prefix=f"alerte-{alert.pk}", initial={"note": alert.acknowledgement_note}
            )
    return render(
        request,
        "console/coaching/alerts.html",
        {
            "open_alerts": open_alerts,
            "closed": list(selectors.closed_recently(coach_id=coach_id, kind=kind)),
            "coaches": list(coaches()),
            "kinds": HealthAlert.Kind.choices,
            "coach_id": int(coach_id) if coach_id else None,
            "kind": kind,
            "closed_days": selectors.CLOSED_RECENTLY_DAYS,
        },
        status=status,
    )


@operator_required
def trainings(request):
    return render(
        request,
        "console/coaching/trainings.html",
        {
            "upcoming": list(selectors.upcoming_trainings()),
            "past": list(selectors.past_trainings()[:50]),
        },
    )


@operator_required
def training_create(request):
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.create_training(by=request.user, **form.service_data())
        except ValidationError as exc:
            copy_errors(form, exc, form.error_fields)
        else:
            if training.starts_at <= timezone.now():
                messages.success(
                    request, _("The training is recorded. Add who took part, then tick who came.")
                )
            else:
                messages.success(request, _("The training is planned. Now invite the pilots."))
            return redirect("coaching:training", pk=training.pk)
    return render(request, "console/coaching/training_form.html", {"form": form})


def _detail(request, training, *, invite_form=None, amorceurs_form=None, attendance_error=None):
    picked = None
    network_id = request.GET.get("reseau") or request.POST.get("reseau")
    if network_id and str(network_id).isdigit():
        picked = Network.objects.filter(pk=network_id, state=Network.State.LIVE).first()
    if picked is not None and amorceurs_form is None:
        amorceurs_form = AmorceursForm(amorceurs=Amorceur.objects.filter(network=picked))
    return render(
        request,
        "console/coaching/training_detail.html",
        {
            "training": training,
            "invitations": list(selectors.invitations_of(training)),
            "invite_form": invite_form or InvitationForm(),
            "amorceurs_form": amorceurs_form,
            "picked": picked,
            "networks": list(selectors.invitable_networks()),
            "attendance_error": attendance_error,
            "has_started": training.starts_at <= timezone.now(),
        },
    )


@operator_required
def training_detail(request, pk):
    return _detail(request, get_object_or_404(Training, pk=pk))


@operator_required
@require_POST
def training_invite(request, pk):
    training = get_object_or_404(Training, pk=pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_to_training(training=training, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            if training.starts_at <= timezone.now():
                messages.success(request, _("The person is added to the training."))
            else:
                messages.success(request, _("The invitation is sent."))
            return redirect("coaching:training", pk=training.pk)
    return _detail(request, training, invite_form=form)


@operator_required
@require_POST
def training_invite_amorceurs(request, pk):
    training = get_object_or_404(Training, pk=pk)
    network_id = request.POST.get("reseau", "")
    if not network_id.isdigit():
        raise Http404
    network = get_object_or_404(Network, pk=network_id, state=Network.State.LIVE)
    form = AmorceursForm(request.POST, amorceurs=Amorceur.objects.filter(network=network))
    if form.is_valid():
        try:
            made = services.invite_amorceurs(
                training=training,
                network=network,
                amorceur_ids=[int(pk) for pk in form.cleaned_data["amorceurs"]],
                by=request.user,
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", len(made))
                % {"n": len(made)},
            )
            return redirect("coaching:training", pk=training.pk)
    return _detail(request, training, amorceurs_form=form)


@operator_required
@require_POST
def training_attendance(request, pk):
    training = get_object_or_404(Training, pk=pk)
    present = [v for v in request.POST.getlist("present") if v.isdigit()]
    try:
        services.record_attendance(training=training, present_ids=present)
    except ValidationError as exc:
        return _detail(request, training, attendance_error=exc.messages[0])
    messages.success(request, _("Attendance is recorded."))
    return redirect("coaching:training", pk=training.pk)
