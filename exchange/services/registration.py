"""In-person registration, the themes questionnaire and activation.

Nobody registers alone from home: every member is registered by an animator (at a café,
on a phone or tablet) or, for a neighbour without internet, with their sponsor.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from coopere.accounts.models import MEMBER_CODE_ALPHABET, User, is_reserved_email
from coopere.validation import Errors
from tenants.hosts import network_url

from ..models import ActivationCode, Member, Notification, Post, QuestionnaireAnswer, Theme
from ._common import check_animator, field_error

PHONE_RE = re.compile(r"^\+?[0-9 .\-()]{6,20}$")


def register_member(*, actor: Member, **fields) -> Member:
    """An animator registers a neighbour in person. Validates everything first.
    `fields` are `_register`'s (first_name, last_name, address, household_size, email,
    phone, show_in_directory, show_address, share_contact, sponsor, consent)."""
    check_animator(actor)
    return _register(registered_by=actor, **fields)


def register_first_pilote(
    *,
    staff_name: str,
    amorceur_ref: int,
    first_name: str,
    last_name: str = "",
    address: str,
    email: str = "",
    phone: str = "",
    consent: bool,
) -> tuple[Member, bool]:
    """A Coop-ère coach registers an amorceur as the network's pilote, from the console,
    before any Groupe d'Animation exists. Returns (member, created): the same amorceur
    registered twice gives back the first resident (and makes sure they are pilote)."""
    from .members import appoint_first_pilote

    with transaction.atomic():
        member = Member.objects.select_for_update().filter(amorceur_ref=amorceur_ref).first()
        created = member is None
        if created:
            member = _register(
                registered_by=None,
                first_name=first_name,
                last_name=last_name,
                address=address,
                email=email,
                phone=phone,
                consent=consent,
            )
            member.amorceur_ref = amorceur_ref
            member.save(update_fields=["amorceur_ref"])
        appoint_first_pilote(member=member, staff_name=staff_name)
    return member, created


def _register(
    *,
    registered_by: Member | None,
    first_name: str,
    last_name: str = "",
    address: str,
    household_size: int | str = 1,
    email: str = "",
    phone: str = "",
    show_in_directory: bool = True,
    show_address: bool = False,
    share_contact: bool = False,
    sponsor: Member | None = None,
    consent: bool,
) -> Member:
    errors = Errors()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    address, email, phone = (
        (address or "").strip(),
        (email or "").strip().lower(),
        (phone or "").strip(),
    )
    if not first_name:
        errors.add("first_name", _("Give at least a first name."))
    elif len(first_name) > 80 or len(last_name) > 80:
        errors.add("first_name", _("The name is too long (80 characters at most)."))
    if not address:
        errors.add("address", _("Give the building or street, within the network's perimeter."))
    elif len(address) > 160:
        errors.add("address", _("The address is too long (160 characters at most)."))
    try:
        household_size = int(household_size)
        if not 1 <= household_size <= 20:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("household_size", _("Give the number of people in the household (1 to 20)."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add("email", _("This email address does not look right."))
        else:
            if is_reserved_email(email):
                errors.add("email", _("This address is kept for Coop-ère's support team."))
            elif User.objects.filter(email=email).exists():
                errors.add("email", _("A member of this network already uses this email address."))
    if phone and not PHONE_RE.match(phone):
        errors.add("phone", _("This phone number does not look right."))
    if sponsor is not None and (sponsor.is_accompanied or sponsor.anonymised_at):
        errors.add("sponsor", _("This member cannot be a sponsor."))
    if not consent:
        errors["consent"] = [
            _("The resident must agree to their information being recorded for the network.")
        ]
    errors.raise_if_any()

    with transaction.atomic():
        user = User.objects.create_user(
            email=email or None, first_name=first_name, last_name=last_name
        )
        # Neighbours see a first name and an initial unless the member says otherwise.
        display = f"{first_name} {last_name[0]}." if last_name else first_name
        member = Member.objects.create(
            user=user,
            display_name=display,
            address=address,
            household_size=household_size,
            phone=phone,
            show_in_directory=show_in_directory,
            show_address=show_address,
            share_contact=share_contact,
            sponsor=sponsor,
            registered_by=registered_by,
        )
        if email:
            from ..tasks import send_activation_email

            # Queued in this network's schema even when the commit happens elsewhere (a
            # coach's request on the console runs in public around a schema_context).
            schema = connection.schema_name

            def queue():
                with schema_context(schema):
                    send_activation_email.delay(member.pk)

            transaction.on_commit(queue)
    return member


# --- Questionnaire ----------------------------------------------------------------------


def questionnaire_themes() -> list[Theme]:
    return list(Theme.objects.filter(retired_at__isnull=True))


def save_answer(
    *,
    member: Member,
    theme: Theme,
    can_offer: bool = False,
    would_need: bool = False,
    interested: bool = False,
    note: str = "",
) -> QuestionnaireAnswer:
    """Record one theme's answer and move the member's place in the questionnaire on."""
    note = (note or "").strip()
    if len(note) > 240:
        raise field_error("note", _("Keep it short (240 characters at most)."))
    if theme.retired_at:
        raise field_error("theme", _("Unknown theme."))
    with transaction.atomic():
        answer, _created = QuestionnaireAnswer.objects.update_or_create(
            member=member,
            theme=theme,
            defaults={
                "can_offer": can_offer,
                "would_need": would_need,
                "interested": interested,
                "note": note,
            },
        )
        themes = questionnaire_themes()
        position = next((i for i, t in enumerate(themes) if t.pk == theme.pk), 0)
        member.questionnaire_step = max(member.questionnaire_step, position + 1)
        member.save(update_fields=["questionnaire_step"])
    return answer


def finish_questionnaire(*, member: Member) -> list[Post]:
    """Turn 'je peux proposer' / 'j'aurais besoin' answers into drafts the member confirms
    later. Safe to call twice: a theme already drafted (or drafted then published) is not
    drafted again."""
    made = []
    with transaction.atomic():
        answers = member.answers.select_related("theme").filter(theme__retired_at__isnull=True)
        existing = set(
            member.posts.filter(
                status__in=[Post.Status.DRAFT, Post.Status.OPEN, Post.Status.IN_PROGRESS]
            ).values_list("theme_id", "kind")
        )
        for answer in answers:
            for wanted, kind in (
                (answer.can_offer, Post.Kind.OFFER),
                (answer.would_need, Post.Kind.NEED),
            ):
                if wanted and (answer.theme_id, kind) not in existing:
                    made.append(
                        Post.objects.create(
                            kind=kind,
                            theme=answer.theme,
                            title=(answer.note or answer.theme.name)[:120],
                            description=answer.note,
                            author=member,
                            status=Post.Status.DRAFT,
                        )
                    )
        member.questionnaire_done_at = member.questionnaire_done_at or timezone.now()
        member.questionnaire_step = len(questionnaire_themes())
        member.save(update_fields=["questionnaire_done_at", "questionnaire_step"])
    return made


# --- Activation ----------------------------------------------------------------------------


def _hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"{connection.schema_name}:{normalised}".encode()).hexdigest()


def issue_activation_code(
    *,
    member: Member,
    channel: str = ActivationCode.Channel.CARD,
    actor: Member | None = None,
    confirmed: bool = False,
) -> str:
    """A new one-time code (returned once, stored hashed). A reprinted card voids the
    previous card's code (a lost card must not open the account); the email's stays.

    A card for an account already in use sets a new password when used: only a pilote
    prints one, after confirming, and the member is told (in the site and by email)."""
    takeover_risk = channel == ActivationCode.Channel.CARD and member.activated_at is not None
    if takeover_risk and not (
        actor is not None and actor.group_role == Member.GroupRole.PILOTE and confirmed
    ):
        raise field_error(
            "card",
            _(
                "This neighbour's account is already active: a new card would replace "
                "their password. Only a pilote can print one, after confirming."
            ),
        )
    raw = "".join(secrets.choice(MEMBER_CODE_ALPHABET) for _ in range(10))
    code = f"{raw[:5]}-{raw[5:]}"
    now = timezone.now()
    with transaction.atomic():
        member.activation_codes.filter(channel=channel, used_at__isnull=True).update(used_at=now)
        ActivationCode.objects.create(
            member=member,
            channel=channel,
            code_hash=_hash(code),
            expires_at=now + timedelta(days=settings.COOPERE_ACTIVATION_DAYS),
        )
        if takeover_risk:
            _tell_member(member, "card_printed", by=actor)
    return code


def _tell_member(member: Member, notice: str, *, by: Member | None = None) -> None:
    """An account notice in the site, and by email after commit (account_notice task)."""
    from ..tasks import send_account_notice

    texts = {
        "card_printed": _(
            "%(by)s printed a new welcome card for your account. If you did not ask for "
            "it, tell your Groupe d'Animation."
        ),
        "password_set_by_card": _(
            "Your password was changed with a welcome card. If it was not you, tell your "
            "Groupe d'Animation at once."
        ),
    }
    now = timezone.now()
    notification = Notification.objects.create(
        member=member,
        kind=Notification.Kind.ACTIVATION,
        text=texts[notice] % {"by": by.display_name if by else ""},
        dedupe_key=f"{notice}:{now.timestamp()}",
    )
    transaction.on_commit(lambda: send_account_notice.delay(notification.pk))


def email_account_notice(*, notification_id: int) -> bool:
    """Email an account notice at once, whatever the member's digest choice. Sent once:
    the row is locked and marked; a retried task (or the digest) finds it sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("member__user")
            .filter(pk=notification_id, kind=Notification.Kind.ACTIVATION, emailed_at=None)
            .first()
        )
        if notification is None:
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        email = notification.member.user.email
        if email:
            send_mail(
                _("Your account on the neighbourhood network"), notification.text, None, [email]
            )
    return bool(email)


def activation_url(code: str) -> str:
    return network_url(f"/activer/?code={code}")


def email_activation_link(*, member: Member) -> bool:
    """Email the activation link, once: the member's row is locked, and a live emailed
    code (not used, not expired) means it was sent already, so a second run (retry,
    duplicate delivery) sends nothing. The code and the send share one transaction: a
    failed send leaves no code, so a retry sends it."""
    with transaction.atomic():
        Member.objects.select_for_update().filter(pk=member.pk).first()
        already = member.activation_codes.filter(
            channel=ActivationCode.Channel.EMAIL,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).exists()
        if already:
            return False
        code = issue_activation_code(member=member, channel=ActivationCode.Channel.EMAIL)
        body = render_to_string(
            "exchange/email/activation.txt",
            {
                "member": member,
                "url": activation_url(code),
                "code": code,
                "days": settings.COOPERE_ACTIVATION_DAYS,
            },
        )
        send_mail(_("Welcome to your neighbourhood network"), body, None, [member.user.email])
    return True


class TooManyAttempts(ValidationError):
    pass


def _count_attempt(client_key: str) -> None:
    key = f"activation-attempts:{client_key}"
    cache.add(key, 0, timeout=15 * 60)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=15 * 60)
        attempts = 1
    if attempts > settings.COOPERE_ACTIVATION_ATTEMPTS:
        raise TooManyAttempts(
            {"code": [_("Too many attempts. Please wait a quarter of an hour and try again.")]}
        )


def check_activation_code(*, code: str, client_key: str) -> ActivationCode:
    """The unused, unexpired code, or a clear error. Every call counts against the limit."""
    _count_attempt(client_key)
    found = (
        ActivationCode.objects.select_related("member__user")
        .filter(code_hash=_hash(code or ""))
        .first()
    )
    if found is None:
        raise field_error("code", _("This code is not valid. Check it on your welcome card."))
    if found.used_at:
        raise field_error(
            "code", _("This code has already been used. Log in, or ask an animator for a new card.")
        )
    if found.expires_at <= timezone.now():
        raise field_error("code", _("This code has expired. Ask an animator for a new card."))
    return found


def activate_member(*, code: str, password: str, client_key: str) -> User:
    """Set the member's password with their one-time code. The code then stops working."""
    with transaction.atomic():
        activation = check_activation_code(code=code, client_key=client_key)
        activation = ActivationCode.objects.select_for_update().get(pk=activation.pk)
        if activation.used_at:  # a concurrent activation won the race
            raise field_error(
                "code",
                _("This code has already been used. Log in, or ask an animator for a new card."),
            )
        user = activation.member.user
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
        user.save(update_fields=["password"])
        now = timezone.now()
        activation.member.activation_codes.filter(used_at__isnull=True).update(used_at=now)
        member = activation.member
        if member.activated_at:  # an account in use: its owner learns of the new password
            _tell_member(member, "password_set_by_card")
        member.activated_at = member.activated_at or now
        member.save(update_fields=["activated_at"])
    return user
