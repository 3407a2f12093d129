"""Inviting a partner's staff member and accepting: hashed token, expiry, single use,
re-invitation voids the previous link, nothing written on any problem."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import PartnerInvitation, PartnerMembership
from billing.services import invitations
from coopere.accounts.models import User

from .conftest import PASSWORD

NEW_PASSWORD = "Cooperation-Lisses-2026"


def token_from_email() -> str:
    body = mail.outbox[-1].body
    return re.search(r"/partenaires/invitation/([^/\s]+)/", body).group(1)


@pytest.fixture
def invite(operator, django_capture_on_commit_callbacks):
    def make(partner, email="claire@lisses.fr", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return invitations.invite_partner_user(
                partner=partner, email=email, invited_by=operator, **extra
            )

    return make


def test_invitation_stores_only_a_hash_and_emails_the_link_in_french(partner_a, invite):
    invitation, token = invite(partner_a, first_name="Claire")
    assert invitation.token_hash == invitations.hash_token(token) != token
    assert not PartnerInvitation.objects.filter(token_hash=token).exists()
    message = mail.outbox[-1]
    assert message.to == ["claire@lisses.fr"]
    assert "Bonjour Claire" in message.body
    assert "7 jours" in message.body
    assert token_from_email() == token
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)


def test_invitation_expiry_follows_the_setting(partner_a, invite, settings):
    settings.COOPERE_PARTNER_INVITATION_DAYS = 2
    invitation, _token = invite(partner_a)
    assert invitation.expires_at - timezone.now() < datetime.timedelta(days=2, minutes=1)


def test_reinviting_voids_the_previous_pending_link(partner_a, invite, client_for):
    first, first_token = invite(partner_a)
    second, second_token = invite(partner_a)
    first.refresh_from_db()
    assert first.expires_at <= timezone.now() < second.expires_at
    page = client_for(None).get(f"/partenaires/invitation/{first_token}/")
    assert page.status_code == 404
    assert "a expiré ou a été remplacée" in page.content.decode()
    assert client_for(None).get(f"/partenaires/invitation/{second_token}/").status_code == 200


def test_an_email_already_used_cannot_be_invited(partner_a, operator):
    with pytest.raises(ValidationError) as exc:
        invitations.invite_partner_user(
            partner=partner_a, email="Coach@Coopere.test", invited_by=operator
        )
    assert exc.value.message_dict["email"] == ["Un compte utilise déjà cette adresse e-mail."]
    assert not PartnerInvitation.objects.exists()


def test_accepting_creates_a_partner_user_logged_in_and_sent_to_the_portal(
    partner_a, invite, client_for
):
    _invitation, token = invite(partner_a)
    client = client_for(None)
    response = client.post(
        f"/partenaires/invitation/{token}/",
        {
            "first_name": "Claire",
            "last_name": "Dupont",
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/partenaires/"
    user = User.objects.get(email="claire@lisses.fr")
    assert user.kind == User.Kind.PARTNER and user.check_password(NEW_PASSWORD)
    assert user.partner_membership.partner == partner_a
    assert int(client.session["_auth_user_id"]) == user.pk
    # The link works once.
    again = client_for(None).get(f"/partenaires/invitation/{token}/")
    assert again.status_code == 404
    assert "a déjà été utilisée" in again.content.decode()


def test_a_weak_password_is_refused_in_french_and_nothing_is_written(partner_a, invite, client_for):
    _invitation, token = invite(partner_a)
    response = client_for(None).post(
        f"/partenaires/invitation/{token}/",
        {"first_name": "Claire", "password": "12345678", "password_again": "12345678"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce mot de passe est entièrement numérique." in page
    assert not User.objects.filter(email="claire@lisses.fr").exists()
    assert not PartnerMembership.objects.exists()


def test_expired_invitation_gives_a_french_page_and_writes_nothing(partner_a, invite, client_for):
    invitation, token = invite(partner_a)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    form = {"first_name": "C", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    response = client_for(None).post(f"/partenaires/invitation/{token}/", form)
    assert response.status_code == 404
    assert "Invitation non valable" in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        invitations.accept_invitation(
            token=token, first_name="C", last_name="", password=NEW_PASSWORD
        )
    assert "a expiré" in exc.value.messages[0]
    assert not User.objects.filter(email="claire@lisses.fr").exists()


def test_used_invitation_cannot_be_accepted_twice(partner_a, invite):
    _invitation, token = invite(partner_a)
    invitations.accept_invitation(
        token=token, first_name="Claire", last_name="", password=NEW_PASSWORD
    )
    with pytest.raises(ValidationError) as exc:
        invitations.accept_invitation(
            token=token, first_name="Autre", last_name="", password=NEW_PASSWORD
        )
    assert "déjà été utilisée" in exc.value.messages[0]
    assert User.objects.filter(kind=User.Kind.PARTNER).count() == 1


def test_unknown_token_gives_a_french_page(db, client_for):
    response = client_for(None).get("/partenaires/invitation/pas-un-jeton/")
    assert response.status_code == 404
    assert "Ce lien d&#x27;invitation n&#x27;est pas valable" in response.content.decode()


def test_email_taken_between_invitation_and_acceptance(partner_a, invite):
    _invitation, token = invite(partner_a)
    with schema_context(get_public_schema_name()):
        User.objects.create_user(
            email="claire@lisses.fr", password=PASSWORD, first_name="C", kind=User.Kind.PARTNER
        )
    with pytest.raises(ValidationError) as exc:
        invitations.accept_invitation(
            token=token, first_name="Claire", last_name="", password=NEW_PASSWORD
        )
    assert "Un compte utilise déjà cette adresse e-mail" in exc.value.messages[0]
    assert not PartnerMembership.objects.exists()


def test_partner_a_user_cannot_open_partner_b_invitation(
    partner_a, partner_b, invite, make_partner_user, logged_in
):
    user_a = make_partner_user(partner_a, "paula@lisses.fr")
    _invitation, token = invite(partner_b, email="bob@essonne-habitat.fr")
    client = logged_in(user_a)
    page = client.get(f"/partenaires/invitation/{token}/")
    assert page.status_code == 403
    assert "bob@essonne-habitat.fr" not in page.content.decode()
    assert "Vous êtes déjà connecté" in page.content.decode()
    response = client.post(
        f"/partenaires/invitation/{token}/",
        {"first_name": "Paula", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="bob@essonne-habitat.fr").exists()
    assert PartnerInvitation.objects.get().accepted_at is None


def test_operator_invites_from_the_partner_page(operator_client, partner_a):
    url = f"/console/partenaires/{partner_a.pk}/inviter/"
    response = operator_client.post(url, {"invite-email": "claire@lisses.fr"})
    assert response.status_code == 302
    assert PartnerInvitation.objects.get().email == "claire@lisses.fr"
    response = operator_client.post(url, {"invite-email": "pas un email"})
    assert response.status_code == 400
    assert "Cette adresse e-mail n&#x27;est pas valide." in response.content.decode()
    assert PartnerInvitation.objects.count() == 1


def test_invitation_email_is_french_even_from_an_english_console(
    operator_client, partner_a, django_capture_on_commit_callbacks
):
    operator_client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(
            f"/console/partenaires/{partner_a.pk}/inviter/", {"invite-email": "claire@lisses.fr"}
        )
    message = mail.outbox[-1]
    assert message.subject == "Votre accès à l'espace partenaires de Coop-ère"
    assert "ouvrez ce lien" in message.body
