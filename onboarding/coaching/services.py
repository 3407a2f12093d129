"""Writes of the coaching app: the coaching log, pilots' trainings and their invitations.

Health alerts are in `health.py` and the weekly digest in `digest.py`; all validate before
writing and raise `ValidationError({field: [French-translatable messages]})`.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coopere.validation import Errors
from frontend.dates import date_hour
from onboarding.models import Amorceur
from tenants.models import Network

from .models import CoachingSession, HealthAlert, Topic, Training, TrainingInvitation

MIN_SESSION_MINUTES = 5
MAX_SESSION_MINUTES = 480


def _live(network) -> bool:
    return network is not None and network.state == Network.State.LIVE


# --- Coaching log ------------------------------------------------------------------------


def log_coaching_session(
    *,
    network: Network,
    coach,
    date: date | None,
    duration_minutes: int | None,
    topics: list[str] | None,
    notes: str = "",
) -> CoachingSession:
    """Record time spent with a network's group (the target is about 2 h a week)."""
    errors = Errors()
    if not _live(network):
        errors.add("network", gettext_lazy("Choose a live network."))
    topics = _check_session(date, duration_minutes, topics, errors)
    errors.raise_if_any()
    with transaction.atomic():
        return CoachingSession.objects.create(
            network=network,
            coach=coach,
            date=date,
            duration_minutes=duration_minutes,
            topics=topics,
            notes=(notes or "").strip(),
        )


def _check_session(date, duration_minutes, topics, errors: Errors) -> list[str]:
    if date is None:
        errors.add("date", gettext_lazy("Give the date of the session."))
    elif date > timezone.localdate():
        errors.add("date", gettext_lazy("The date of a session cannot be in the future."))
    if duration_minutes is None or not (
        MIN_SESSION_MINUTES <= duration_minutes <= MAX_SESSION_MINUTES
    ):
        errors["duration_minutes"] = [
            gettext_lazy("A session lasts between 5 and 480 minutes (8 hours).")
        ]
    topics = list(dict.fromkeys(topics or []))
    if not topics:
        errors.add("topics", gettext_lazy("Choose at least one topic."))
    elif any(t not in Topic.values for t in topics):
        errors.add("topics", gettext_lazy("Choose topics from the list."))
    return topics


def update_coaching_session(
    *,
    session: CoachingSession,
    date: date | None,
    duration_minutes: int | None,
    topics: list[str] | None,
    notes: str = "",
) -> CoachingSession:
    """Correct a logged session (its network and coach stay)."""
    errors = Errors()
    topics = _check_session(date, duration_minutes, topics, errors)
    errors.raise_if_any()
    with transaction.atomic():
        session.date = date
        session.duration_minutes = duration_minutes
        session.topics = topics
        session.notes = (notes or "").strip()
        session.save(update_fields=["date", "duration_minutes", "topics", "notes"])
    return session


def delete_coaching_session(*, session: CoachingSession) -> None:
    with transaction.atomic():
        CoachingSession.objects.filter(pk=session.pk).delete()


# --- Health alerts: acknowledgement ------------------------------------------------------


def acknowledge_alert(*, alert: HealthAlert, note: str, by) -> HealthAlert:
    """An operator saw an open alert and writes what is being done. The alert stays open
    until its cause goes away; acknowledging again replaces the note (and who/when)."""
    note = (note or "").strip()
    errors = Errors()
    if alert.closed_at is not None:
        errors.add("__all__", gettext_lazy("This alert is already closed."))
    if not note:
        errors.add("note", gettext_lazy("Write what is being done about this alert."))
    errors.raise_if_any()
    with transaction.atomic():
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = by
        alert.acknowledgement_note = note
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement_note"])
    return alert


# --- Pilots' trainings -----------------------------------------------------------------------


def create_training(
    *,
    title: str,
    topic: str,
    starts_at,
    place: str = "",
    video_url: str = "",
    trainer: str,
    by,
) -> Training:
    title, place, video_url, trainer = (
        (title or "").strip(),
        (place or "").strip(),
        (video_url or "").strip(),
        (trainer or "").strip(),
    )
    errors = Errors()
    if not title:
        errors.add("title", gettext_lazy("Give the training a title."))
    if topic not in Topic.values:
        errors.add("topic", gettext_lazy("Choose the training's module."))
    # A training already held can be recorded afterwards (its attendance too).
    if starts_at is None:
        errors.add("starts_at", gettext_lazy("Give the date and time of the training."))
    if not place and not video_url:
        errors.add("place", gettext_lazy("Give a place or a video call link."))
    if not trainer:
        errors.add("trainer", gettext_lazy("Name the trainer."))
    errors.raise_if_any()
    with transaction.atomic():
        return Training.objects.create(
            title=title,
            topic=topic,
            starts_at=starts_at,
            place=place,
            video_url=video_url,
            trainer=trainer,
            created_by=by,
        )


def _held(training: Training) -> bool:
    """Started already: people are added to its record, not emailed an invitation."""
    return training.starts_at <= timezone.now()


def invite_to_training(
    *, training: Training, network: Network | None, name: str, email: str, by
) -> TrainingInvitation:
    """Invite one pilot; the email leaves once the transaction is committed. For a
    training already held, the person is added to its record without any email."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    errors = Errors()
    if not _live(network):
        errors.add("network", gettext_lazy("Choose a live network."))
    if not name:
        errors.add("name", gettext_lazy("Give the person's name."))
    try:
        validate_email(email)
    except ValidationError:
        errors.add("email", gettext_lazy("Enter a valid email address."))
    else:
        if TrainingInvitation.objects.filter(training=training, email=email).exists():
            errors.add("email", gettext_lazy("This person is already invited to this training."))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            invitation = TrainingInvitation.objects.create(
                training=training, network=network, name=name, email=email, invited_by=by
            )
            if not _held(training):
                _queue_invitation_email(invitation)
    except IntegrityError:  # the same person invited at the same moment by someone else
        raise ValidationError(
            {"email": [gettext_lazy("This person is already invited to this training.")]}
        ) from None
    return invitation


def invite_amorceurs(
    *, training: Training, network: Network | None, amorceur_ids: list[int], by
) -> list[TrainingInvitation]:
    """Invite amorceurs of one network; those already invited (same email) are skipped.
    For a training already held they are added to its record, not emailed."""
    errors = Errors()
    if not _live(network):
        errors.add("network", gettext_lazy("Choose a live network."))
    errors.raise_if_any()
    chosen = list(Amorceur.objects.filter(network=network, pk__in=amorceur_ids).exclude(email=""))
    if not chosen:
        raise ValidationError(
            {"amorceurs": [gettext_lazy("Tick at least one amorceur with an email address.")]}
        )
    already = set(
        TrainingInvitation.objects.filter(training=training).values_list("email", flat=True)
    )
    made = []
    with transaction.atomic():
        for amorceur in chosen:
            email = amorceur.email.strip().lower()
            if email in already:
                continue
            already.add(email)
            invitation = TrainingInvitation.objects.create(
                training=training, network=network, name=amorceur.name, email=email, invited_by=by
            )
            if not _held(training):
                _queue_invitation_email(invitation)
            made.append(invitation)
    return made


def _queue_invitation_email(invitation: TrainingInvitation) -> None:
    from . import tasks

    pk = invitation.pk
    transaction.on_commit(lambda: tasks.send_training_invitation.delay(pk))


def send_training_invitation(*, invitation_id: int) -> bool:
    """Email one invitation, once: the row is locked and stamped in the same transaction
    as the send, so a second run (retry, duplicate delivery) finds it sent and stops; a
    failed send stamps nothing, so a retry sends it."""
    with transaction.atomic():
        invitation = (
            TrainingInvitation.objects.select_for_update()
            .select_related("training", "network", "invited_by")
            .filter(pk=invitation_id, emailed_at=None)
            .first()
        )
        if invitation is None:
            return False
        training = invitation.training
        with translation.override(settings.LANGUAGE_CODE):
            when = date_hour(training.starts_at, "l j F Y")
            body = render_to_string(
                "console/coaching/email/training_invitation.txt",
                {"invitation": invitation, "training": training, "when": when},
            )
            subject = _("Invitation: pilots' training “%(title)s” on %(when)s") % {
                "title": training.title,
                "when": when,
            }
        # Answers go to the coach who invited, not to the no-reply sender.
        reply_to = [invitation.invited_by.email] if invitation.invited_by.email else None
        EmailMessage(subject, body, None, [invitation.email], reply_to=reply_to).send()
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
    return True


def record_attendance(*, training: Training, present_ids: list[int]) -> int:
    """Tick who came (the others are marked absent). Only once the training has started."""
    if training.starts_at > timezone.now():
        raise ValidationError(
            gettext_lazy("Attendance can be ticked once the training has started.")
        )
    present = {int(pk) for pk in present_ids}
    with transaction.atomic():
        invitations = TrainingInvitation.objects.filter(training=training)
        invitations.filter(pk__in=present).update(attended=True)
        invitations.exclude(pk__in=present).update(attended=False)
    return len(present & set(invitations.values_list("pk", flat=True)))
