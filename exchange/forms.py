"""Forms parse input; rules live in the services (their errors are copied onto the form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.uploads import PhotoField

from .models import Member, Post, Theme


class ThemeChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Theme.objects.filter(retired_at__isnull=True), label=_("Theme"), **kwargs
        )


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=Post.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    theme = ThemeChoiceField()
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    availability = forms.CharField(
        label=_("When are you available?"), max_length=300, required=False
    )
    photo = PhotoField(label=_("Photo (optional)"), required=False)


class ForWhomForm(forms.Form):
    """A form a sponsor may fill for a neighbour they accompany: "Pour" is the user or one of
    them. The view resolves the id with `exchange.access.acting_for` (anyone else: 404).
    Without anyone to accompany, the choice is a hidden field set to the user."""

    pour = forms.TypedChoiceField(label=_("For"), coerce=int, required=False)

    def __init__(self, *args, me: Member, sponsored: list[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pour"].choices = [
            (me.pk, _("Myself")),
            *[(m.pk, m.display_name) for m in sponsored],
        ]
        if not sponsored:
            self.fields["pour"].widget = forms.HiddenInput()
            self.fields["pour"].initial = me.pk


class NewPostForm(ForWhomForm, PostForm):
    """A new post, and for whom (as a group-purchase order: `purchases.forms.JoinForm`)."""

    field_order = ["pour"]


class PostFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All themes")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Post.Kind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Open or in progress")),
            *[c for c in Post.Status.choices if c[0] != "draft"],
        ],
        required=False,
    )


class RegistrationForm(forms.Form):
    # Required fields are checked by the service, whose messages say what to write.
    first_name = forms.CharField(label=_("First name"), max_length=200, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Building or street (in the perimeter)"), max_length=400, required=False
    )
    household_size = forms.CharField(
        label=_("People in the household"), initial="1", required=False
    )
    email = forms.CharField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), required=False)
    show_in_directory = forms.BooleanField(
        label=_("Neighbours may see their name in the members directory"),
        required=False,
        initial=True,
    )
    show_address = forms.BooleanField(
        label=_("Neighbours may see their building or street"), required=False
    )
    share_contact = forms.BooleanField(
        label=_("They agree to share their email and phone with the neighbours they exchange with"),
        required=False,
    )
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor (for a neighbour without internet)"),
        queryset=Member.objects.filter(anonymised_at__isnull=True, sponsor__isnull=True),
        required=False,
        empty_label=_("No sponsor"),
    )
    consent = forms.BooleanField(
        label=_(
            "The resident agrees that the Groupe d'Animation records this information to run the "
            "network. They can see, export or delete it at any time from their profile."
        ),
        required=False,
    )


class AnswerForm(forms.Form):
    can_offer = forms.BooleanField(label=_("I can offer"), required=False)
    would_need = forms.BooleanField(label=_("I would need"), required=False)
    interested = forms.BooleanField(label=_("I'm interested"), required=False)
    note = forms.CharField(label=_("In my own words (optional)"), max_length=400, required=False)


class ActivationForm(forms.Form):
    code = forms.CharField(label=_("Activation code (on your welcome card)"), max_length=40)
    password = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("The same password again"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}))


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("A word for your neighbour (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ThanksForm(forms.Form):
    thanks = forms.CharField(label=_("Your thanks"), max_length=400, required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Why are you reporting this?"), max_length=600)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Note for the author and the group"), max_length=600)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["show_in_directory", "show_address", "share_contact", "notification_mode"]
        widgets = {"notification_mode": forms.RadioSelect}


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=400, required=False)
