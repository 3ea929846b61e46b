""" "Meinten Sie …?" (issue 14, point 5): a search that finds nothing offers
corrected queries from the Kommune's own words, only those that find
something the user may open, on the page and in GET /api/v1/suche."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.test import Client

from aktenbund.search.services import Suchanfrage, suche
from aktenbund.search.services.vorschlaege import aehnlichkeit
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte, make_vorgang
from tests.search.conftest import add, treffer


def vorschlaege(user, q: str) -> list[str]:
    with kommune_scope(user.kommune_id):
        return [v.q for v in suche(user, Suchanfrage(q=q)).vorschlaege]


def test_similarity_is_pg_trgm_s():
    assert aehnlichkeit("word", "word") == 1.0
    # "  word " and "  wort ": 3 of 7 trigrams shared ("  w", " wo", "wor")
    assert aehnlichkeit("word", "wort") == 3 / 7
    assert aehnlichkeit("hundesteur", "hundesteuer") > aehnlichkeit("hundesteur", "hundehaltung")


def test_a_typo_gets_the_kommunes_word(korpus, sb_a):
    assert treffer(sb_a, "Gewerbeanmledung") == set()
    assert vorschlaege(sb_a, "Gewerbeanmledung") == ["Gewerbeanmeldung"]
    assert vorschlaege(sb_a, "Hundesteur") == ["Hundesteuer"]
    # the suggestion runs as offered and finds what the user may open
    assert treffer(sb_a, "Gewerbeanmeldung")


def test_other_terms_of_the_query_are_kept(korpus, sb_a):
    assert vorschlaege(sb_a, "Hundesteur Bescheid") == ["Hundesteuer Bescheid"]


def test_no_suggestion_when_something_was_found_or_nothing_is_similar(korpus, sb_a):
    assert vorschlaege(sb_a, "Hundesteuer") == []
    assert vorschlaege(sb_a, "Xylophonkonzert") == []


def test_no_suggestion_from_an_akte_the_user_may_not_read(korpus, sb_a, amtsleitung_a, plan):
    # A vertrauliche Akte whose access list lacks sb_a.
    wort = "Abmahnungsschreiben"
    geheim = make_akte(amtsleitung_a, plan["121"], "Personalsache Vogt", vertraulich=True)
    add(amtsleitung_a, make_vorgang(amtsleitung_a, geheim, "Vogt"), "Vermerk", wort)
    assert vorschlaege(amtsleitung_a, "Abmahnungsschreibn") == [wort]
    assert vorschlaege(sb_a, "Abmahnungsschreibn") == []


def test_no_suggestion_from_another_kommune(korpus, sb_a, sb_b, plan):
    akte = make_akte(sb_b, plan["121"], "Friedhof")
    add(sb_b, make_vorgang(sb_b, akte, "Grabstellen"), "Grabnutzungsrecht", "Grabnutzungsrecht")
    assert vorschlaege(sb_b, "Grabnutzungsrech") == ["Grabnutzungsrecht"]
    assert vorschlaege(sb_a, "Grabnutzungsrech") == []


def test_page_links_the_corrected_query(korpus, sb_a):
    client = Client()
    client.force_login(sb_a)
    html = client.get("/suche/", {"q": "Hundesteur", "typ": "bescheid"}).content.decode()
    assert "Meinten Sie:" in html
    assert 'href="?q=Hundesteuer&amp;typ=bescheid"' in html


def test_api_returns_the_suggestions(korpus, sb_a, sb_b):
    client = Client()
    client.force_login(sb_a)
    antwort = client.get("/api/v1/suche", {"q": "Hundesteur"}).json()
    assert antwort["gesamt"] == 0
    assert [v["q"] for v in antwort["vorschlaege"]] == ["Hundesteuer"]
    assert antwort["vorschlaege"][0]["anzahl"] >= 1
    assert client.get("/api/v1/suche", {"q": "Hundesteuer"}).json()["vorschlaege"] == []


def test_migration_0011_takes_the_words_of_indexed_rows(korpus, sb_a):
    with kommune_scope(sb_a.kommune_id):
        apps.get_model("search", "Suchwort").objects.filter(kommune_id=sb_a.kommune_id).delete()
    assert vorschlaege(sb_a, "Hundesteur") == []
    migration = importlib.import_module("aktenbund.search.migrations.0011_suchwoerter")
    with kommune_scope(sb_a.kommune_id):
        migration.woerter_uebernehmen(apps)
    assert vorschlaege(sb_a, "Hundesteur") == ["Hundesteuer"]
