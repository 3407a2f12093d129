"""The sheets library: kick-off sheets and eco-gestures sheets, each printable; the
Groupe d'Animation edits them and adds its own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from exchange.access import animator_required, member_required
from frontend.forms import copy_errors

from .. import selectors, services
from ..forms import NewSheetForm, SheetForm
from ..models import Sheet


@member_required
def sheet_list(request):
    by_kind = selectors.sheets_by_kind()
    return render(
        request,
        "projects/sheets.html",
        {
            "kickoff": by_kind[Sheet.Kind.KICKOFF],
            "awareness": by_kind[Sheet.Kind.AWARENESS],
        },
    )


@member_required
def sheet_detail(request, slug):
    sheet = get_object_or_404(Sheet.objects.select_related("updated_by"), slug=slug)
    return render(
        request,
        "projects/sheet_detail.html",
        {"sheet": sheet, "started": sheet.projects.count()},
    )


def _data(form) -> dict:
    data = dict(form.cleaned_data)
    data["steps"] = services.steps_from_text(data.get("steps"))
    return data


@animator_required
def sheet_edit(request, slug):
    sheet = get_object_or_404(Sheet, slug=slug)
    form = SheetForm(
        request.POST or None,
        initial={
            "title": sheet.title,
            "summary": sheet.summary,
            "body": sheet.body,
            "steps": "\n".join(sheet.steps),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_sheet(actor=request.member, sheet=sheet, **_data(form))
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The sheet is saved."))
            return redirect("projects:sheet", slug=sheet.slug)
    return render(request, "projects/sheet_form.html", {"form": form, "sheet": sheet})


@animator_required
def sheet_create(request):
    form = NewSheetForm(request.POST or None, initial={"kind": Sheet.Kind.KICKOFF})
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.create_sheet(actor=request.member, **_data(form))
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("The sheet is added to the library."))
            return redirect("projects:sheet", slug=sheet.slug)
    return render(request, "projects/sheet_form.html", {"form": form})
