"""The sheets library: seeded in every network (and the template new ones are cloned
from), written in French, edited by the Groupe d'Animation only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from community.projects import services
from community.projects.models import Sheet
from tests.conftest import inside

from .conftest import error_of

KICKOFF = {"potager-partage", "compost", "achat-groupe", "repair-cafe", "collecte-solidaire"}
AWARENESS = {
    "eco-gestes-eau",
    "eco-gestes-energie",
    "eco-gestes-dechets",
    "eco-gestes-alimentation",
    "eco-gestes-mobilite",
    "eco-gestes-reemploi",
}


def _slugs(kind):
    return set(Sheet.objects.filter(kind=kind).values_list("slug", flat=True))


def test_every_network_starts_with_the_library(db, network_a, network_b):
    for network in (network_a, network_b):
        with inside(network):
            assert _slugs(Sheet.Kind.KICKOFF) >= KICKOFF
            assert _slugs(Sheet.Kind.AWARENESS) >= AWARENESS


def test_the_template_schema_has_the_library_so_new_networks_do_too(db):
    from django_tenants.utils import schema_context

    with schema_context("coopere_template"):
        assert Sheet.objects.count() >= 11
    connection.set_schema_to_public()


def test_each_seeded_sheet_is_real_french_content(in_a):
    for sheet in Sheet.objects.filter(slug__in=KICKOFF | AWARENESS):
        assert sheet.title and sheet.summary and sheet.body, sheet.slug
        assert 5 <= len(sheet.steps) <= 8, sheet.slug
        assert all(isinstance(s, str) and 10 < len(s) <= 300 for s in sheet.steps), sheet.slug
    compost = Sheet.objects.get(slug="compost")
    assert compost.title == "Compostage collectif"
    assert any("bioseau" in step for step in compost.steps)


def test_an_animator_edits_a_sheet(in_a, animator):
    sheet = Sheet.objects.get(slug="compost")
    services.update_sheet(
        actor=animator,
        sheet=sheet,
        title="Compost de la résidence",
        summary="Notre compost",
        body="Texte",
        steps=services.steps_from_text("Étape une\n\n  Étape deux  \n"),
    )
    sheet.refresh_from_db()
    assert sheet.title == "Compost de la résidence"
    assert sheet.steps == ["Étape une", "Étape deux"]
    assert sheet.updated_by == animator and sheet.kind == Sheet.Kind.KICKOFF


def test_a_plain_member_cannot_edit_a_sheet(in_a, rose):
    sheet = Sheet.objects.get(slug="compost")
    with pytest.raises(PermissionDenied):
        services.update_sheet(actor=rose, sheet=sheet, title="Piraté", steps=[])
    sheet.refresh_from_db()
    assert sheet.title == "Compostage collectif"


def test_a_sheet_needs_a_title_and_short_steps(in_a, animator):
    sheet = Sheet.objects.get(slug="compost")
    with pytest.raises(ValidationError) as exc:
        services.update_sheet(actor=animator, sheet=sheet, title=" ", steps=["x" * 301])
    assert "titre" in error_of(exc, "title")
    assert "une ligne" in error_of(exc, "steps")
    sheet.refresh_from_db()
    assert sheet.title == "Compostage collectif"


def test_a_new_sheet_gets_a_free_slug(in_a, animator):
    first = services.create_sheet(actor=animator, kind="awareness", title="Compost", steps=["a"])
    second = services.create_sheet(actor=animator, kind="kickoff", title="Nouvelle", steps=[])
    assert first.slug == "compost-2"  # "compost" is taken by the seeded sheet
    assert second.slug == "nouvelle-2"  # "nouvelle" is the address of the form itself
    with pytest.raises(ValidationError) as exc:
        services.create_sheet(actor=animator, kind="other", title="X")
    assert error_of(exc, "kind")
