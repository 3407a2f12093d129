"""The coaching log and the pilots' trainings: rules, French errors, nothing written on
bad input, invitations emailed once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from onboarding.coaching import services, tasks
from onboarding.coaching.models import CoachingSession, Topic, Training, TrainingInvitation
from onboarding.models import Amorceur

from .conftest import days_ago


def log(network, coach, **overrides):
    data = {
        "network": network,
        "coach": coach,
        "date": timezone.localdate(),
        "duration_minutes": 90,
        "topics": [Topic.GROUP_COHESION, Topic.CAFES],
        "notes": "Préparation du premier café.",
    }
    data.update(overrides)
    return services.log_coaching_session(**data)


def test_a_session_is_logged_with_its_topics(network_a, coach):
    session = log(network_a, coach)
    assert session.topics == ["cohesion", "cafes"]
    assert session.topic_labels == ["Cohésion du groupe", "Cafés-rencontres"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"date": timezone.localdate() + timedelta(days=1)},
            "date",
            "La date d'une séance ne peut pas être dans le futur.",
        ),
        (
            {"duration_minutes": 4},
            "duration_minutes",
            "Une séance dure entre 5 et 480 minutes (8 heures).",
        ),
        (
            {"duration_minutes": 481},
            "duration_minutes",
            "Une séance dure entre 5 et 480 minutes (8 heures).",
        ),
        ({"topics": []}, "topics", "Choisissez au moins un thème."),
        ({"topics": ["cuisine"]}, "topics", "Choisissez les thèmes dans la liste."),
    ],
)
def test_bad_sessions_are_refused_in_french_and_nothing_is_written(
    network_a, coach, overrides, field, message
):
    with pytest.raises(ValidationError) as exc:
        log(network_a, coach, **overrides)
    assert exc.value.message_dict[field] == [message]
    assert not CoachingSession.objects.exists()


def test_bounds_of_the_duration_are_accepted(network_a, coach):
    log(network_a, coach, duration_minutes=5)
    log(network_a, coach, duration_minutes=480)
    assert CoachingSession.objects.count() == 2


def plan(coach, **overrides):
    data = {
        "title": "Animer un café-rencontre",
        "topic": Topic.CAFES,
        "starts_at": timezone.now() + timedelta(days=10),
        "place": "Maison des associations, Évry",
        "video_url": "",
        "trainer": "Claire Martin",
        "by": coach,
    }
    data.update(overrides)
    return services.create_training(**data)


def test_a_training_needs_a_date_and_a_place_or_link(coach):
    with pytest.raises(ValidationError) as exc:
        plan(coach, starts_at=None, place="", trainer="")
    errors = exc.value.message_dict
    assert errors["starts_at"] == ["Indiquez la date et l'heure de la formation."]
    assert errors["place"] == ["Indiquez un lieu ou un lien de visioconférence."]
    assert errors["trainer"] == ["Indiquez le nom du formateur ou de la formatrice."]
    assert not Training.objects.exists()
    online = plan(coach, place="", video_url="https://visio.example.org/pilotes")
    assert online.video_url


def test_an_invitation_is_emailed_once_after_commit(
    network_a, coach, django_capture_on_commit_callbacks, monkeypatch
):
    training = plan(coach)
    queued = []
    monkeypatch.setattr(tasks.send_training_invitation, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_to_training(
            training=training,
            network=network_a,
            name="Marie Pilote",
            email="Marie@Exemple.fr",
            by=coach,
        )
    assert queued == [invitation.pk]
    assert invitation.email == "marie@exemple.fr"

    assert services.send_training_invitation(invitation_id=invitation.pk) is True
    assert services.send_training_invitation(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["marie@exemple.fr"]
    assert sent.reply_to == [coach.email]
    assert "il suffit de répondre à cet e-mail : votre coach le recevra." in sent.body
    assert "Animer un café-rencontre" in sent.subject
    assert "Bonjour Marie Pilote" in sent.body
    assert "Maison des associations" in sent.body
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None


def test_the_same_person_is_not_invited_twice(network_a, network_b, coach):
    training = plan(coach)
    services.invite_to_training(
        training=training, network=network_a, name="Marie", email="marie@exemple.fr", by=coach
    )
    with pytest.raises(ValidationError) as exc:
        services.invite_to_training(
            training=training, network=network_b, name="Marie", email="MARIE@exemple.fr", by=coach
        )
    assert exc.value.message_dict["email"] == ["Cette personne est déjà invitée à cette formation."]
    with pytest.raises(ValidationError) as exc:
        services.invite_to_training(
            training=training, network=network_b, name="", email="pas-un-email", by=coach
        )
    assert exc.value.message_dict["name"] == ["Indiquez le nom de la personne."]
    assert exc.value.message_dict["email"] == ["Saisissez une adresse e-mail valide."]
    assert TrainingInvitation.objects.count() == 1


def test_amorceurs_are_invited_once_and_only_those_with_an_email(network_a, network_b, coach):
    training = plan(coach)
    sophie = Amorceur.objects.create(
        network=network_a, name="Sophie", kind="resident", email="sophie@exemple.fr"
    )
    no_email = Amorceur.objects.create(network=network_a, name="Jean", kind="resident")
    of_b = Amorceur.objects.create(
        network=network_b, name="Bruno", kind="resident", email="bruno@exemple.fr"
    )
    made = services.invite_amorceurs(
        training=training,
        network=network_a,
        amorceur_ids=[sophie.pk, no_email.pk, of_b.pk],
        by=coach,
    )
    # B's amorceur cannot be slipped in under A.
    assert [i.name for i in made] == ["Sophie"]
    assert made[0].network == network_a
    again = services.invite_amorceurs(
        training=training, network=network_a, amorceur_ids=[sophie.pk], by=coach
    )
    assert again == []
    with pytest.raises(ValidationError) as exc:
        services.invite_amorceurs(
            training=training, network=network_a, amorceur_ids=[no_email.pk], by=coach
        )
    assert exc.value.message_dict["amorceurs"] == [
        "Cochez au moins un·e amorceur·e qui a une adresse e-mail."
    ]
    assert TrainingInvitation.objects.count() == 1


def test_attendance_is_ticked_only_once_the_training_has_started(
    network_a, coach, django_capture_on_commit_callbacks
):
    training = plan(coach)
    came = services.invite_to_training(
        training=training, network=network_a, name="Marie", email="marie@exemple.fr", by=coach
    )
    absent = services.invite_to_training(
        training=training, network=network_a, name="Luc", email="luc@exemple.fr", by=coach
    )
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(training=training, present_ids=[came.pk])
    assert exc.value.messages == ["La présence se coche une fois la formation commencée."]
    came.refresh_from_db()
    assert came.attended is None

    Training.objects.filter(pk=training.pk).update(starts_at=days_ago(1))
    training.refresh_from_db()
    # Held already: someone who came is added to the record, and nobody is emailed.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        zoe = services.invite_to_training(
            training=training, network=network_a, name="Zoé", email="zoe@exemple.fr", by=coach
        )
    assert mail.outbox == [] and zoe.emailed_at is None
    assert services.record_attendance(training=training, present_ids=[came.pk]) == 1
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)


@pytest.mark.redis
def test_the_invitation_leaves_through_the_worker_after_commit(
    committed_db, celery_worker, client_for
):
    from django_tenants.utils import get_public_schema_name, schema_context

    from coopere.accounts.models import User
    from coopere.accounts.services import create_operator
    from tenants.models import Network
    from tests.conftest import PASSWORD, wait_for
    from tests.fixtures.celery import tasks_done

    with schema_context(get_public_schema_name()):
        coach = create_operator(email="worker@coopere.test", password=PASSWORD, first_name="W")
        network = Network.objects.get(slug="reseau-a")
        training = plan(coach)
    try:
        client = client_for(None)
        client.post("/connexion/", {"username": coach.email, "password": PASSWORD})
        response = client.post(
            f"/console/accompagnement/formations/{training.pk}/inviter/",
            {"network": network.pk, "name": "Marie", "email": "marie@exemple.fr"},
        )
        assert response.status_code == 302
        assert wait_for(lambda: len(mail.outbox) == 1)
        assert mail.outbox[0].to == ["marie@exemple.fr"]
        assert wait_for(
            lambda: TrainingInvitation.objects.filter(emailed_at__isnull=False).count() == 1
        )
        # A duplicate delivery of the task sends nothing more.
        invitation = TrainingInvitation.objects.get(training=training)
        with tasks_done() as done:
            again = tasks.send_training_invitation.delay(invitation.pk)
            assert wait_for(lambda: again.id in done), "the worker did not run the task again"
        assert len(mail.outbox) == 1
    finally:
        with schema_context(get_public_schema_name()):
            TrainingInvitation.objects.filter(training=training).delete()
            training.delete()
            # Raw: the collector would look for residents' tables that public does not have.
            User.objects.filter(pk=coach.pk)._raw_delete(using="default")
