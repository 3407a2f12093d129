"""Starting and running collective projects: the rules, the French messages, and that a
refused action writes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.projects import selectors, services
from community.projects.models import Project, ProjectMember, ProjectPhoto, ProjectStep, Sheet
from tests.exchange.test_pages import _png_bytes

from .conftest import error_of


def test_a_project_starts_from_the_compost_sheet_with_its_steps(in_a, rose):
    sheet = Sheet.objects.get(slug="compost")
    project = services.start_project(actor=rose, title="", goal="Moins de déchets", sheet=sheet)
    assert project.title == "Compostage collectif"  # the sheet's title, when none is given
    assert project.started_from == sheet and project.status == Project.Status.IDEA
    assert [s.text for s in project.steps.all()] == sheet.steps
    assert [s.position for s in project.steps.all()] == list(range(1, len(sheet.steps) + 1))
    assert all(s.done_at is None for s in project.steps.all())
    assert list(project.members.values_list("member", flat=True)) == [rose.pk]


def test_the_steps_are_the_projects_own_copy(in_a, rose, animator):
    sheet = Sheet.objects.get(slug="compost")
    project = services.start_project(actor=rose, title="Compost du 12", sheet=sheet)
    services.update_sheet(actor=animator, sheet=sheet, title="Compost", steps=["Autre chose"])
    assert project.steps.count() == 7 and project.title == "Compost du 12"


def test_a_blank_project_needs_a_title(in_a, rose):
    with pytest.raises(ValidationError) as exc:
        services.start_project(actor=rose, title="  ", goal="")
    assert error_of(exc, "title") == "Donnez un titre au projet."
    with pytest.raises(ValidationError) as exc:
        services.start_project(actor=rose, title="x" * 121)
    assert "trop long" in error_of(exc, "title")
    assert not Project.objects.exists() and not ProjectMember.objects.exists()


def test_join_and_leave_alone_or_through_a_sponsor(in_a, rose, paul, odette):
    project = services.start_project(actor=paul, title="Potager")
    services.join_project(actor=rose, member=rose, project=project)
    by_sponsor = services.join_project(actor=rose, member=odette, project=project)
    assert by_sponsor.acted_by == rose
    services.join_project(actor=rose, member=rose, project=project)  # twice: harmless
    assert project.members.count() == 3
    with pytest.raises(PermissionDenied):
        services.join_project(actor=paul, member=odette, project=project)  # not her sponsor
    services.leave_project(actor=rose, member=odette, project=project)
    assert set(project.members.values_list("member", flat=True)) == {paul.pk, rose.pk}


def test_a_finished_project_takes_no_new_people(in_a, rose, paul):
    project = services.start_project(actor=paul, title="Collecte")
    services.set_project_status(actor=paul, project=project, status="done")
    with pytest.raises(ValidationError) as exc:
        services.join_project(actor=rose, member=rose, project=project)
    assert "terminé" in error_of(exc)
    assert project.members.count() == 1


def test_steps_are_ticked_by_the_people_involved_or_an_animator(in_a, rose, paul, animator):
    project = services.start_project(actor=rose, sheet=Sheet.objects.get(slug="compost"))
    step = project.steps.first()
    services.tick_step(actor=rose, step=step)
    step.refresh_from_db()
    assert step.done_at and step.done_by == rose
    services.untick_step(actor=animator, step=step)
    step.refresh_from_db()
    assert step.done_at is None and step.done_by is None
    with pytest.raises(PermissionDenied):
        services.tick_step(actor=paul, step=step)
    step.refresh_from_db()
    assert step.done_at is None


def test_add_a_step(in_a, rose):
    project = services.start_project(actor=rose, title="Repair café")
    services.add_step(actor=rose, project=project, text="Trouver une salle")
    services.add_step(actor=rose, project=project, text="Annoncer la date")
    assert list(project.steps.values_list("position", "text")) == [
        (1, "Trouver une salle"),
        (2, "Annoncer la date"),
    ]
    with pytest.raises(ValidationError) as exc:
        services.add_step(actor=rose, project=project, text="  ")
    assert "quelques mots" in error_of(exc, "text")
    assert ProjectStep.objects.filter(project=project).count() == 2


def test_the_next_meeting_cannot_be_in_the_past(in_a, rose):
    project = services.start_project(actor=rose, title="Potager")
    with pytest.raises(ValidationError) as exc:
        services.set_next_meeting(
            actor=rose, project=project, when=timezone.now() - timedelta(hours=1), place="Hall"
        )
    assert error_of(exc, "next_meeting") == (
        "Cette date est déjà passée : choisissez une date et une heure à venir."
    )
    project.refresh_from_db()
    assert project.next_meeting is None and project.next_meeting_place == ""
    when = timezone.now() + timedelta(days=3)
    services.set_next_meeting(actor=rose, project=project, when=when, place="Local commun")
    project.refresh_from_db()
    assert project.next_meeting == when and project.next_meeting_place == "Local commun"
    services.set_next_meeting(actor=rose, project=project, when=None)
    project.refresh_from_db()
    assert project.next_meeting is None


def test_status_done_is_dated_and_reopening_takes_it_back(in_a, rose, paul):
    project = services.start_project(actor=rose, title="Compost")
    services.set_project_status(actor=rose, project=project, status="active")
    services.set_project_status(actor=rose, project=project, status="done")
    assert project.done_at is not None
    services.set_project_status(actor=rose, project=project, status="active")
    assert project.done_at is None
    with pytest.raises(ValidationError):
        services.set_project_status(actor=rose, project=project, status="lost")
    with pytest.raises(PermissionDenied):
        services.set_project_status(actor=paul, project=project, status="abandoned")
    project.refresh_from_db()
    assert project.status == Project.Status.ACTIVE


def test_photos_by_the_people_involved(in_a, rose, paul):
    project = services.start_project(actor=rose, title="Potager")
    image = SimpleUploadedFile("potager.png", _png_bytes(), content_type="image/png")
    photo = services.add_photo(
        actor=rose, project=project, image=image, caption="Premières pousses"
    )
    assert photo.image.name.startswith("projects/") and photo.added_by == rose
    with pytest.raises(PermissionDenied):
        services.add_photo(actor=paul, project=project, image=image)
    with pytest.raises(ValidationError) as exc:
        services.add_photo(actor=rose, project=project, image=None)
    assert error_of(exc, "image")
    assert ProjectPhoto.objects.count() == 1


def test_impact_counts_projects_started_and_done_in_the_range(in_a, rose):
    now = timezone.now()
    old = services.start_project(actor=rose, title="Ancien")
    Project.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=60))
    services.set_project_status(actor=rose, project=old, status="done")
    services.start_project(actor=rose, title="Nouveau")
    counts = selectors.impact_counts(now - timedelta(days=1), now + timedelta(days=1))
    assert counts == {"projects_started": 1, "projects_done": 1}
    earlier = selectors.impact_counts(now - timedelta(days=90), now - timedelta(days=30))
    assert earlier == {"projects_started": 1, "projects_done": 0}
