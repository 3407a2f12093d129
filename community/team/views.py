"""The Groupe d'Animation's pages: task board, task form, my tasks, load, the fête.
Only the group sees them (`animator_required`: other members get 403)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from coopere.http import redirect_back
from exchange.access import animator_required
from frontend.forms import copy_errors

from . import selectors, services
from .forms import FeteForm, TaskForm
from .models import Event, Task


def _back(request, default="team:board"):
    return redirect_back(request, default)


@animator_required
def board(request):
    return render(
        request,
        "team/board.html",
        {
            "families": selectors.board(),
            "done": selectors.recently_done()[:20],
            "today": timezone.localdate(),
        },
    )


@animator_required
def task_create(request):
    form = TaskForm(request.POST or None, initial={"family": request.GET.get("famille")})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_task(actor=request.member, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The task is on the board."))
            return redirect("team:board")
    return render(request, "team/task_form.html", {"form": form, "title": _("New task")})


@animator_required
def task_edit(request, pk):
    task = get_object_or_404(Task, pk=pk)
    form = TaskForm.for_task(task, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_task(actor=request.member, task=task, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("team:board")
    return render(
        request, "team/task_form.html", {"form": form, "task": task, "title": _("Change a task")}
    )


ACTIONS = {
    "terminer": (services.complete_task, gettext_lazy("Done, thank you!")),
    "rouvrir": (services.reopen_task, gettext_lazy("The task is open again.")),
    "supprimer": (services.delete_task, gettext_lazy("The task is deleted.")),
}


@require_POST
@animator_required
def task_action(request, pk, action):
    task = get_object_or_404(Task, pk=pk)
    try:
        if action == "prendre":
            services.assign_task(actor=request.member, task=task, assignee=request.member)
            done_message = _("You take it on. Thank you!")
        elif action == "laisser":
            services.assign_task(actor=request.member, task=task, assignee=None)
            done_message = _("The task is free for someone else.")
        elif action in ACTIONS:
            service, done_message = ACTIONS[action]
            service(actor=request.member, task=task)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(done_message))
    return _back(request)


@animator_required
def my_tasks(request):
    return render(
        request,
        "team/my_tasks.html",
        {"tasks": selectors.open_tasks_of(request.member), "today": timezone.localdate()},
    )


@animator_required
def load(request):
    return render(request, "team/load.html", {"load": selectors.load_per_member()})


@animator_required
def fete_list(request):
    form = FeteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        try:
            event = services.create_fete(
                actor=request.member,
                year=day.year if day else None,
                date=day,
                place=form.cleaned_data["place"],
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The fête is planned, with its preparation checklist."))
            return redirect("team:fete", pk=event.pk)
    return render(request, "team/fete_list.html", {"events": Event.objects.all(), "form": form})


@animator_required
def fete_detail(request, pk):
    event = get_object_or_404(Event, pk=pk)
    return render(
        request,
        "team/fete_detail.html",
        {
            "event": event,
            "checklist": selectors.fete_checklist(event),
            "today": timezone.localdate(),
        },
    )
