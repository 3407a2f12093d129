"""What the API answers when it refuses, and that its schema says so (found by the
schemathesis run, tests/test_api_fuzz.py):

- a path under /api/ that no route matches (`/api/posts/1.5/`) answered the HTML 404 page
  to an API client; it now answers `{"detail": …}` in JSON, as every other API error;
- the schema documented only 200/201: every 400, 403 and 404 the API answers was
  undocumented. They are now, with their bodies (`Error`, `ValidationError`);
- the schema listed its own URL as an API operation (whose errors come in YAML);
- form bodies could not say null or a list (`message=null` became the text "null"): the
  API reads JSON only.
"""

import pytest

from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def rose(db, network_a):
    return _member(network_a, "rose-errors@a.test")


@pytest.fixture
def schema(client_for, network_a, rose):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    return client.get("/api/schema/", {"format": "json"}).json()


@pytest.mark.parametrize("path", ["/api/posts/1.5/", "/api/connections/x/", "/api/nulle-part/"])
def test_a_path_no_api_route_matches_answers_json(client_for, network_a, rose, path):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Pas trouvé."}


def test_anonymous_gets_json_too(client_for, network_a):
    response = client_for(network_a).get("/api/posts/1.5/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_pages_keep_their_html_404(client_for, network_a, rose):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    response = client.get("/annonces/1.5/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page introuvable" in response.content.decode()


def test_every_operation_documents_its_refusals(schema):
    paths = schema["paths"]
    assert "/api/schema/" not in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "403" in codes, (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            if method in {"post", "patch"}:
                assert "400" in codes, (method, path)
    assert set(paths["/api/me/"]["get"]["responses"]) == {"200", "403"}
    assert set(paths["/api/posts/"]["get"]["responses"]) == {"200", "400", "403", "404"}
    # Acting for someone one does not sponsor answers 404.
    assert "404" in paths["/api/posts/"]["post"]["responses"]
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert "additionalProperties" in components["ValidationError"]


def test_the_documented_bodies_are_what_the_api_answers(client_for, network_a, rose):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    refused = client.post("/api/themes/", {"name": "Jardinage"}, content_type="application/json")
    assert refused.status_code == 403 and isinstance(refused.json()["detail"], str)
    invalid = client.post("/api/posts/", {"kind": "troc"}, content_type="application/json")
    assert invalid.status_code == 400
    assert all(isinstance(v, list) for v in invalid.json().values())
    unreadable = client.post("/api/posts/", "{", content_type="application/json")
    assert unreadable.status_code == 400 and isinstance(unreadable.json()["detail"], str)
    page_past_the_end = client.get("/api/posts/", {"page": 99})
    assert page_past_the_end.status_code == 404 and "detail" in page_past_the_end.json()


def test_an_empty_filter_is_no_filter_and_the_schema_says_so(client_for, network_a, rose, schema):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    assert client.get("/api/posts/", {"kind": "", "status": ""}).status_code == 200
    parameters = {p["name"]: p for p in schema["paths"]["/api/posts/"]["get"]["parameters"]}
    assert "" in parameters["kind"]["schema"]["enum"]
    assert "" in parameters["status"]["schema"]["enum"]


def test_the_themes_all_flag_is_checked(client_for, network_a, rose, schema):
    """`?all=` took anything (only "1" meant something); it is a boolean now, and
    nonsense answers 400 instead of being ignored."""
    client = _logged(client_for, network_a, "rose-errors@a.test")
    response = client.get("/api/themes/", {"all": "peut-être"})
    assert response.status_code == 400
    assert list(response.json()) == ["all"]
    assert client.get("/api/themes/", {"all": "1"}).status_code == 200
    parameters = schema["paths"]["/api/themes/"]["get"]["parameters"]
    assert [p["schema"]["type"] for p in parameters if p["name"] == "all"] == ["boolean"]


def test_the_api_reads_json_only(client_for, network_a, rose, schema):
    client = _logged(client_for, network_a, "rose-errors@a.test")
    response = client.patch(
        "/api/me/", "notification_mode=never", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert isinstance(response.json()["detail"], str)
    body = schema["paths"]["/api/me/"]["patch"]["requestBody"]["content"]
    assert list(body) == ["application/json"]
    assert "415" in schema["paths"]["/api/me/"]["patch"]["responses"]


def test_a_number_sent_for_text_is_refused(client_for, network_a, rose):
    """DRF's CharField took a JSON number for text: `1e308` became the description."""
    client = _logged(client_for, network_a, "rose-errors@a.test")
    response = client.patch("/api/me/", {}, content_type="application/json")
    assert response.status_code == 200
    response = client.post(
        "/api/posts/",
        {"kind": "offer", "title": 12, "theme": 1, "description": 1.5e308},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "description"}
    assert response.json()["title"] == ["Un texte est attendu ici."]
