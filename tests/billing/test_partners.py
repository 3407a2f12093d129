"""Partners and contacts: services (bad input writes nothing) and console pages."""

import pytest
from django.core.exceptions import ValidationError

from billing.models import Partner, PartnerContact
from billing.services import partners

from .conftest import valid_siret

FORM = {
    "kind": "commune",
    "legal_name": "Commune de Courcouronnes",
    "billing_address": "Place de l'hôtel de ville\n91080 Courcouronnes",
    "public_service_code": "",
}


def test_create_partner_stores_the_siret_without_spaces(db):
    siret = valid_siret("2191017800")
    partner = partners.create_partner(**FORM, siret=f"{siret[:3]} {siret[3:6]} {siret[6:]}")
    assert partner.siret == siret


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("123", "Un SIRET compte exactement 14 chiffres."),
        ("21910178000011", "Ce SIRET n'est pas valide"),
        ("", "Indiquez le SIRET"),
    ],
)
def test_invalid_siret_gives_a_french_error_and_writes_nothing(db, siret, message):
    if siret == "21910178000011":
        assert siret != valid_siret("2191017800")
    with pytest.raises(ValidationError) as exc:
        partners.create_partner(**FORM, siret=siret)
    assert exc.value.message_dict["siret"][0].startswith(message)
    assert not Partner.objects.exists()


def test_the_same_siret_cannot_be_two_partners(partner_a):
    with pytest.raises(ValidationError) as exc:
        partners.create_partner(**FORM, siret=partner_a.siret)
    assert "existe déjà" in exc.value.message_dict["siret"][0]
    assert Partner.objects.count() == 1


def test_missing_name_and_address_are_said_in_french(db):
    with pytest.raises(ValidationError) as exc:
        partners.create_partner(
            kind="commune", legal_name=" ", siret=valid_siret("21"), billing_address=""
        )
    assert set(exc.value.message_dict) == {"legal_name", "billing_address"}
    assert not Partner.objects.exists()


def test_update_partner_keeps_its_own_siret(partner_a):
    partners.update_partner(
        partner=partner_a, **{**FORM, "legal_name": "Ville de Lisses"}, siret=partner_a.siret
    )
    partner_a.refresh_from_db()
    assert partner_a.legal_name == "Ville de Lisses"


def test_contact_with_a_bad_email_is_refused(partner_a):
    with pytest.raises(ValidationError) as exc:
        partners.add_contact(partner=partner_a, name="Léa", email="pas-un-email")
    assert exc.value.message_dict["email"] == ["Cette adresse e-mail n'est pas valide."]
    assert not PartnerContact.objects.exists()


# --- Pages ------------------------------------------------------------------------------------


def test_operator_creates_a_partner_typing_the_siret_with_spaces(operator_client):
    siret = valid_siret("2191017800")
    response = operator_client.post(
        "/console/partenaires/nouveau/",
        {**FORM, "siret": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"},
    )
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/console/partenaires/{partner.pk}/"
    assert partner.siret == siret
    page = operator_client.get(response["Location"]).content.decode()
    assert "Commune de Courcouronnes" in page and siret in page


def test_partner_form_shows_the_siret_error_in_french_and_writes_nothing(operator_client):
    response = operator_client.post(
        "/console/partenaires/nouveau/", {**FORM, "siret": "219 101 780 00011"}
    )
    assert response.status_code == 200
    assert "Ce SIRET n&#x27;est pas valide" in response.content.decode()
    assert not Partner.objects.exists()


def test_partner_list_and_edit(operator_client, partner_a, partner_b):
    page = operator_client.get("/console/partenaires/").content.decode()
    assert "Commune de Lisses" in page and "Essonne Habitat" in page
    response = operator_client.post(
        f"/console/partenaires/{partner_a.pk}/modifier/",
        {**FORM, "legal_name": "Ville de Lisses", "siret": partner_a.siret},
    )
    assert response.status_code == 302
    partner_a.refresh_from_db()
    assert partner_a.legal_name == "Ville de Lisses"
    # Editing A never touches B.
    partner_b.refresh_from_db()
    assert partner_b.legal_name == "Essonne Habitat"


def test_operator_adds_and_removes_a_contact(operator_client, partner_a):
    url = f"/console/partenaires/{partner_a.pk}/contacts/"
    response = operator_client.post(
        url, {"contact-name": "Léa Martin", "contact-role": "DGS", "contact-email": "lea@x.fr"}
    )
    assert response.status_code == 302
    contact = partner_a.contacts.get()
    assert (
        "Léa Martin"
        in operator_client.get(f"/console/partenaires/{partner_a.pk}/").content.decode()
    )
    response = operator_client.post(url, {"contact-name": ""})
    assert response.status_code == 400
    assert "Indiquez le nom du contact." in response.content.decode()
    operator_client.post(f"/console/partenaires/contacts/{contact.pk}/supprimer/")
    assert not partner_a.contacts.exists()
