"""The console registers a network's first pilotes (amorceurs of kind resident) and prints
their welcome cards: before the platform opens, once per amorceur, audited as the coach."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from exchange.models import ActivationCode, Member, MemberRoleChange
from onboarding.models import Amorceur
from onboarding.services import pilots
from tests.conftest import inside
from tests.onboarding.conftest import messages_of

PAGE = "/console/reseaux/reseau-b/"  # in amorçage: the residents' site says "bientôt"


@pytest.fixture
def sophie(network_b):
    return Amorceur.objects.create(
        network=network_b, name="Sophie Martin", kind="resident", email="sophie@b.test"
    )


def _members(network, **filters):
    with inside(network):
        return list(Member.objects.filter(**filters).select_related("user"))


def _form(**overrides):
    return {
        "first_name": "Sophie",
        "last_name": "Martin",
        "address": "3 allée des Tilleuls",
        "email": "sophie@b.test",
        "phone": "",
        "consent": "on",
        **overrides,
    }


def test_the_service_registers_a_pilote_once_and_emails_the_activation_link(
    network_b, sophie, operator, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    from exchange import tasks

    monkeypatch.setattr(tasks.send_activation_email, "delay", tasks.send_activation_email)
    with django_capture_on_commit_callbacks(execute=True):
        member, created = pilots.register_pilote(
            network=network_b, amorceur=sophie, actor=operator, **_form(consent=True)
        )
        assert mailoutbox == []  # nothing leaves before the registration is committed
    # Sent from the network's schema, although the coach's request runs in public.
    [email] = mailoutbox
    assert email.to == ["sophie@b.test"] and "http://reseau-b." in email.body
    assert created
    again, created_again = pilots.register_pilote(
        network=network_b, amorceur=sophie, actor=operator, **_form(consent=True)
    )
    assert not created_again and again.pk == member.pk
    [pilote] = _members(network_b, amorceur_ref=sophie.pk)
    assert pilote.group_role == "pilote" and pilote.user.email == "sophie@b.test"
    with inside(network_b):
        change = MemberRoleChange.objects.get(member_id=pilote.pk)
    assert (change.by_id, change.by_staff, change.new_role) == (None, "Nadia", "pilote")


def test_only_residents_of_this_network_and_only_operators(network_a, network_b, sophie, operator):
    amicale = Amorceur.objects.create(
        network=network_b, name="Amicale", kind="amicale", organisation="Amicale des Lilas"
    )
    for network, amorceur, actor in [
        (network_b, amicale, operator),
        (network_a, sophie, operator),
        (network_b, sophie, None),
    ]:
        with pytest.raises(ValidationError):
            pilots.register_pilote(
                network=network, amorceur=amorceur, actor=actor, **_form(consent=True)
            )
    assert not _members(network_a, amorceur_ref__isnull=False)
    assert not _members(network_b, amorceur_ref__isnull=False)


def test_the_console_page_offers_the_registration(console, sophie):
    body = unescape(console.get(PAGE).content.decode())
    assert "Premiers pilotes" in body and "Inscrire Sophie Martin comme pilote" in body
    form = unescape(console.get(f"{PAGE}amorceurs/{sophie.pk}/pilote/").content.decode())
    assert 'value="Sophie"' in form and 'value="Martin"' in form and "Inscrire comme pilote" in form


def test_the_coach_registers_a_pilote_then_prints_the_card(console, network_b, sophie):
    response = console.post(f"{PAGE}amorceurs/{sophie.pk}/pilote/", _form())
    assert response.status_code == 302 and response["Location"].endswith("#pilotes")
    page = console.get(PAGE)
    assert "Sophie M. est inscrit·e comme pilote." in " ".join(messages_of(page))
    body = unescape(page.content.decode())
    assert "Imprimer la carte de bienvenue de Sophie Martin" in body
    assert "Inscrire Sophie Martin comme pilote" not in body
    [pilote] = _members(network_b, amorceur_ref=sophie.pk)

    card = console.post(f"{PAGE}pilotes/{pilote.pk}/carte/")
    text = unescape(card.content.decode())
    assert card.status_code == 200 and "print-a6" in text
    assert "Bienvenue, Sophie !" in text and "http://reseau-b." in text and "/activer/" in text
    with inside(network_b):
        assert ActivationCode.objects.filter(member_id=pilote.pk, channel="card").count() == 1

    # Twice the same amorceur: the same resident.
    again = console.post(f"{PAGE}amorceurs/{sophie.pk}/pilote/", _form(), follow=True)
    assert "Sophie M. était déjà inscrit·e ; il ou elle est pilote." in messages_of(again)
    form = unescape(console.get(f"{PAGE}amorceurs/{sophie.pk}/pilote/").content.decode())
    assert "Sophie M. est déjà inscrit·e (Pilote)." in form
    assert len(_members(network_b, amorceur_ref=sophie.pk)) == 1


def test_bad_input_shows_french_messages_and_writes_nothing(console, network_b, sophie):
    response = console.post(
        f"{PAGE}amorceurs/{sophie.pk}/pilote/",
        _form(first_name="", address="", email="pas-un-email", consent=""),
    )
    assert response.status_code == 400
    body = unescape(response.content.decode())
    assert "Indiquez au moins un prénom." in body
    assert "Cette adresse e-mail ne semble pas correcte." in body
    assert not _members(network_b, amorceur_ref__isnull=False)


def test_another_networks_ids_are_not_found(console, network_a, network_b, sophie, operator):
    # Sophie is an amorceur of B: through A's page she does not exist.
    assert (
        console.get(f"/console/reseaux/reseau-a/amorceurs/{sophie.pk}/pilote/").status_code == 404
    )
    assert (
        console.post(
            f"/console/reseaux/reseau-a/amorceurs/{sophie.pk}/pilote/", _form()
        ).status_code
        == 404
    )
    member, _ = pilots.register_pilote(
        network=network_b, amorceur=sophie, actor=operator, **_form(consent=True)
    )
    assert console.post(f"/console/reseaux/reseau-a/pilotes/{member.pk}/carte/").status_code == 404
    # A resident the console did not register has no card here either.
    [alice] = _members(network_a, user__email="alice@reseau-a.test") or [None]
    if alice is not None:
        assert (
            console.post(f"/console/reseaux/reseau-a/pilotes/{alice.pk}/carte/").status_code == 404
        )
    assert not _members(network_a, amorceur_ref__isnull=False)


def test_residents_and_partners_are_refused(client_for, network_b, sophie, partner):
    anonymous = client_for(None)
    response = anonymous.post(f"{PAGE}amorceurs/{sophie.pk}/pilote/", _form())
    assert response.status_code == 302 and "connexion" in response["Location"]
    partner_client = client_for(None)
    partner_client.force_login(partner)
    assert partner_client.post(f"{PAGE}amorceurs/{sophie.pk}/pilote/", _form()).status_code == 403
    assert partner_client.post(f"{PAGE}pilotes/1/carte/").status_code == 403
    assert not _members(network_b, amorceur_ref__isnull=False)
