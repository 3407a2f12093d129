"""RGPD: the registry (`exchange.personal_data`) covers every table naming a member; a
member with data in every table downloads all of it (JSON and CSV, formulas defused); after
leaving, no text they wrote remains anywhere, their files are gone, and neighbours' own rows
survive."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from community.cafes.models import (
    Attendance,
    Cafe,
    CafeChange,
    CafeChangeNotice,
    CafeReminder,
    CafeSeries,
    Rsvp,
)
from community.newsletter.models import Delivery, Newsletter, NewsletterOptOut
from community.projects.models import Project, ProjectMember, ProjectPhoto, ProjectStep, Sheet
from community.purchases.models import GroupPurchase, Participation
from community.team.models import Event, Task, TaskFamily
from coopere.accounts.models import User
from exchange import exports, personal_data
from exchange.models import (
    Connection,
    Exchange,
    Member,
    MemberRoleChange,
    Message,
    ModerationEvent,
    Notification,
    Post,
    QuestionnaireAnswer,
    Report,
)
from exchange.services import members, registration

from .factories import PostFactory

MARK = "Rosalinde-secret"
FORMULA = '=HYPERLINK("http://piege.test","clic")'


def _tenant_models():
    labels = [app.split(".")[-1] for app in settings.TENANT_APPS]
    for label in labels:
        yield from apps.get_app_config(label).get_models()


def test_every_table_naming_a_member_is_in_the_registry():
    """A new model with a foreign key to a member or a user fails here until it is listed
    (with what erasure does to it) in exchange/personal_data.py."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    registered = {entry.model_class: entry for entry in personal_data.TABLES}
    missing = []
    for model in _tenant_models():
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if not field.is_relation:
                continue
            if field.related_model not in (Member, user_model):
                continue
            if model is Member:
                covered = field.name in personal_data.MEMBER_LINKS
            else:
                entry = registered.get(model)
                covered = entry is not None and field.name in entry.member_fields
            if not covered:
                missing.append(f"{model._meta.label}.{field.name}")
    assert missing == [], f"not in exchange/personal_data.py: {missing}"


def test_the_registry_names_real_fields():
    for entry in personal_data.TABLES:
        model = entry.model_class
        for name in (*entry.fields, *entry.blank, *entry.files, *entry.unlink):
            model._meta.get_field(name)
        for lookup in entry.owners + entry.mentions + entry.links:
            model.objects.filter(**{lookup: None})  # a wrong lookup raises FieldError
    for name in personal_data.USER_ERASE:
        User._meta.get_field(name)
    for name in personal_data.MEMBER_ERASE:
        Member._meta.get_field(name)
    # A new text field on the profile is personal until said otherwise: erase it.
    kept = {"password", "member_code", "kind", "questionnaire_step"}
    for model, erased in ((User, personal_data.USER_ERASE), (Member, personal_data.MEMBER_ERASE)):
        assert set(_text_fields(model)) - kept - set(erased) == set(), model
    keys = [entry.key for entry in personal_data.TABLES]
    assert len(keys) == len(set(keys))


def _file(name: str) -> str:
    return default_storage.save(name, ContentFile(b"\x89PNG fake"))


@pytest.fixture
def world(rose, paul, pilote, theme):
    """Rose has rows in every registered table; Paul, her neighbour, has his own."""
    now = timezone.now()
    MemberRoleChange.objects.create(member=rose, kind="role", new_role="animateur", by=pilote)
    registration.save_answer(member=rose, theme=theme, can_offer=True, note=f"{MARK} bricole")
    registration.issue_activation_code(member=rose)
    rose_post = PostFactory(
        author=rose,
        title=f"{MARK} prête sa perceuse",
        description=f"{MARK} au 3e étage",
        availability=FORMULA,
        photo=_file("posts/test/rose.png"),
    )
    paul_post = PostFactory(author=paul, title="Paul cherche un escabeau")
    asked = Connection.objects.create(post=paul_post, requester=rose)
    Message.objects.create(connection=asked, author=rose, body=f"{MARK} mon digicode est 1234")
    Message.objects.create(connection=asked, author=paul, body="Réponse de Paul")
    answered = Connection.objects.create(post=rose_post, requester=paul)
    Exchange.objects.create(
        connection=answered,
        theme=theme,
        giver=rose,
        receiver=paul,
        marked_by=paul,
        thanks=f"Merci {MARK}",
    )
    Exchange.objects.create(
        connection=asked, theme=theme, giver=paul, receiver=rose, marked_by=rose, thanks=MARK
    )
    Notification.objects.create(member=rose, kind="message", text=MARK, dedupe_key="t:1")
    Notification.objects.create(member=paul, kind="message", text="Pour Paul", dedupe_key="t:2")
    Report.objects.create(post=paul_post, reporter=rose, reason=f"{MARK} signale")
    event = ModerationEvent.objects.create(post=paul_post, action="hide", note=MARK, moderator=rose)
    # Neighbours' notifications quote her: name, post title, thanks, moderation note.
    for kind, key, link in (
        ("connection", "connection:1", {"post": rose_post}),
        ("thanks", "thanks:1", {"connection": answered}),
        ("moderation", f"moderation:{event.pk}", {"post": paul_post}),
    ):
        Notification.objects.create(
            member=paul, kind=kind, text=f"Rose P. : {MARK}", dedupe_key=key, **link
        )
    # Her sponsor's café notices name her among the neighbours they accompany.
    rose.sponsor = pilote
    rose.phone = "06 12 34 56 78"
    rose.save()

    CafeSeries.objects.create(
        weekday=5, week_of_month=1, start_time="10:00", place_name="Place", created_by=rose
    )
    cafe = Cafe.objects.create(
        starts_at=now + timedelta(days=3), place_name="Le Kiosque", created_by=pilote
    )
    cafe.hosts.add(rose, paul)
    Rsvp.objects.create(cafe=cafe, member=rose)
    Rsvp.objects.create(cafe=cafe, member=paul)
    Attendance.objects.create(cafe=cafe, member=rose, is_newcomer=True, marked_by=pilote)
    CafeReminder.objects.create(cafe=cafe, member=rose)
    change = CafeChange.objects.create(cafe=cafe, kind="changed", before={}, after={}, made_by=rose)
    CafeChangeNotice.objects.create(change=change, member=rose, text=MARK)
    CafeChangeNotice.objects.create(
        change=change, member=pilote, neighbours="Rose P., Zoé L.", text="Venues : Rose P., Zoé L."
    )
    Notification.objects.create(
        member=pilote, kind="cafe", text="Venues : Rose P., Zoé L.", dedupe_key="cafe-change:1"
    )

    sheet = Sheet.objects.order_by("pk").first()
    sheet.updated_by = rose
    sheet.save()
    project = Project.objects.create(title="Compost partagé", created_by=rose)
    ProjectStep.objects.create(project=project, position=1, text="Trouver un bac", done_by=rose)
    ProjectMember.objects.create(project=project, member=rose)
    ProjectMember.objects.create(project=project, member=paul)
    ProjectPhoto.objects.create(
        project=project, image=_file("projects/test/rose.png"), caption=MARK, added_by=rose
    )

    deadline = now + timedelta(days=10)
    open_purchase = GroupPurchase.objects.create(
        item="Pommes", supplier="Verger", unit_cost_cents=250, deadline=deadline, organiser=rose
    )
    closed_purchase = GroupPurchase.objects.create(
        item="Poires",
        supplier="Verger",
        unit_cost_cents=300,
        deadline=deadline,
        organiser=pilote,
        status="closed",
    )
    Participation.objects.create(purchase=open_purchase, member=rose, quantity=2)
    Participation.objects.create(purchase=closed_purchase, member=rose, quantity=1)
    Participation.objects.create(purchase=open_purchase, member=paul, quantity=3)

    Event.objects.create(year=2031, date="2031-06-21", place="Square", created_by=rose)
    family = TaskFamily.objects.order_by("pk").first()
    task = Task.objects.create(
        family=family, title="Affiches", notes=f"{MARK} appeler", assignee=rose, created_by=pilote
    )
    newsletter = Newsletter.objects.create(
        subject="Lettre de juin", body_html="<p>x</p>", created_by=rose
    )
    Delivery.objects.create(newsletter=newsletter, member=rose)
    NewsletterOptOut.objects.create(member=rose)
    return {"rose_post": rose_post, "paul_post": paul_post, "cafe": cafe, "task": task}


def test_the_download_holds_every_table(world, rose, paul):
    data = members.export_member_data(rose)

    empty = [entry.key for entry in personal_data.TABLES if not data[entry.key]]
    assert empty == []
    assert data["profile"]["email"] == rose.user.email
    assert data["profile"]["address"] == rose.address
    dumped = json.dumps(data, ensure_ascii=False)
    for text in (f"{MARK} bricole", f"{MARK} mon digicode", f"Merci {MARK}", f"{MARK} signale"):
        assert text in dumped
    assert data["tasks"][0]["assignee"] == "Rose P."
    assert data["projects"][0]["project"] == "Compost partagé"
    assert [p["quantity"] for p in data["purchases"]] == [2, 1]
    # Neighbours' own words are not hers to download.
    for other in ("Réponse de Paul", "Pour Paul", paul.user.email, paul.address):
        assert other not in dumped


def test_the_csv_has_a_section_per_table_and_defuses_formulas(world, rose):
    rows = exports.member_data_rows(rose)
    sections = {section.rsplit(" ", 1)[0] for section, _champ, _valeur in rows}
    assert sections >= {entry.section for entry in personal_data.TABLES} | {"profil"}
    assert ["message 1", "texte", f"{MARK} mon digicode est 1234"] in rows
    assert ["échange 1", "remerciement", f"Merci {MARK}"] in rows

    from frontend.spreadsheet import french_csv

    text = french_csv(rows, header=exports.HEADER)
    quoted = FORMULA.replace('"', '""')
    assert f'annonce 1;disponibilites;"\'{quoted}"' in text
    assert ";=" not in text


def _text_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField)) and not f.generated
    ]


def test_after_leaving_nothing_she_wrote_remains(world, rose, paul):
    email, address = rose.user.email, rose.address
    photos = [world["rose_post"].photo.name, ProjectPhoto.objects.get().image.name]
    assert all(default_storage.exists(name) for name in photos)

    members.delete_account(actor=rose, member=rose)

    found = []
    checked = [User, Member] + [entry.model_class for entry in personal_data.TABLES]
    for model in checked:
        for name in _text_fields(model):
            for needle in (MARK, email, address, FORMULA, "Rose P.", "06 12 34 56 78"):
                if model.objects.filter(**{f"{name}__contains": needle}).exists():
                    found.append(f"{model._meta.label}.{name} holds {needle!r}")
    assert found == []
    assert not any(default_storage.exists(name) for name in photos)
    # Her own rows are gone where they only mattered to her.
    for model in (QuestionnaireAnswer, Notification, Rsvp, CafeReminder, CafeChangeNotice):
        assert not model.objects.filter(member=rose).exists()
    assert not ProjectMember.objects.filter(member=rose).exists()
    assert not ProjectPhoto.objects.exists()
    assert not Participation.objects.filter(member=rose, purchase__status="open").exists()
    assert not Cafe.objects.filter(hosts=rose).exists()
    world["task"].refresh_from_db()
    assert world["task"].assignee is None  # back on the board


def test_neighbours_rows_survive_her_leaving(world, rose, paul):
    members.delete_account(actor=rose, member=rose)

    paul_post = Post.objects.get(pk=world["paul_post"].pk)
    assert paul_post.title == "Paul cherche un escabeau"
    assert Message.objects.filter(author=paul, body="Réponse de Paul").exists()
    assert Notification.objects.filter(member=paul, text="Pour Paul").exists()
    thanked = Notification.objects.get(member=paul, kind="thanks")
    assert thanked.text == "Vous avez été remercié·e"  # what it was about, without her words
    assert CafeChangeNotice.objects.get(neighbours="Ancien membre, Zoé L.")
    # Both exchanges stay counted (the other side is Paul's too), by "Ancien membre".
    assert Exchange.objects.filter(giver=rose, receiver=paul).count() == 1
    assert Exchange.objects.filter(giver=paul, receiver=rose).count() == 1
    assert str(Exchange.objects.filter(receiver=paul).get().giver) == "Ancien membre"
    rose_post = Post.objects.get(pk=world["rose_post"].pk)
    assert (rose_post.title, rose_post.status) == ("Annonce retirée", "closed")
    assert Connection.objects.filter(post=rose_post, requester=paul).exists()
    assert Rsvp.objects.filter(member=paul).exists()
    assert list(world["cafe"].hosts.all()) == [paul]
    assert Attendance.objects.filter(cafe=world["cafe"], is_newcomer=True).count() == 1
    assert ProjectMember.objects.filter(member=paul).exists()
    assert Project.objects.filter(title="Compost partagé").exists()
    assert Participation.objects.filter(member=paul).exists()
    assert Participation.objects.filter(member=rose, purchase__status="closed").exists()
    assert Newsletter.objects.filter(subject="Lettre de juin").exists()


def test_the_downloads_from_the_profile_page(world, rose, client_for, network_a):
    rose.user.set_password("un-mot-de-passe-solide")
    rose.user.save()
    client = client_for(network_a)
    client.post("/connexion/", {"username": rose.user.email, "password": "un-mot-de-passe-solide"})
    data = client.get("/mon-profil/donnees.json").json()
    assert all(data[entry.key] for entry in personal_data.TABLES)
    text = client.get("/mon-profil/donnees.csv").content.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert f"message 1;texte;{MARK} mon digicode est 1234" in lines
    assert "tâche 1;prise_par;Rose P." in lines
    assert "'=HYPERLINK" in text and ";=" not in text
    # Another member downloads only their own.
    assert "Réponse de Paul" not in text
