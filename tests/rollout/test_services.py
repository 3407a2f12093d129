"""Regions created and edited, and the networks a coach follows: the services' rules."""

import pytest
from django.core.exceptions import ValidationError

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.rollout import services
from tenants.models import Network, Region
from tests.conftest import PASSWORD


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_a_region_is_created_with_its_coaches_and_a_code_from_its_name(coach):
    other = create_operator(email="yanis@coopere.test", password=PASSWORD, first_name="Yanis")
    region = services.create_region(
        actor=coach, name="  Hauts-de-Seine   Sud ", code="", coaches=[coach, other]
    )
    assert (region.name, region.code) == ("Hauts-de-Seine Sud", "hauts-de-seine-sud")
    assert set(region.coaches.all()) == {coach, other}
    assert set(coach.coached_regions.all()) == {region}


@pytest.mark.parametrize(
    "name, code, field, message",
    [
        ("", "nord", "name", "Donnez un nom à la région."),
        ("x" * 101, "nord", "name", "Le nom d'une région compte au plus 100 caractères."),
        ("essonne", "nord", "name", "Une région porte déjà ce nom."),
        ("Nord", "Nord Est", "code", "Le code ne peut contenir que des lettres minuscules"),
        ("Nord", "-nord", "code", "Le code ne peut contenir que des lettres minuscules"),
        ("Nord", "n" * 41, "code", "Le code ne peut contenir que des lettres minuscules"),
        ("Nord", "nouvelle", "code", "Ce code est réservé : choisissez-en un autre."),
        ("Nord", "essonne", "code", "Une région a déjà ce code."),
        ("Île", "", "code", None),  # made from the name: "ile" (accepted)
    ],
)
def test_bad_region_input_is_refused_in_french_and_nothing_is_written(
    coach, region, name, code, field, message
):
    before = Region.objects.count()
    if message is None:
        assert services.create_region(actor=coach, name=name, code=code).code == "ile"
        return
    with pytest.raises(ValidationError) as exc:
        services.create_region(actor=coach, name=name, code=code)
    assert any(m.startswith(message) for m in _errors(exc)[field])
    assert Region.objects.count() == before


def test_only_staff_edit_regions_and_only_staff_are_coaches(coach, region, partner_user):
    with pytest.raises(ValidationError) as exc:
        services.create_region(actor=partner_user, name="Nord", code="nord")
    assert "actor" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.update_region(
            region=region, actor=coach, name="Essonne", code="essonne", coaches=[partner_user]
        )
    assert _errors(exc)["coaches"] == ["Un·e coach fait partie de l'équipe Coop-ère."]
    assert not region.coaches.exists()


def test_a_region_is_renamed_and_keeps_its_networks(coach, region, network_a):
    updated = services.update_region(
        region=region, actor=coach, name="Essonne Nord", code="essonne-nord", coaches=[coach]
    )
    assert (updated.name, updated.code) == ("Essonne Nord", "essonne-nord")
    assert Network.objects.get(pk=network_a.pk).region_id == region.pk
    # Its own name and code stay its own; another region's are refused.
    services.update_region(region=region, actor=coach, name="Essonne Nord", code="essonne-nord")
    with pytest.raises(ValidationError) as exc:
        services.update_region(region=region, actor=coach, name="Val-de-Marne", code="x")
    assert "name" in _errors(exc)


def test_a_coach_follows_exactly_the_networks_chosen(coach, network_a, network_b):
    other = create_operator(email="yanis@coopere.test", password=PASSWORD, first_name="Yanis")
    Network.objects.filter(pk=network_b.pk).update(coach=other)
    assert services.set_coach_networks(
        coach=coach, networks=[network_a, network_b], actor=coach
    ) == (
        2,
        0,
    )
    assert set(coach.coached_networks.values_list("slug", flat=True)) == {"reseau-a", "reseau-b"}
    # Run twice: nothing more changes.
    assert services.set_coach_networks(
        coach=coach, networks=[network_a, network_b], actor=coach
    ) == (0, 0)
    assert services.set_coach_networks(coach=coach, networks=[network_b], actor=coach) == (0, 1)
    assert Network.objects.get(pk=network_a.pk).coach is None


def test_networks_go_only_to_an_active_coach_and_only_open_ones(
    coach, network_a, partner_user, region
):
    with pytest.raises(ValidationError) as exc:
        services.set_coach_networks(coach=partner_user, networks=[network_a], actor=coach)
    assert "coach" in _errors(exc)
    spare = Network.objects.create(schema_name="x_spare_rollout", state=Network.State.SPARE)
    with pytest.raises(ValidationError) as exc:
        services.set_coach_networks(coach=coach, networks=[spare], actor=coach)
    assert _errors(exc)["networks"] == ["Choisissez uniquement parmi les réseaux ouverts."]
    resident = User.objects.create_user(email="r@exemple.test", password=PASSWORD, first_name="Lou")
    with pytest.raises(ValidationError):
        services.set_coach_networks(coach=coach, networks=[network_a], actor=resident)
    assert Network.objects.get(pk=network_a.pk).coach is None
