"""The network picker: a search instead of a box per network, without JavaScript."""

from billing.models import Plan, Subscription
from tenants.models import Network
from tenants.pickers import NetworkPickerField
from tenants.selectors import SEARCH_LIMIT, search_live_networks


def test_the_search_finds_live_networks_by_name_or_address_and_caps_the_list(
    region, network_a, network_b, bulk_networks
):
    assert [n.slug for n in search_live_networks("RÉSEAU a")] == ["reseau-a"]
    assert [n.slug for n in search_live_networks("reseau-b")] == ["reseau-b"]
    assert search_live_networks("") == [] and search_live_networks("   ") == []
    assert [n.slug for n in search_live_networks("réseau", exclude=[network_a.pk])] == ["reseau-b"]
    bulk_networks(30, region, prefix="essai")
    assert len(search_live_networks("essai")) == SEARCH_LIMIT
    Network.objects.create(schema_name="x_spare_picker", state=Network.State.SPARE, name="essai")
    assert all(n.state == Network.State.LIVE for n in search_live_networks("essai"))


def test_the_field_renders_the_chosen_and_the_found_never_all(region, network_a, bulk_networks):
    from django import forms

    from tenants.pickers import bind_pickers

    bulk_networks(40, region, prefix="cache")

    class Form(forms.Form):
        networks = NetworkPickerField(label="Réseaux")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            bind_pickers(self)

    html = str(Form(initial={"networks": [network_a.pk]})["networks"])
    assert html.count('type="checkbox"') == 1 and "checked" in html and "Réseau A" in html
    bound = Form({"networks": [str(network_a.pk)], "networks_q": "cache 001"})
    html = str(bound["networks"])
    # A ticked, and the ten networks "cache 0010…0019" found, unticked.
    assert html.count('type="checkbox"') == 11 and html.count("checked") == 1
    assert bound.is_valid() and list(bound.cleaned_data["networks"]) == [network_a]


def test_a_subscription_covers_networks_found_by_a_search(
    client_for, region, network_a, network_b, bulk_networks, django_user_model
):
    from tests.billing.portal_support import make_partner

    operator = django_user_model.objects.create_user(
        email="op@coopere.test", password="x", first_name="Op", kind=django_user_model.Kind.OPERATOR
    )
    client = client_for(None)
    client.force_login(operator)
    bulk_networks(300, region, prefix="masse")
    partner = make_partner("Commune de Test", "2191034001")
    url = f"/console/partenaires/{partner.pk}/souscriptions/nouvelle/"
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == 0  # no network listed before a search
    data = {
        "plan": Plan.objects.get(code="suivi-annuel").pk,
        "networks": [network_a.pk],
        "current_period_start": "2026-01-01",
        "current_period_end": "2026-12-31",
        "purchase_order_ref": "BC-1",
    }
    found = client.post(url, {**data, "networks_q": "masse 0299", "networks_search": "1"})
    body = found.content.decode()
    assert found.status_code == 200 and not Subscription.objects.exists()
    assert "1 réseau choisi" in body and "Réseau masse 0299" in body
    assert 'value="BC-1"' in body  # what was typed stays
    chosen = Network.objects.get(slug="masse-299")
    assert client.post(url, {**data, "networks": [network_a.pk, chosen.pk]}).status_code == 302
    assert set(Subscription.objects.get().networks.all()) == {network_a, chosen}
