"""Full-text search over one corpus: the same documents on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime

import pytest

from aktenbund.errors import ValidationError
from aktenbund.search.services import Suchanfrage, suche
from aktenbund.tenancy.scope import kommune_scope
from tests.search.conftest import treffer

GEWERBE = "Gewerbeanmeldung Bäckerei Müller"
HUNDESTEUER = "Hundesteuerbescheid 2026"
WIDERSPRUCH = "Widerspruch gegen Steuerfestsetzung"
BAUANTRAEGE = "Eingangsbestätigung"
ANTRAG = "Antrag auf Baugenehmigung"
GEHEIM = "Abmahnung Wagner"

# (query, Titel the Ordnungsamt clerk of Meinhard finds)
FAELLE = [
    # stemming, umlauts: Antrag finds Anträge and Bauanträgen
    # (the Gewerbeanmeldung is of Typ "Antrag": the Typ is indexed too)
    ("Antrag", {ANTRAG, BAUANTRAEGE, GEWERBE}),
    ("Anträge", {ANTRAG, BAUANTRAEGE, GEWERBE}),
    ("Bauantrag", {BAUANTRAEGE}),
    # compounds: a part finds the compound, a compound finds its longer compounds
    ("Anmeldung", {GEWERBE}),
    # (the Widerspruch lies in the Akte "Hundesteuer Schmidt": Betreff is indexed)
    ("Hundesteuer", {HUNDESTEUER, WIDERSPRUCH}),
    ("Hundesteuerbescheid", {HUNDESTEUER}),
    ("Bescheid", {HUNDESTEUER, WIDERSPRUCH}),
    ("Steuerbescheid", {HUNDESTEUER}),
    ("Genehmigung", {ANTRAG}),
    # several words: all must occur
    ("Widerspruch Hund", {HUNDESTEUER, WIDERSPRUCH}),
    ("Widerspruch Bäckerei", set()),
    # phrases
    ('"Widerspruch einlegen"', {HUNDESTEUER}),
    ('"einlegen Widerspruch"', set()),
    ('"Erteilung einer Baugenehmigung"', {ANTRAG}),
    # prefix
    ("Gewerbe*", {GEWERBE}),
    ("Steuerfest*", {WIDERSPRUCH}),
    ("Bauan*", {BAUANTRAEGE}),
    ("Baugen*", {ANTRAG}),
    # exclusion
    ("Bescheid -Jahr", {WIDERSPRUCH}),
    ('Hund -"Hund mehr halte"', {HUNDESTEUER}),
    # head fields: Absender, Aktenzeichen-like numbers, Betreff of Akte and Vorgang
    ("Erika Schmidt", {HUNDESTEUER, WIDERSPRUCH}),
    ("Lindenweg", {ANTRAG, BAUANTRAEGE}),
    ("Veranlagung", {HUNDESTEUER, WIDERSPRUCH}),
    # stop words alone are ignored inside a query
    ("der Widerspruch", {HUNDESTEUER, WIDERSPRUCH}),
]


@pytest.mark.parametrize(("q", "erwartet"), FAELLE, ids=[f[0] for f in FAELLE])
def test_query_finds_expected_documents(korpus, sb_a, q, erwartet):
    assert treffer(sb_a, q) == erwartet


def test_aktenzeichen_finds_the_vorgang_documents(korpus, sb_a):
    aktenzeichen = korpus["vorgaenge"]["steuer"].aktenzeichen
    assert treffer(sb_a, f'"{aktenzeichen}"') == {HUNDESTEUER, WIDERSPRUCH}


def test_filters(korpus, sb_a, oe_a, oe_a_bau, plan):
    assert treffer(sb_a, "Antrag", typ="antrag") == {ANTRAG, GEWERBE}
    assert treffer(sb_a, "", typ="bescheid") == {HUNDESTEUER}
    assert treffer(sb_a, "Antrag", organisationseinheit_id=oe_a_bau.pk) == {ANTRAG, BAUANTRAEGE}
    assert treffer(sb_a, "", organisationseinheit_id=oe_a.pk) == {GEWERBE, HUNDESTEUER, WIDERSPRUCH}
    assert treffer(
        sb_a,
        "",
        datum_von=datetime.date(2026, 1, 1),
        datum_bis=datetime.date(2026, 2, 28),
    ) == {HUNDESTEUER, WIDERSPRUCH}
    assert treffer(sb_a, "", vertraulich=True) == set()
    # a parent Aktenplaneinheit covers its subtree
    assert treffer(sb_a, "Antrag", aktenplaneinheit_id=plan["1"].pk) == {
        ANTRAG,
        BAUANTRAEGE,
        GEWERBE,
    }
    assert treffer(sb_a, "Antrag", aktenplaneinheit_id=plan["0"].pk) == set()


def test_status_filter_follows_zda(korpus, sb_a_bau):
    from aktenbund.records import services

    vorgang = korpus["vorgaenge"]["bau"]
    with kommune_scope(sb_a_bau.kommune_id):
        services.close_vorgang_zda(sb_a_bau, vorgang, verfuegung="erledigt")
    assert treffer(sb_a_bau, "Antrag", status="zda") == {ANTRAG, BAUANTRAEGE}
    assert treffer(sb_a_bau, "Antrag", status="offen") == {GEWERBE}


def test_facets_count_the_matches(korpus, sb_a, oe_a, oe_a_bau):
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q="Bescheid"))
    assert ergebnis.gesamt == 2
    assert {(f.wert, f.anzahl) for f in ergebnis.facetten["typ"]} == {
        ("bescheid", 1),
        ("schreiben", 1),
    }
    assert [(f.label, f.anzahl) for f in ergebnis.facetten["organisationseinheit"]] == [
        ("32 Ordnungsamt", 2)
    ]
    assert [(f.wert, f.anzahl) for f in ergebnis.facetten["status"]] == [("offen", 2)]
    assert [(f.wert, f.anzahl) for f in ergebnis.facetten["vertraulich"]] == [("0", 2)]


def test_snippets_mark_the_hits_and_escape_html(korpus, sb_a):
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q="Hundesteuer"))
    (eintrag,) = [t for t in ergebnis.treffer if t.eintrag.titel == HUNDESTEUER]
    assert "<mark>Hundesteuerbescheid</mark>" in eintrag.titel_html
    assert "<mark>Hundesteuer</mark>" in eintrag.snippet_html
    assert "<script" not in eintrag.snippet_html


def test_snippet_escapes_document_text(korpus, sb_a):
    from tests.search.conftest import add

    add(sb_a, korpus["vorgaenge"]["gewerbe"], "Skript", "Kassenprüfung <b>fett</b> & Co.")
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q="Kassenprüfung"))
    html = ergebnis.treffer[0].snippet_html
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "<mark>Kassenprüfung</mark>" in html


def test_sort_by_date_and_pagination(korpus, sb_a):
    with kommune_scope(sb_a.kommune_id):
        seite1 = suche(sb_a, Suchanfrage(q="", sortierung="datum", pro_seite=2))
        seite2 = suche(sb_a, Suchanfrage(q="", sortierung="datum", pro_seite=2, seite=2))
    titel = [t.eintrag.titel for t in seite1.treffer + seite2.treffer]
    assert titel == [GEWERBE, WIDERSPRUCH, HUNDESTEUER, BAUANTRAEGE]
    assert seite1.gesamt == 5 and seite1.seiten == 3


def test_relevance_prefers_head_fields(korpus, sb_a):
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q="Widerspruch"))
    assert ergebnis.treffer[0].eintrag.titel == WIDERSPRUCH


@pytest.mark.parametrize(
    ("anfrage", "feld"),
    [
        (Suchanfrage(q="x" * 501), "q"),
        (Suchanfrage(q="-Hund"), "q"),
        (Suchanfrage(q="der die das"), "q"),
        (Suchanfrage(q=" ".join(["a"] * 21)), "q"),
        (Suchanfrage(typ="unbekannt"), "typ"),
        (Suchanfrage(status="weg"), "status"),
        (Suchanfrage(sortierung="zufall"), "sortierung"),
        (
            Suchanfrage(datum_von=datetime.date(2026, 2, 1), datum_bis=datetime.date(2026, 1, 1)),
            "datum_bis",
        ),
        (Suchanfrage(pro_seite=0), "pro_seite"),
        (Suchanfrage(seite=0), "seite"),
    ],
)
def test_bad_input_names_the_field(korpus, sb_a, anfrage, feld):
    with kommune_scope(sb_a.kommune_id), pytest.raises(ValidationError) as exc:
        suche(sb_a, anfrage)
    assert feld in exc.value.errors
