"""The console's catalogue page: operators read the checklists and publish a new version."""

from html import unescape

import pytest
from django_tenants.utils import get_public_schema_name, schema_context
from playwright.sync_api import expect

from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from onboarding.forms_catalogue import new_key
from onboarding.models import ChecklistVersion
from onboarding.selectors import checklist_for, version_for
from onboarding.services import start_checklist
from tests.browser.conftest import ARTIFACTS, log_in
from tests.onboarding.conftest import messages_of

PAGE = "/console/catalogue/"
BROWSER_EMAIL, BROWSER_PASSWORD = "catalogue-navigateur@coopere.test", "un-mot-de-passe-long"
FIELDS = ("key", "label", "phase", "kind", "indicator", "threshold", "order")


def form_data(response, rows=None, extra=()):
    """The page's formset as a browser would post it, with `rows` (index -> changes) applied
    and `extra` rows filled in the blank ones."""
    formset = response.context["formset"]
    data = {
        "items-TOTAL_FORMS": str(len(formset.forms)),
        "items-INITIAL_FORMS": str(formset.initial_form_count()),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    blank = [i for i, f in enumerate(formset.forms) if not f.initial.get("key")]
    fills = dict(zip(blank, extra, strict=False))
    for index, form in enumerate(formset.forms):
        values = {name: form.initial.get(name, "") for name in FIELDS}
        values["phase"] = values["phase"] or "amorcage"
        values["kind"] = values["kind"] or "manual"
        values["required"] = form.initial.get("required", False)
        values.update(fills.get(index, {}))
        values.update((rows or {}).get(index, {}))
        for name, value in values.items():
            if name in ("required", "remove"):
                if value:
                    data[f"items-{index}-{name}"] = "on"
            else:
                data[f"items-{index}-{name}"] = "" if value is None else str(value)
    return data


def index_of(response, key):
    forms = response.context["formset"].forms
    return next(i for i, f in enumerate(forms) if f.initial.get("key") == key)


def test_the_page_shows_version_1_by_phase_with_its_followers(console, network_a, version1):
    start_checklist(network=network_a)
    response = console.get(PAGE)
    assert response.status_code == 200
    body = unescape(response.content.decode())
    assert "Amorceurs identifiés" in body and "Cafés-rencontres mensuels tenus" in body
    assert "Version actuelle : 1." in body
    assert "Amorçage" in body and "Structuration" in body
    assert response.context["versions"][0].network_count == 1
    # The nav links the page.
    assert 'href="/console/catalogue/"' in body
    # One row per item of version 1 plus the blank ones.
    assert len(response.context["formset"].forms) == version1.items.count() + 3


def test_the_versions_and_their_followers_take_a_bounded_number_of_queries(
    console, network_a, network_b, operator, version1
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert console.get(PAGE).status_code == 200
        return len(queries)

    console.get(PAGE)
    few = count()
    start_checklist(network=network_a)
    start_checklist(network=network_b)
    assert count() == few


def test_publishing_makes_version_2_and_started_networks_keep_version_1(
    console, network_a, network_b, version1
):
    start_checklist(network=network_a)
    page = console.get(PAGE)
    data = form_data(
        page,
        rows={index_of(page, "perimeter-defined"): {"label": "Périmètre défini et cartographié"}},
        extra=[{"label": "Relais rencontrés", "phase": "amorcage", "required": True}],
    )
    response = console.post(PAGE, data, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert messages_of(response) == [
        "Version 2 publiée : les nouveaux réseaux la suivront ; "
        "les réseaux en cours gardent la leur."
    ]
    version2 = ChecklistVersion.objects.get(number=2)
    assert version2.items.count() == version1.items.count() + 1
    assert version2.items.get(key="perimeter-defined").label == "Périmètre défini et cartographié"
    new = version2.items.get(key="relais-rencontres")
    assert (new.phase, new.kind, new.required, new.position) == ("amorcage", "manual", True, 7)
    # Automatic items keep their indicator and threshold.
    cafes = version2.items.get(key="monthly-cafes-held")
    assert (cafes.kind, cafes.indicator, cafes.threshold) == ("automatic", "cafes_held", 3)
    # A started on version 1 and keeps it; B starts now, on version 2.
    assert version_for(network_a) == version1
    assert checklist_for(network_a).version == version1
    assert start_checklist(network=network_b).version == version2
    body = unescape(response.content.decode())
    assert "Relais rencontrés" in body and "Version actuelle : 2." in body
    assert [v.network_count for v in response.context["versions"]] == [0, 1]
    # Version 1 is untouched.
    assert version1.items.get(key="perimeter-defined").label == "Périmètre défini"


def test_removed_rows_are_left_out_and_rows_can_be_reordered(console, version1):
    page = console.get(PAGE)
    data = form_data(
        page,
        rows={
            index_of(page, "posters-displayed"): {"remove": True},
            index_of(page, "pilots-trained"): {"order": 0},
        },
    )
    assert console.post(PAGE, data).status_code == 302
    version2 = ChecklistVersion.objects.get(number=2)
    assert not version2.items.filter(key="posters-displayed").exists()
    assert version2.items.get(key="pilots-trained").position == 1
    assert version2.items.count() == version1.items.count() - 1


def test_refused_input_shows_french_errors_and_publishes_nothing(console, version1):
    page = console.get(PAGE)
    first = index_of(page, "amorceurs-identified")
    cases = [
        # A blank label on an existing item.
        ({first: {"label": ""}}, "Élément 1 : donnez-lui un libellé."),
        # An automatic item without its indicator.
        (
            {first: {"kind": "automatic", "indicator": ""}},
            "Élément 1 : un élément automatique a besoin de l'un de ces indicateurs",
        ),
        # Two items with the same key.
        (
            {index_of(page, "first-meeting-held"): {"key": "amorceurs-identified"}},
            "Élément 2 : la clé amorceurs-identified est déjà utilisée.",
        ),
        # A Groupe d'Animation below the floor.
        (
            {index_of(page, "group-formed"): {"threshold": 2}},
            "un Groupe d'Animation compte au moins 4 membres.",
        ),
        # A phase that does not exist (the form refuses it).
        ({first: {"phase": "ailleurs"}}, "Sélectionnez un choix valide"),
        # A threshold that is not a number.
        ({first: {"threshold": "beaucoup"}}, "Saisissez un nombre entier."),
    ]
    for rows, message in cases:
        response = console.post(PAGE, form_data(page, rows=rows))
        assert response.status_code == 400, message
        body = unescape(response.content.decode())
        assert "Rien n'a été publié" in body, message
        assert message in body, message
    # Every item removed: the service wants at least one.
    everything = {i: {"remove": True} for i in range(version1.items.count())}
    response = console.post(PAGE, form_data(page, rows=everything))
    assert response.status_code == 400
    assert "Une liste de contrôle compte au moins un élément." in unescape(
        response.content.decode()
    )
    assert list(ChecklistVersion.objects.values_list("number", flat=True)) == [1]


def test_new_keys_come_from_labels_and_are_unique():
    used = {"fete-held"}
    assert new_key("Fête held", used) == "fete-held-2"
    assert new_key("Réunion des pilotes", used) == "reunion-des-pilotes"
    assert new_key("!!!", set()) == "item"
    long = new_key("a" * 80, {"a" * 50})
    assert len(long) <= 50 and long.endswith("-2")


def test_anonymous_visitors_are_sent_to_the_login_page(db, client_for):
    response = client_for(None).get(PAGE)
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_residents_and_partners_get_403_and_publish_nothing(db, client_for, partner, version1):
    resident = User.objects.create_user(email="voisine@exemple.test", first_name="Lou")
    for user in (resident, partner):
        client = client_for(None)
        client.force_login(user)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"items-TOTAL_FORMS": "0"}).status_code == 403
    assert ChecklistVersion.objects.count() == 1


@pytest.fixture
def browser_operator(site):
    """A committed operator (the live server reads committed rows); afterwards the versions
    it published and the operator are removed."""
    with schema_context(get_public_schema_name()):
        user = create_operator(email=BROWSER_EMAIL, password=BROWSER_PASSWORD, first_name="Inès")
    yield user
    with schema_context(get_public_schema_name()):
        ChecklistVersion.objects.filter(number__gt=1).delete()
        # A raw delete: the ORM's cascade would look for tenant tables (Member) in public.
        User.objects.filter(pk=user.pk)._raw_delete(using="default")


@pytest.mark.browser
def test_an_operator_adds_an_item_on_a_small_phone(new_page, site, browser_operator):
    page = new_page(viewport={"width": 360, "height": 740})
    log_in(page, site.url(None, "/console/"), BROWSER_EMAIL, BROWSER_PASSWORD)
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()  # folded on phones
    page.get_by_role("link", name="Listes de contrôle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Listes de contrôle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    row = page.get_by_role("group", name="Nouvel élément").first
    row.get_by_label("Libellé", exact=True).fill("Relais rencontrés")
    row.get_by_label("Phase", exact=True).select_option("amorcage")
    page.get_by_role("button", name="Publier une nouvelle version").click()
    expect(page.get_by_role("status")).to_have_text(
        "Version 2 publiée : les nouveaux réseaux la suivront ; les réseaux en cours gardent "
        "la leur."
    )
    expect(page.get_by_text("Relais rencontrés").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "console-catalogue-phone.png", full_page=True)


def test_a_network_host_has_no_catalogue_page(network_a, client_for, operator, version1):
    client = client_for(network_a)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"items-TOTAL_FORMS": "0"}).status_code in (403, 404)
    assert ChecklistVersion.objects.count() == 1
