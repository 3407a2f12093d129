"""Forms parse what operators and invited partners type; the rules live in the services,
whose French messages are copied onto the form (field by field)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopere.money import format_amount, format_money, parse_euros
from frontend.widgets import DateInput
from tenants.pickers import NetworkPickerField, bind_pickers, picker_searching

from . import selectors
from .models import Partner


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Partner.Kind.choices)
    legal_name = forms.CharField(label=_("Legal name"), max_length=200, required=False)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=30,
        required=False,
        help_text=_("14 digits; spaces are allowed, for example 213 501 737 00018."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    billing_address = forms.CharField(
        label=_("Billing address"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    public_service_code = forms.CharField(
        label=_("Public service code (Chorus Pro)"),
        max_length=100,
        required=False,
        help_text=_("Only for public bodies that receive invoices through Chorus Pro."),
    )

    @classmethod
    def initial_for(cls, partner: Partner) -> dict:
        return {
            f: getattr(partner, f)
            for f in ("kind", "legal_name", "siret", "billing_address", "public_service_code")
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.CharField(label=_("Role"), max_length=150, required=False)
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    receives_invoices = forms.BooleanField(
        label=_("Receives invoices and reminders by email"), required=False
    )


class InvitationForm(forms.Form):
    email = forms.CharField(
        label=_("Email of the person to invite"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        required=False,
        help_text=_("At least 8 characters, not only digits, not too common."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class PlanForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        required=False,
        help_text=_("Short, without spaces, for example suivi-annuel."),
        error_messages={"invalid": _("Use only letters, digits and hyphens.")},
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    price = forms.CharField(
        label=_("Price per network per year, in euros excl. VAT"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "1 200,00"}),
    )
    vat_rate = forms.CharField(
        label=_("VAT rate, in %"),
        max_length=10,
        initial="20",
        required=False,
        help_text=_("0 if Coop-ère is not liable to VAT."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    period_months = forms.IntegerField(
        label=_("Period, in months"),
        initial=12,
        required=False,
        error_messages={"invalid": _("Write a whole number of months.")},
    )
    is_active = forms.BooleanField(label=_("Offered to partners"), required=False, initial=True)
    stripe_price_id = forms.CharField(
        label=_("Stripe price (to pay online)"),
        max_length=255,
        required=False,
        help_text=_(
            "The identifier of the yearly per-network price in Stripe (price_…). "
            "Empty: this plan is paid by invoice only."
        ),
    )

    rename = {"price_cents": "price", "vat_rate_bp": "vat_rate"}

    @classmethod
    def initial_for(cls, plan) -> dict:
        return {
            "name": plan.name,
            "code": plan.code,
            "description": plan.description,
            "price": format_amount(plan.price_cents),
            "vat_rate": format_amount(plan.vat_rate_bp).removesuffix(",00"),
            "period_months": plan.period_months,
            "is_active": plan.is_active,
            "stripe_price_id": plan.stripe_price_id,
        }

    def service_data(self) -> dict:
        data = self.cleaned_data
        # "20" or "5,5" percent -> basis points: the same parsing as euros -> cents.
        return {
            "name": data["name"],
            "code": data["code"],
            "description": data["description"],
            "price_cents": parse_euros(data["price"]),
            "vat_rate_bp": parse_euros((data["vat_rate"] or "").replace("%", "")),
            "period_months": data["period_months"],
            "is_active": data["is_active"],
            "stripe_price_id": data["stripe_price_id"],
        }


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s — %(price)s excl. VAT per network") % {
            "name": obj.name,
            "price": format_money(obj.price_cents),
        }


class SubscriptionForm(forms.Form):
    plan = PlanChoiceField(
        label=_("Plan"),
        queryset=selectors.offered_plans(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the plans offered.")},
    )
    # A search, not a box per network: there may be thousands (tenants.pickers).
    networks = NetworkPickerField(
        label=_("Networks covered"),
        queryset=selectors.live_networks(),
        error_messages={"invalid_choice": _("Choose only among the open networks.")},
    )
    current_period_start = forms.DateField(
        label=_("Period start"), required=False, widget=DateInput()
    )
    current_period_end = forms.DateField(label=_("Period end"), required=False, widget=DateInput())
    purchase_order_ref = forms.CharField(
        label=_("Purchase order reference"),
        max_length=100,
        required=False,
        help_text=_(
            "The number of the partner's purchase order (bon de commande), if any; for a "
            "public buyer, the engagement juridique number Chorus Pro expects."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self)

    @property
    def searching(self) -> bool:
        """Back from the networks' search button: show the form again, save nothing."""
        return picker_searching(self)

    @classmethod
    def initial_for(cls, subscription) -> dict:
        return {
            "plan": subscription.plan_id,
            "networks": [n.pk for n in subscription.networks.all()],
            "current_period_start": subscription.current_period_start,
            "current_period_end": subscription.current_period_end,
            "purchase_order_ref": subscription.purchase_order_ref,
        }

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "plan": data["plan"],
            "networks": list(data["networks"] or []),
            "period_start": data["current_period_start"],
            "period_end": data["current_period_end"],
            "purchase_order_ref": data["purchase_order_ref"],
        }


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Payment received on"),
        required=False,
        widget=DateInput(),
    )


class CreditNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the credit note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the credit note, for example: wrong number of networks."),
    )


class CancelSubscriptionForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Last day covered"),
        required=False,
        widget=DateInput(),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Number, partner, service code or purchase order"),
    )
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All invoices")),
            ("unpaid", _("Unpaid")),
            ("due", _("Due (not yet late)")),
            ("overdue", _("Overdue")),
            ("paid", pgettext_lazy("invoice", "Paid")),
            ("void", _("Cancelled by credit note")),
        ],
    )


class EcbRateForm(forms.Form):
    valid_from = forms.DateField(
        label=_("In force on"),
        required=False,
        widget=DateInput(),
        help_text=_("1 January or 1 July."),
    )
    rate = forms.CharField(
        label=_("ECB main refinancing rate, in %"),
        max_length=10,
        required=False,
        help_text=_("As published by the Banque de France, for example 2,15."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    rename = {"rate_bp": "rate"}

    def service_data(self) -> dict:
        data = self.cleaned_data
        # "2,15" percent -> 215 basis points: the same parsing as euros -> cents.
        return {
            "valid_from": data["valid_from"],
            "rate_bp": parse_euros((data["rate"] or "").replace("%", "")),
        }
