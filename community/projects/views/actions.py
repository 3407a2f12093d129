"""What people do on a project's page: join, leave, tick steps, set the next meeting,
change the status, add photos. POST only; refused input shows on the page again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import member_required
from frontend.forms import copy_errors

from .. import services
from ..forms import MeetingForm, PhotoForm, StepForm
from ..models import Project, ProjectStep
from .projects import get_project, member_for, render_detail


def _back(project, anchor=""):
    return redirect(reverse("projects:detail", args=[project.pk]) + anchor)


@require_POST
@member_required
def join(request, pk):
    project = get_object_or_404(Project, pk=pk)
    member = member_for(request)
    try:
        services.join_project(actor=request.member, member=member, project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if member.pk == request.member.pk:
            messages.success(request, _("Welcome to the project!"))
        else:
            messages.success(
                request,
                _("%(name)s is now part of the project.") % {"name": member.display_name},
            )
    return _back(project)


@require_POST
@member_required
def leave(request, pk):
    project = get_object_or_404(Project, pk=pk)
    member = member_for(request)
    services.leave_project(actor=request.member, member=member, project=project)
    messages.success(request, _("Noted: no longer part of the project."))
    return _back(project)


@require_POST
@member_required
def step_toggle(request, pk, step_pk):
    project = get_object_or_404(Project, pk=pk)
    step = get_object_or_404(
        ProjectStep.objects.select_related("project"), pk=step_pk, project=project
    )
    if request.POST.get("done") == "1":
        services.tick_step(actor=request.member, step=step)
    else:
        services.untick_step(actor=request.member, step=step)
    return _back(project, f"#etape-{step.pk}")


@require_POST
@member_required
def step_add(request, pk):
    project = get_object_or_404(Project, pk=pk)
    services.check_can_run(request.member, project)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.add_step(actor=request.member, project=project, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            return _back(project, "#etapes")
    return render_detail(request, get_project(project.pk), step_form=form)


@require_POST
@member_required
def meeting(request, pk):
    project = get_object_or_404(Project, pk=pk)
    services.check_can_run(request.member, project)
    form = MeetingForm(request.POST)
    if form.is_valid():
        if form.is_partial():
            form.add_error("date", _("Give both the date and the time of the meeting."))
        else:
            try:
                services.set_next_meeting(
                    actor=request.member,
                    project=project,
                    when=form.when(),
                    place=form.cleaned_data["place"],
                )
            except ValidationError as exc:
                form.show_errors(exc)
            else:
                messages.success(request, _("The next meeting is saved."))
                return _back(project)
    return render_detail(request, get_project(project.pk), meeting_form=form)


@require_POST
@member_required
def status(request, pk):
    project = get_object_or_404(Project, pk=pk)
    try:
        services.set_project_status(
            actor=request.member, project=project, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Status changed: %(status)s.") % {"status": project.get_status_display()}
        )
    return _back(project)


@require_POST
@member_required
def photo(request, pk):
    project = get_object_or_404(Project, pk=pk)
    services.check_can_run(request.member, project)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(actor=request.member, project=project, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The photo is added."))
            return _back(project, "#photos")
    return render_detail(request, get_project(project.pk), photo_form=form)
