"""HTTP: every project and sheet page works for its users, refuses others (403 for
animator-only pages), and never shows or changes another network's data (404)."""

import html
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from community.projects import services
from community.projects.models import Project, ProjectMember, ProjectPhoto, ProjectStep, Sheet
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member, _png_bytes


@pytest.fixture
def project(pilote, network_a):
    """A project of A started from the compost sheet by its pilote."""
    with inside(network_a):
        return services.start_project(
            actor=pilote,
            title="Secret de A",
            goal="Composter",
            sheet=Sheet.objects.get(slug="compost"),
        )


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _step(network, project):
    with inside(network):
        return project.steps.first()


def _gets(pk):
    return [f"/projets/{pk}/", f"/projets/{pk}/modifier/"]


def _posts(pk, step_pk):
    future = timezone.localdate() + timedelta(days=5)
    return [
        (f"/projets/{pk}/rejoindre/", {}),
        (f"/projets/{pk}/quitter/", {}),
        (f"/projets/{pk}/statut/", {"status": "abandoned"}),
        (f"/projets/{pk}/reunion/", {"date": future.isoformat(), "time": "18:00"}),
        (f"/projets/{pk}/etapes/", {"text": "Piraté"}),
        (f"/projets/{pk}/etapes/{step_pk}/", {"done": "1"}),
        (f"/projets/{pk}/photos/", {"caption": "Piraté"}),
    ]


PAGES = [
    "/projets/",
    "/projets/?statut=active",
    "/projets/nouveau/",
    "/projets/nouveau/?fiche=compost",
    "/projets/fiches/",
    "/projets/fiches/compost/",
    "/projets/fiches/eco-gestes-eau/",
]
ANIMATION_PAGES = ["/projets/fiches/compost/modifier/", "/projets/fiches/nouvelle/"]


def test_anonymous_visitors_are_sent_to_log_in(project, client_for, network_a):
    client = client_for(network_a)
    step = _step(network_a, project)
    for path in [*PAGES, *ANIMATION_PAGES, *_gets(project.pk)]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    for path, data in _posts(project.pk, step.pk):
        response = client.post(path, data)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_every_page_renders_for_a_pilote(project, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    for path in [*PAGES, *ANIMATION_PAGES, *_gets(project.pk)]:
        assert client.get(path).status_code == 200, path
    page = _text(client.get(f"/projets/{project.pk}/"))
    assert "Secret de A" in page and "bioseaux" in page  # a step copied from the sheet
    assert "Projets" in _text(client.get("/projets/"))  # the subnav link


def test_a_member_of_b_reaches_nothing_of_a(project, client_for, network_a, network_b):
    _member(network_b, "pilote@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote@b.test")
    step = _step(network_a, project)
    for path in _gets(project.pk):
        response = client_b.get(path)
        assert response.status_code == 404 or "Secret de A" not in _text(response), path
    for path, data in _posts(project.pk, step.pk):
        assert client_b.post(path, data).status_code == 404, path
    with inside(network_a):
        project.refresh_from_db()
        assert project.status == Project.Status.IDEA and project.next_meeting is None
        assert ProjectMember.objects.filter(project=project).count() == 1
        assert ProjectStep.objects.filter(project=project, done_at__isnull=False).count() == 0
        assert ProjectStep.objects.filter(project=project).count() == 7
    # B's own library answers, and A's edits to it do not show there.
    assert "Compostage collectif" in _text(client_b.get("/projets/fiches/compost/"))


def test_start_a_project_from_the_compost_sheet(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    form = _text(client.get("/projets/nouveau/?fiche=compost"))
    assert 'value="compost" selected' in form
    response = client.post("/projets/nouveau/", {"sheet": "compost", "title": "", "goal": ""})
    assert response.status_code == 302
    with inside(network_a):
        project = Project.objects.get()
        assert project.title == "Compostage collectif" and project.created_by == voisin
        assert project.steps.count() == len(Sheet.objects.get(slug="compost").steps)
    page = _text(client.get(response["Location"]))
    assert "Votre projet est lancé" in page and "0 étape faite sur 7" in page


def test_a_blank_project_without_a_title_gets_a_french_message(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    response = client.post("/projets/nouveau/", {"sheet": "", "title": " "})
    assert response.status_code == 200
    assert "Donnez un titre au projet." in _text(response)
    with inside(network_a):
        assert not Project.objects.exists()


def test_tick_a_step_and_plan_a_meeting(project, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    step = _step(network_a, project)
    response = client.post(f"/projets/{project.pk}/etapes/{step.pk}/", {"done": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#etape-{step.pk}")
    day = timezone.localdate() + timedelta(days=4)
    response = client.post(
        f"/projets/{project.pk}/reunion/",
        {"date": day.isoformat(), "time": "18:30", "place": "Local vélos"},
    )
    assert response.status_code == 302
    with inside(network_a):
        step.refresh_from_db()
        project.refresh_from_db()
        assert step.done_at is not None
        assert timezone.localtime(project.next_meeting).strftime("%H:%M") == "18:30"
    assert "1 étape faite sur 7" in _text(client.get(f"/projets/{project.pk}/"))


def test_a_meeting_in_the_past_is_refused_in_french(project, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        f"/projets/{project.pk}/reunion/", {"date": yesterday.isoformat(), "time": "18:00"}
    )
    assert response.status_code == 200
    assert "Cette date est déjà passée" in _text(response)
    response = client.post(f"/projets/{project.pk}/reunion/", {"date": yesterday.isoformat()})
    assert "à la fois la date et l'heure" in _text(response)
    with inside(network_a):
        project.refresh_from_db()
        assert project.next_meeting is None


def test_a_neighbour_not_involved_cannot_change_the_project(project, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    step = _step(network_a, project)
    assert client.post(f"/projets/{project.pk}/etapes/{step.pk}/", {"done": "1"}).status_code == 403
    assert client.post(f"/projets/{project.pk}/statut/", {"status": "done"}).status_code == 403
    assert client.get(f"/projets/{project.pk}/modifier/").status_code == 403
    with inside(network_a):
        step.refresh_from_db()
        project.refresh_from_db()
        assert step.done_at is None and project.status == Project.Status.IDEA
    # Once in, they can.
    assert client.post(f"/projets/{project.pk}/rejoindre/").status_code == 302
    assert client.post(f"/projets/{project.pk}/statut/", {"status": "active"}).status_code == 302
    with inside(network_a):
        project.refresh_from_db()
        assert project.status == Project.Status.ACTIVE


def test_a_sponsor_adds_the_neighbour_they_accompany(project, client_for, network_a, voisin):
    odette = _member(network_a, "odette@a.test", sponsor=voisin)
    client = _logged(client_for, network_a, "voisin@a.test")
    page = _text(client.get(f"/projets/{project.pk}/"))
    assert "Inscrire Odette" in page
    assert client.post(f"/projets/{project.pk}/rejoindre/", {"pour": odette.pk}).status_code == 302
    with inside(network_a):
        membership = ProjectMember.objects.get(project=project, member=odette)
        assert membership.acted_by == voisin
    other = _member(network_a, "autre@a.test")
    assert client.post(f"/projets/{project.pk}/rejoindre/", {"pour": other.pk}).status_code == 404
    assert client.post(f"/projets/{project.pk}/rejoindre/", {"pour": "x"}).status_code == 404


def test_a_photo_is_added_and_served_to_its_network_only(
    project, client_for, network_a, network_b, network_b_open
):
    client = _logged(client_for, network_a, "pilote@a.test")
    image = SimpleUploadedFile("compost.png", _png_bytes(), content_type="image/png")
    response = client.post(f"/projets/{project.pk}/photos/", {"image": image, "caption": "Bac"})
    assert response.status_code == 302
    with inside(network_a):
        url = ProjectPhoto.objects.get(project=project).image.url
    assert url.startswith(f"/media/{network_a.schema_name}/projects/")
    assert client.get(url).status_code == 200
    _member(network_b, "curieux@b.test")
    assert _logged(client_for, network_b, "curieux@b.test").get(url).status_code == 404
    fake = SimpleUploadedFile("virus.png", b"not an image", content_type="image/png")
    response = client.post(f"/projets/{project.pk}/photos/", {"image": fake})
    assert response.status_code == 200 and "image" in _text(response).lower()
    with inside(network_a):
        assert ProjectPhoto.objects.count() == 1


def test_sheets_are_edited_by_the_group_only(db, client_for, network_a, pilote, voisin):
    member = _logged(client_for, network_a, "voisin@a.test")
    data = {"title": "Piraté", "summary": "", "body": "", "steps": "Un\nDeux"}
    for path in ANIMATION_PAGES:
        assert member.get(path).status_code == 403
        assert member.post(path, {**data, "kind": "kickoff"}).status_code == 403
    page = _text(member.get("/projets/fiches/compost/"))
    assert "Modifier la fiche" not in page and "Imprimer" in page
    animator = _logged(client_for, network_a, "pilote@a.test")
    response = animator.post(
        "/projets/fiches/compost/modifier/", {**data, "title": "Compost des Tilleuls"}
    )
    assert response.status_code == 302
    with inside(network_a):
        sheet = Sheet.objects.get(slug="compost")
        assert sheet.title == "Compost des Tilleuls" and sheet.steps == ["Un", "Deux"]
        assert not Sheet.objects.filter(title="Piraté").exists()
    response = animator.post("/projets/fiches/nouvelle/", {**data, "kind": "awareness"})
    assert response.status_code == 302 and response["Location"] == "/projets/fiches/pirate/"


def test_unknown_sheets_and_bad_ids_are_404(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    assert client.get("/projets/fiches/inconnue/").status_code == 404
    assert client.get("/projets/nouveau/?fiche=inconnue").status_code == 404
    assert client.get("/projets/999999/").status_code == 404


def _queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_list_and_detail_pages_make_a_fixed_number_of_queries(project, client_for, network_a):
    client = _logged(client_for, network_a, "pilote@a.test")
    before = [_queries(client, "/projets/"), _queries(client, f"/projets/{project.pk}/")]
    neighbours = [_member(network_a, f"membre{n}@a.test") for n in range(4)]
    with inside(network_a):
        repair = Sheet.objects.get(slug="repair-cafe")
        for n, neighbour in enumerate(neighbours):
            other = services.start_project(actor=neighbour, title=f"Projet {n}", sheet=repair)
            services.tick_step(actor=neighbour, step=other.steps.first())
            services.join_project(actor=neighbour, member=neighbour, project=project)
            services.tick_step(actor=neighbour, step=project.steps.all()[n])
    assert [_queries(client, "/projets/"), _queries(client, f"/projets/{project.pk}/")] == before
