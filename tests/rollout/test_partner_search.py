"""The console's partners list at scale: searched by name or SIRET, 50 a page."""

from tests.billing.portal_support import make_partner, siret


def test_partners_are_found_by_name_or_siret(console):
    make_partner("Commune de Lisses", "2191034000")
    make_partner("Essonne Habitat", "3254960110", kind="bailleur_social")

    def names(**query):
        response = console.get("/console/partenaires/", query)
        assert response.status_code == 200
        return [p.legal_name for p in response.context["partners"]]

    assert names() == ["Commune de Lisses", "Essonne Habitat"]
    assert names(q="LISSES") == ["Commune de Lisses"]
    number = siret("3254960110")
    spaced = f"{number[:3]} {number[3:6]} {number[6:9]}"
    assert names(q=spaced) == ["Essonne Habitat"]
    body = console.get("/console/partenaires/", {"q": "introuvable"}).content.decode()
    assert "Aucun partenaire ne correspond à cette recherche." in body
    assert console.get("/console/partenaires/", {"q": "x" * 1000}).status_code == 200


def test_partners_are_paged_and_a_bad_page_shows_one(console):
    for i in range(55):
        make_partner(f"Commune {i:02d}", f"21910{i:05d}")
    first = console.get("/console/partenaires/")
    assert len(first.context["partners"]) == 50
    body = first.content.decode()
    assert "55 partenaires" in body and "Page 1 sur 2" in body and "Page suivante" in body
    second = console.get("/console/partenaires/", {"page": "2"})
    assert [p.legal_name for p in second.context["partners"]] == [
        f"Commune {i:02d}" for i in range(50, 55)
    ]
    for bad in ("0", "abc", "999"):
        assert console.get("/console/partenaires/", {"page": bad}).status_code == 200
