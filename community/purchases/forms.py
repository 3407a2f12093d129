"""Forms parse input (euros typed the French way, a date and a time); the rules live in
the services, whose errors are copied onto the form."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coopere.money import parse_euros
from exchange.forms import ForWhomForm
from frontend.forms import copy_errors
from frontend.widgets import DateInput, TimeInput


class PurchaseForm(forms.Form):
    # Required fields are checked by the service, whose messages say what to write.
    item = forms.CharField(
        label=_("What you buy together"),
        max_length=200,
        required=False,
        help_text=_("For example: a 10 kg box of apples, 5 litres of washing-up liquid."),
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    unit_cost = forms.CharField(
        label=_("Cost of one unit, in euros"),
        max_length=20,
        required=False,
        help_text=_("The real price, as the supplier charges it: nobody earns anything."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "4,50"}),
    )
    minimum_quantity = forms.CharField(
        label=_("Minimum quantity for the order"),
        initial="1",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    deadline_date = forms.DateField(label=_("Orders close on"), required=False, widget=DateInput())
    deadline_time = forms.TimeField(
        label=_("at"),
        required=False,
        initial=time(20, 0),
        widget=TimeInput(),
    )
    description = forms.CharField(
        label=_("Details (delivery, where to collect, how to pay the organiser back)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    error_fields = {"unit_cost_cents": "unit_cost", "deadline": "deadline_date"}

    def service_data(self) -> dict:
        data = self.cleaned_data
        day, at = data.get("deadline_date"), data.get("deadline_time")
        return {
            "item": data["item"],
            "supplier": data["supplier"],
            "unit_cost_cents": parse_euros(data["unit_cost"]),
            "minimum_quantity": data["minimum_quantity"],
            "deadline": timezone.make_aware(datetime.combine(day, at)) if day and at else None,
            "description": data["description"],
        }

    def show_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {self.error_fields.get(k, k): v for k, v in exc.error_dict.items()}
            )
        copy_errors(self, exc)


class JoinForm(ForWhomForm):
    """How many, and for whom: the user, or a neighbour they sponsor."""

    quantity = forms.CharField(
        label=_("Quantity"),
        max_length=10,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
    )
