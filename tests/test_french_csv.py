"""Every CSV download is written for a French spreadsheet: `;`, UTF-8 with a BOM, French
column names, oui/non, French dates (frontend/spreadsheet.py, used by all of them)."""

import datetime

from django.utils import timezone

from exchange.models import Member, Post, Theme
from exchange.services import registration
from frontend.spreadsheet import cell, french_csv
from tests.conftest import PASSWORD, inside


def test_cells_are_written_the_french_way():
    assert cell(True) == "oui" and cell(False) == "non"
    assert cell(None) == ""
    assert cell(datetime.date(2026, 2, 9)) == "09/02/2026"
    winter = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 59))
    assert cell(winter) == "31/12/2026 23:59"
    utc = datetime.datetime(2026, 7, 1, 8, 30, tzinfo=datetime.UTC)
    assert cell(utc) == "01/07/2026 10:30"  # shown in Paris time
    assert cell(0.25) == "0,25"
    assert cell(7) == 7
    # A name a spreadsheet would run as a formula is defused; a negative amount is not text.
    assert cell('=HYPERLINK("http://x")').startswith("'=")
    assert cell("-4,50") == "-4,50"


def test_a_file_has_the_bom_semicolons_and_crlf():
    text = french_csv([[True, "Zoé"]], header=["actif", "nom"])
    assert text == "\ufeffactif;nom\r\noui;Zoé\r\n"


def _resident(network, email):
    from coopere.accounts.models import User

    with inside(network):
        user = User.objects.create_user(email=email, password=PASSWORD, first_name="Inès")
        return Member.objects.create(
            user=user, display_name="Inès V.", show_in_directory=True, show_address=False
        )


def test_own_data_csv_has_french_fields_oui_non_and_dates(db, client_for, network_a):
    ines = _resident(network_a, "ines@a.test")
    with inside(network_a):
        theme = Theme.objects.get(name="Coups de main")
        registration.save_answer(member=ines, theme=theme, can_offer=True, note="Je bricole")
        Post.objects.create(
            author=ines, theme=theme, kind=Post.Kind.LOAN, title="Perceuse", status="open"
        )
        registered = timezone.localtime(ines.registered_at)
    client = client_for(network_a)
    client.post("/connexion/", {"username": "ines@a.test", "password": PASSWORD})
    response = client.get("/mon-profil/donnees.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "section;champ;valeur"
    assert "profil;email;ines@a.test" in lines
    assert "profil;visible_dans_l_annuaire;oui" in lines
    assert "profil;adresse_visible;non" in lines
    assert f"profil;inscrit_le;{registered:%d/%m/%Y %H:%M}" in lines
    assert "profil;notifications;Un e-mail par jour au plus (récapitulatif)" in lines
    assert "questionnaire 1;peut_proposer;oui" in lines
    assert "questionnaire 1;aurait_besoin;non" in lines
    assert "annonce 1;titre;Perceuse" in lines
    assert "annonce 1;type;Prêt" in lines
    assert not any("True" in line or "False" in line for line in lines)


def test_own_data_csv_is_only_ones_own(db, client_for, network_a, network_b, network_b_open):
    _resident(network_a, "ines@a.test")
    _resident(network_b, "ines@b.test")
    client = client_for(network_b)
    client.post("/connexion/", {"username": "ines@b.test", "password": PASSWORD})
    text = client.get("/mon-profil/donnees.csv").content.decode("utf-8-sig")
    assert "ines@b.test" in text and "ines@a.test" not in text
    # A's session cookie is worthless on B's host: no download.
    other = client_for(network_a)
    other.cookies = client.cookies
    assert other.get("/mon-profil/donnees.csv").status_code == 302
