"""The search page and GET /api/v1/suche: same parameters, same answers."""

from __future__ import annotations

import re

from django.test import Client


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_header_box_and_results_page(korpus, sb_a):
    client = login(sb_a)
    start = client.get("/")
    assert 'role="search"' in start.content.decode()
    page = client.get("/suche/", {"q": "Hundesteuer"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 Treffer" in html
    assert "<mark>Hundesteuerbescheid</mark>" in html
    assert "Dokumenttyp" in html and "Bescheid</a> (1)" in html


def test_each_result_opens_its_dokument(korpus, sb_a):
    client = login(sb_a)
    page = client.get("/suche/", {"q": "Hundesteuer"})
    links = re.findall(r'<h3><a href="(/akten/dokumente/\d+/)">', page.content.decode())
    assert len(links) == 2
    for link in links:
        assert client.get(link).status_code == 200


def test_page_filters_facet_links_and_sort(korpus, sb_a):
    client = login(sb_a)
    page = client.get("/suche/", {"q": "Bescheid", "typ": "schreiben", "sortierung": "datum"})
    html = page.content.decode()
    assert "1 Treffer" in html
    assert "Widerspruch gegen Steuerfestsetzung" in html
    assert "Hundesteuerbescheid 2026" not in html


def test_page_shows_errors_in_german(korpus, sb_a):
    client = login(sb_a)
    page = client.get("/suche/", {"q": "-Hund"})
    assert page.status_code == 200
    assert "Begriff ohne Minus" in page.content.decode()
    page = client.get("/suche/", {"datum_von": "2026-02-01", "datum_bis": "2026-01-01"})
    assert "Das Ende liegt vor dem Anfang." in page.content.decode()


def test_page_requires_login(db):
    assert Client().get("/suche/", {"q": "x"}).status_code == 302


def test_api_returns_results_facets_and_pages(korpus, sb_a):
    client = login(sb_a)
    answer = client.get("/api/v1/suche", {"q": "Antrag", "pro_seite": 2, "sortierung": "datum"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["gesamt"] == 3 and data["gesamt_genau"] is True
    assert data["seiten"] == 2 and len(data["treffer"]) == 2
    assert data["treffer"][0]["titel"] == "Gewerbeanmeldung Bäckerei Müller"
    assert {f["wert"]: f["anzahl"] for f in data["facetten"]["typ"]} == {
        "antrag": 2,
        "schreiben": 1,
    }
    zweite = client.get(
        "/api/v1/suche", {"q": "Antrag", "pro_seite": 2, "seite": 2, "sortierung": "datum"}
    ).json()
    assert [t["titel"] for t in zweite["treffer"]] == ["Antrag auf Baugenehmigung"]


def test_api_bad_input_is_a_clear_4xx(korpus, sb_a):
    client = login(sb_a)
    answer = client.get("/api/v1/suche", {"q": "der und"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "q"
    assert client.get("/api/v1/suche", {"typ": "quatsch"}).status_code == 422
    assert client.get("/api/v1/suche", {"pro_seite": 1000}).status_code == 422


def test_api_foreign_filter_objects_are_404(korpus, sb_a, oe_b):
    client = login(sb_a)
    assert client.get("/api/v1/suche", {"organisationseinheit_id": oe_b.pk}).status_code == 404
