"""Forms parse input; the rules (and their French messages) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.widgets import DateInput

from .models import Task, TaskFamily
from .selectors import group_members


class TaskForm(forms.Form):
    family = forms.ModelChoiceField(
        label=_("Family"), queryset=TaskFamily.objects.all(), required=False, empty_label=None
    )
    title = forms.CharField(label=_("What is to be done?"), max_length=400, required=False)
    notes = forms.CharField(
        label=_("Notes (optional)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Who takes it on?"),
        queryset=group_members(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    due_date = forms.DateField(label=_("Due date (optional)"), widget=DateInput(), required=False)
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Task.Recurrence.choices, required=False
    )

    @classmethod
    def for_task(cls, task: Task, data=None):
        return cls(
            data,
            initial={
                "family": task.family_id,
                "title": task.title,
                "notes": task.notes,
                "assignee": task.assignee_id,
                "due_date": task.due_date,
                "recurrence": task.recurrence,
            },
        )


class FeteForm(forms.Form):
    date = forms.DateField(label=_("Date of the fête"), widget=DateInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=400, required=False)
