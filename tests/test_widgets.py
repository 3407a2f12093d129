"""Date and time fields render ISO values whatever the language: a browser's
`<input type=date>` drops anything else (and saving the form then loses the date)."""

from datetime import date, datetime, time

from django import forms
from django.utils import translation

from community.cafes.forms import CafeForm
from community.projects.forms import MeetingForm
from frontend.widgets import DateInput, DateTimeLocalInput, TimeInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    at = forms.TimeField(widget=TimeInput())
    moment = forms.DateTimeField(widget=DateTimeLocalInput())


def test_shared_widgets_render_iso_in_french():
    form = _Form(
        initial={"day": date(2026, 12, 5), "at": time(9, 5), "moment": datetime(2026, 12, 5, 9, 5)}
    )
    with translation.override("fr"):
        rendered = str(form)
    assert 'type="date"' in rendered and 'value="2026-12-05"' in rendered
    assert 'type="time"' in rendered and 'value="09:05"' in rendered
    assert 'type="datetime-local"' in rendered and 'value="2026-12-05T09:05"' in rendered


def test_the_project_and_cafe_forms_render_iso_in_french():
    with translation.override("fr"):
        meeting = str(MeetingForm(initial={"date": date(2026, 12, 5), "time": time(18, 30)}))
        cafe_form = CafeForm(initial={"date": date(2026, 12, 5), "time": time(10, 0)})
        cafe = str(cafe_form["date"]) + str(cafe_form["time"])  # the hosts need a network
    assert 'value="2026-12-05"' in meeting and 'value="18:30"' in meeting
    assert 'value="2026-12-05"' in cafe and 'value="10:00"' in cafe


def test_french_and_iso_input_are_both_read():
    with translation.override("fr"):
        assert _Form({"day": "2026-12-05", "at": "09:05", "moment": "2026-12-05T09:05"}).is_valid()
        assert forms.DateField(widget=DateInput()).clean("05/12/2026") == date(2026, 12, 5)
