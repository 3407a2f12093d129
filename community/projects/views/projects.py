"""Projects: the list, starting one (from a sheet or blank), its page, editing it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.access import acting_for, member_required
from exchange.models import Member
from frontend.forms import copy_errors
from frontend.paging import paginate

from .. import selectors, services
from ..forms import MeetingForm, PhotoForm, ProjectEditForm, ProjectForm, StepForm
from ..models import Project, Sheet


def member_for(request) -> Member:
    """The member a form acts for ("pour"): the user, or a neighbour they sponsor."""
    pour = request.POST.get("pour", "")
    if pour and not pour.isdigit():
        raise Http404
    return acting_for(request, pour)


def get_project(pk) -> Project:
    try:
        return selectors.project_detail(pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


def render_detail(request, project: Project, *, status=200, **forms):
    """The project's page; an action whose input was refused passes its bound form."""
    me = request.member
    people = list(project.members.all())
    involved_ids = {p.member_id for p in people}
    meeting_initial = {}
    if project.next_meeting:
        # The network's local day and time (a 00:30 meeting is on the previous day in UTC).
        local = timezone.localtime(project.next_meeting)
        meeting_initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "place": project.next_meeting_place,
        }
    steps = list(project.steps.all())
    context = {
        "project": project,
        "people": people,
        "steps": steps,
        "steps_done": sum(1 for s in steps if s.done_at),
        "photos": list(project.photos.all()),
        "involved": me.pk in involved_ids,
        "can_run": me.is_animator or me.pk in involved_ids,
        "sponsored": [
            (m, m.pk in involved_ids) for m in me.sponsored.filter(anonymised_at__isnull=True)
        ],
        "statuses": [c for c in Project.Status.choices if c[0] != project.status],
        "is_over": project.status in (Project.Status.DONE, Project.Status.ABANDONED),
        "meeting_form": forms.get("meeting_form") or MeetingForm(initial=meeting_initial),
        "step_form": forms.get("step_form") or StepForm(),
        "photo_form": forms.get("photo_form") or PhotoForm(),
    }
    return render(request, "projects/detail.html", context, status=status)


@member_required
def project_list(request):
    status = request.GET.get("statut") or None
    if status not in Project.Status.values:
        status = None
    return render(
        request,
        "projects/list.html",
        {
            "page": paginate(request, selectors.projects_for_listing(status=status)),
            "querystring": f"statut={status}" if status else "",
            "mine": selectors.project_ids_of(request.member),
            "status": status,
            "statuses": Project.Status.choices,
        },
    )


@member_required
def project_create(request):
    initial = {}
    slug = request.GET.get("fiche")
    if slug:
        initial["sheet"] = get_object_or_404(Sheet, slug=slug, kind=Sheet.Kind.KICKOFF)
    form = ProjectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.start_project(actor=request.member, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Your project is started. Invite your neighbours!"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form})


@member_required
def project_detail(request, pk):
    return render_detail(request, get_project(pk))


@member_required
def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk)
    services.check_can_run(request.member, project)
    form = ProjectEditForm(
        request.POST or None, initial={"title": project.title, "goal": project.goal}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(actor=request.member, project=project, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})
