"""The console's failed tasks (base domain, operators only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.accounts.decorators import operator_required

from . import selectors, services
from .models import FailedTask


@operator_required
def failure_list(request):
    return render(
        request,
        "console/tasklog/list.html",
        {
            "failures": list(selectors.open_failures()),
            "handled": list(selectors.recently_handled()),
        },
    )


@operator_required
@require_POST
def failure_handle(request, pk: int):
    failure = get_object_or_404(FailedTask.objects.all(), pk=pk)
    try:
        services.mark_failure_handled(failure=failure, operator=request.user)
    except ValidationError as error:
        for message in error.message_dict.get("failure", []):
            messages.error(request, message)
    else:
        messages.success(
            request, _("“%(task)s” is marked as handled.") % {"task": failure.task_name}
        )
    return redirect("tasklog:list")
