"""The member's animation page: roles and sponsor pairing with a confirmation step, the
history, and refusals (bad input, no rank, another network's member) that write nothing."""

import html

import pytest

from exchange.models import Member, MemberRoleChange
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def group(db, network_a):
    return {
        "pilote": _member(network_a, "pia@a.test", role=Member.GroupRole.PILOTE),
        "copilote": _member(network_a, "colette@a.test", role=Member.GroupRole.COPILOTE),
        "animateur": _member(network_a, "anim@a.test", role=Member.GroupRole.ANIMATEUR),
        "rose": _member(network_a, "rose@a.test"),
        "paul": _member(network_a, "paul@a.test"),
    }


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _role_of(network, member) -> str:
    with inside(network):
        return Member.objects.get(pk=member.pk).group_role


def _changes(network) -> int:
    with inside(network):
        return MemberRoleChange.objects.count()


def test_a_pilote_names_a_copilote_after_confirming(group, client_for, network_a):
    client = _logged(client_for, network_a, "pia@a.test")
    rose = group["rose"]
    page = _text(client.get(f"/animation/membres/{rose.pk}/"))
    assert "Groupe d'Animation" in page and "Parrain / marraine" in page
    assert "Changer le rôle" in page and "Aucun changement pour l'instant." in page

    confirm = client.post(f"/animation/membres/{rose.pk}/role/", {"group_role": "copilote"})
    assert confirm.status_code == 200
    body = _text(confirm)
    assert "Confirmer le changement" in body and "Après : Copilote" in body
    assert _role_of(network_a, rose) == "" and _changes(network_a) == 0  # nothing yet

    done = client.post(
        f"/animation/membres/{rose.pk}/role/", {"group_role": "copilote", "confirm": "oui"}
    )
    assert done.status_code == 302 and done["Location"] == f"/animation/membres/{rose.pk}/"
    assert _role_of(network_a, rose) == "copilote"
    page = _text(client.get(done["Location"]))
    assert "Rose : le rôle est désormais Copilote." in page
    assert "rôle : Membre → Copilote" in page and "par Pia" in page


def test_a_copilote_pairs_a_sponsor_after_confirming(group, client_for, network_a):
    client = _logged(client_for, network_a, "colette@a.test")
    rose, paul = group["rose"], group["paul"]
    confirm = client.post(f"/animation/membres/{rose.pk}/parrainage/", {"sponsor": paul.pk})
    assert "Après : Paul" in _text(confirm)
    client.post(f"/animation/membres/{rose.pk}/parrainage/", {"sponsor": paul.pk, "confirm": "oui"})
    with inside(network_a):
        assert Member.objects.get(pk=rose.pk).sponsor_id == paul.pk
    page = _text(client.get(f"/animation/membres/{rose.pk}/"))
    assert "Accompagné·e par Paul" in page
    assert "parrain / marraine : sans parrain ni marraine → Paul" in page


def test_the_last_pilote_is_told_in_french_and_nothing_changes(group, client_for, network_a):
    client = _logged(client_for, network_a, "pia@a.test")
    pia = group["pilote"]
    response = client.post(
        f"/animation/membres/{pia.pk}/role/", {"group_role": "copilote", "confirm": "oui"}
    )
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "Pia est le ou la dernier·e pilote du réseau : nommez d'abord" in page
    assert _role_of(network_a, pia) == "pilote" and _changes(network_a) == 0


def test_bad_input_shows_a_french_message_and_writes_nothing(group, client_for, network_a):
    client = _logged(client_for, network_a, "pia@a.test")
    rose = group["rose"]
    for data, message in [
        ({"group_role": "chef", "confirm": "oui"}, "Rôle inconnu."),
        ({"group_role": "", "confirm": "oui"}, "Rose a déjà ce rôle."),
    ]:
        response = client.post(f"/animation/membres/{rose.pk}/role/", data, follow=True)
        assert message in _text(response)
    for sponsor, message in [
        ("99999", "Choisissez un parrain ou une marraine dans la liste."),
        (str(rose.pk), "Un membre ne peut pas être son propre parrain"),
    ]:
        response = client.post(
            f"/animation/membres/{rose.pk}/parrainage/",
            {"sponsor": sponsor, "confirm": "oui"},
            follow=True,
        )
        assert message in _text(response)
    assert _role_of(network_a, rose) == "" and _changes(network_a) == 0


@pytest.mark.parametrize("who", ["animateur", "rose"])
def test_no_rank_no_change(group, client_for, network_a, who):
    client = _logged(client_for, network_a, f"{'anim' if who == 'animateur' else who}@a.test")
    target = group["paul"]
    role = client.post(
        f"/animation/membres/{target.pk}/role/", {"group_role": "animateur", "confirm": "oui"}
    )
    sponsor = client.post(
        f"/animation/membres/{target.pk}/parrainage/",
        {"sponsor": group["rose"].pk, "confirm": "oui"},
    )
    assert (role.status_code, sponsor.status_code) == (403, 403)
    assert _role_of(network_a, target) == "" and _changes(network_a) == 0
    if who == "animateur":  # sees the page, without the forms
        page = _text(client.get(f"/animation/membres/{target.pk}/"))
        assert "Les rôles sont attribués par un·e pilote ou un·e copilote." in page
        assert "Changer le rôle" not in page


def test_a_copilote_cannot_name_a_pilote(group, client_for, network_a):
    client = _logged(client_for, network_a, "colette@a.test")
    page = _text(client.get(f"/animation/membres/{group['rose'].pk}/"))
    assert 'value="pilote"' not in page and 'value="animateur"' in page
    response = client.post(
        f"/animation/membres/{group['rose'].pk}/role/", {"group_role": "pilote", "confirm": "oui"}
    )
    assert response.status_code == 403 and _role_of(network_a, group["rose"]) == ""


def test_another_networks_member_is_not_found(group, client_for, network_a, network_b):
    _member(network_b, "pilote-b@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote-b@b.test")
    with inside(network_b):
        missing = (Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    rose = group["rose"]
    for pk in {rose.pk + 1000, missing}:
        assert client_b.get(f"/animation/membres/{pk}/").status_code == 404
        for path, data in (("role", {"group_role": "pilote"}), ("parrainage", {"sponsor": ""})):
            response = client_b.post(f"/animation/membres/{pk}/{path}/", {**data, "confirm": "oui"})
            assert response.status_code == 404
    assert _changes(network_a) == 0


def test_the_members_list_links_to_the_page_and_its_old_form_confirms(group, client_for, network_a):
    client = _logged(client_for, network_a, "pia@a.test")
    rose = group["rose"]
    assert (
        f'href="/animation/membres/{rose.pk}/"'
        in client.get("/animation/membres/").content.decode()
    )
    response = client.post(f"/animation/membres/{rose.pk}/reglages/", {"group_role": "animateur"})
    assert "Confirmer le changement" in _text(response)
    assert _role_of(network_a, rose) == ""
    member_page = _text(client.get(f"/membres/{rose.pk}/"))
    assert "Rôle dans le groupe et parrainage" in member_page
