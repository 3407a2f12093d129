"""Editing a project's next meeting keeps its date: the form gives `<input type=date>` an
ISO value (a localised 05/12/2026 is dropped by the browser, and saving lost the date)."""

import html
from datetime import datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.utils import timezone

from community.projects import services
from community.projects.models import Project
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

NOW = datetime(2026, 12, 4, 9, 0)


class _FormValues(HTMLParser):
    """The values a browser would send from the form posting to `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.values = action, False, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("name"):
            self.values[attrs["name"]] = html.unescape(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form_values(response, action) -> dict:
    parser = _FormValues(action)
    parser.feed(response.content.decode())
    return parser.values


@pytest.fixture
def planned(db, network_a):
    """A project whose next meeting is on 12 December at 00:30, Paris time (the 11th in
    UTC: the date shown must be the network's)."""
    with time_machine.travel(timezone.make_aware(NOW), tick=False), inside(network_a):
        pilote = _member(network_a, "pilote-date@a.test", role=Member.GroupRole.PILOTE)
        project = services.start_project(actor=pilote, title="Potager", goal="Planter")
        services.set_next_meeting(
            actor=pilote,
            project=project,
            when=timezone.make_aware(datetime(2026, 12, 12, 0, 30)),
            place="Local vélos",
        )
    return project


def test_the_form_shows_the_stored_date_and_time_in_iso(planned, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-date@a.test")
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        response = client.get(f"/projets/{planned.pk}/")
    values = form_values(response, f"/projets/{planned.pk}/reunion/")
    assert values["date"] == "2026-12-12"
    assert values["time"] == "00:30"
    assert values["place"] == "Local vélos"


def test_editing_only_the_place_keeps_the_date(planned, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-date@a.test")
    action = f"/projets/{planned.pk}/reunion/"
    with time_machine.travel(timezone.make_aware(NOW), tick=False):
        values = form_values(client.get(f"/projets/{planned.pk}/"), action)
        values["place"] = "Jardin partagé"
        values.pop("csrfmiddlewaretoken", None)
        response = client.post(action, values)
    assert response.status_code == 302
    with inside(network_a):
        project = Project.objects.get(pk=planned.pk)
    assert project.next_meeting_place == "Jardin partagé"
    assert timezone.localtime(project.next_meeting) == timezone.make_aware(
        datetime(2026, 12, 12, 0, 30)
    )
