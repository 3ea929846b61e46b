"""The PostgreSQL plan reads a Kommune's matches in date slices; the result must be
exactly the newest matches, whatever the slice sizes and the statistics say."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection

from aktenbund.search.models import Suchindex
from aktenbund.search.services import Suchanfrage, suche
from aktenbund.search.services.abfrage import Kandidaten, kandidaten_tsquery, parse
from aktenbund.tenancy.scope import kommune_scope
from tests.search.conftest import add, treffer

suche_modul = importlib.import_module("aktenbund.search.services.suche")


def _tage(*zaehlungen: tuple[str, int]):
    daten = [datetime.date.fromisoformat(d) for d, _ in zaehlungen]
    summen, summe = [], 0
    for _, n in zaehlungen:
        summe += n
        summen.append(summe)
    return suche_modul._Tage(daten, summen)


def test_slices_cover_the_dates_without_gap_or_overlap():
    tage = _tage(("2026-05-01", 2), ("2026-04-01", 3), ("2026-03-01", 5), ("2026-01-01", 10))
    scheiben = suche_modul._Scheiben(tage, Suchanfrage(q="x"))
    assert scheiben.weiter(2) == (datetime.date(2026, 5, 1), None, 2)
    assert scheiben.weiter(6) == (datetime.date(2026, 3, 1), datetime.date(2026, 5, 1), 10)
    assert scheiben.weiter(1e9) == (None, datetime.date(2026, 3, 1), 20)


def test_slices_respect_the_date_filters():
    tage = _tage(("2026-05-01", 2), ("2026-04-01", 3), ("2026-03-01", 5), ("2026-01-01", 10))
    anfrage = Suchanfrage(
        q="x", datum_von=datetime.date(2026, 2, 1), datum_bis=datetime.date(2026, 4, 15)
    )
    scheiben = suche_modul._Scheiben(tage, anfrage)
    # 2026-05-01 lies after datum_bis: the first slice starts counting at 2026-04-01.
    assert scheiben.weiter(3) == (datetime.date(2026, 4, 1), None, 3)
    assert scheiben.weiter(100) == (None, datetime.date(2026, 4, 1), 8)


@pytest.fixture
def viele(korpus, sb_a):
    """Eleven more Dokumente on eleven dates, newer than the rest of the corpus,
    each with "Kassenprüfung", every third also with "Nachprüfung"."""
    vorgang = korpus["vorgaenge"]["gewerbe"]
    for n in range(11):
        text = "Kassenprüfung der Gemeindekasse." + (" Nachprüfung folgt." if n % 3 == 0 else "")
        add(sb_a, vorgang, f"Prüfbericht {n:02d}", text, datum=datetime.date(2026, 4, 1 + n))


def _erwartet(sb_a, q: str, anzahl: int) -> list[str]:
    """The newest `anzahl` matches by brute force, from one unsliced search."""
    with kommune_scope(sb_a.kommune_id):
        alle = suche(sb_a, Suchanfrage(q=q, sortierung="datum", pro_seite=100))
    return [t.eintrag.titel for t in alle.treffer][:anzahl]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the slices are PostgreSQL's plan")
@pytest.mark.parametrize(
    "q",
    [
        "Kassenprüfung",
        "Nachprüfung",
        "Gemeindekasse -Nachprüfung",
        # Prefixes walk their first slice with the query in function form.
        "Kassenprü*",
        "Nachprü*",
        "Gemeindeka* -Nachprüfung",
    ],
)
@pytest.mark.parametrize("erste", [1, 2, 5])
# 0.08: common terms walk on; 1.01: never walk on, the RUM index gives the rest.
@pytest.mark.parametrize("wandern_ab", [0.08, 1.01])
def test_sliced_search_equals_the_newest_matches(viele, sb_a, monkeypatch, q, erste, wandern_ab):
    erwartet = _erwartet(sb_a, q, 5)
    # Exact per-day counts of the Kommune's rows, as the statistics would estimate them.
    with kommune_scope(sb_a.kommune_id), connection.cursor() as cursor:
        cursor.execute(
            "SELECT datum, count(*) FROM search_suchindex WHERE kommune_id = %s "
            "GROUP BY datum ORDER BY datum DESC",
            [sb_a.kommune_id],
        )
        zaehlungen = [(d.isoformat(), n) for d, n in cursor.fetchall()]
    monkeypatch.setattr(suche_modul, "_tage", lambda cursor, kommune_id: _tage(*zaehlungen))
    monkeypatch.setattr(suche_modul, "ZAEHL_CAP", 4)
    monkeypatch.setattr(suche_modul, "ERSTE_SCHEIBE", erste)
    monkeypatch.setattr(suche_modul, "WANDERN_AB", wandern_ab)
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q=q, sortierung="datum", pro_seite=5))
    assert [t.eintrag.titel for t in ergebnis.treffer] == erwartet
    assert ergebnis.gesamt == min(4, len(erwartet))
    assert ergebnis.gesamt_genau == (len(erwartet) <= 4)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_statistics_are_read_inside_a_kommune_scope_only(korpus, sb_a):
    with kommune_scope(sb_a.kommune_id), connection.cursor() as cursor:
        cursor.execute(suche_modul.STATISTIK_SQL)
        assert cursor.fetchone() is not None
    with kommune_scope(None), connection.cursor() as cursor:
        cursor.execute(suche_modul.STATISTIK_SQL)
        assert cursor.fetchone() is None


def test_hyphenated_compound_is_found_by_the_compound(korpus, sb_a):
    vorgang = korpus["vorgaenge"]["gewerbe"]
    add(sb_a, vorgang, "Nachtrag", "Der Bau-Antrag für die Garage folgt mit der Hunde-Steuer.")
    with kommune_scope(sb_a.kommune_id):
        titel = {t.eintrag.titel for t in suche(sb_a, Suchanfrage(q="Bauantrag")).treffer}
        hund = {t.eintrag.titel for t in suche(sb_a, Suchanfrage(q="Hundesteuer")).treffer}
        phrase = {t.eintrag.titel for t in suche(sb_a, Suchanfrage(q='"Bau Antrag"')).treffer}
    assert "Nachtrag" in titel and "Nachtrag" in hund and "Nachtrag" in phrase


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's RUM indexes")
def test_every_kommune_has_its_own_rum_index_and_a_new_one_gets_one(korpus, kommune_a):
    from tests.factories import make_kommune

    neu = make_kommune(None, "Neuhof", "06631017")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_suchindex' "
            "AND indexname LIKE 'search_suchindex_%%'"
        )
        indexe = dict(cursor.fetchall())
    for kommune_id in (kommune_a.pk, neu.pk):
        definition = indexe[f"search_suchindex_rum_{kommune_id}"]
        assert "USING rum (suchvektor rum_tsvector_addon_ops, reihe)" in definition
        assert f"WHERE (kommune_id = {kommune_id})" in definition
        definition = indexe[f"search_suchindex_paare_{kommune_id}"]
        assert "USING rum (paarvektor rum_tsvector_addon_ops, reihe)" in definition
        assert f"(kommune_id = {kommune_id}) AND (paarvektor IS NOT NULL)" in definition
    assert not [name for name in indexe if name.startswith("search_suchindex_vektor_")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the RUM index's order")
def test_reihe_follows_datum_and_id(korpus, sb_a):
    vorgang = korpus["vorgaenge"]["gewerbe"]
    dokument = add(sb_a, vorgang, "Reihenfolge", "Text", datum=datetime.date(2026, 4, 2))
    with kommune_scope(sb_a.kommune_id):
        zeile = Suchindex.objects.get(dokument=dokument)
        tage = (datetime.date(2026, 4, 2) - datetime.date(2000, 1, 1)).days
        assert zeile.reihe == tage * 2**32 + zeile.pk
        Suchindex.objects.filter(pk=zeile.pk).update(datum=datetime.date(2026, 4, 3))
        zeile.refresh_from_db()
        assert zeile.reihe == (tage + 1) * 2**32 + zeile.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
@pytest.mark.parametrize("q", ["Kassenprüfung", "Nachprüfung", '"Kassenprüfung der Gemeindekasse"'])
def test_without_statistics_the_rum_index_gives_the_newest_matches(viele, sb_a, monkeypatch, q):
    erwartet = _erwartet(sb_a, q, 5)
    monkeypatch.setattr(suche_modul, "_tage", lambda cursor, kommune_id: _tage())
    monkeypatch.setattr(suche_modul, "ZAEHL_CAP", 4)
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q=q, sortierung="datum", pro_seite=5))
    assert [t.eintrag.titel for t in ergebnis.treffer] == erwartet


def test_no_phrase_no_candidate_query():
    assert kandidaten_tsquery(parse("Hundesteuer Antrag")) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_a_phrase_through_the_rum_index_needs_the_words_side_by_side(
    viele, korpus, sb_a, monkeypatch
):
    vorgang = korpus["vorgaenge"]["gewerbe"]
    add(
        sb_a,
        vorgang,
        "Beide Wörter, keine Phrase",
        "Die Gemeindekasse bittet um die Kassenprüfung.",
        datum=datetime.date(2026, 5, 1),
    )
    monkeypatch.setattr(suche_modul, "_tage", lambda cursor, kommune_id: _tage())
    with kommune_scope(sb_a.kommune_id):
        ergebnis = suche(sb_a, Suchanfrage(q='"Kassenprüfung der Gemeindekasse"', pro_seite=100))
    titel = {t.eintrag.titel for t in ergebnis.treffer}
    assert "Beide Wörter, keine Phrase" not in titel
    assert len(titel) == 11


def test_phrase_candidates_are_the_token_pairs_at_the_word_boundaries():
    # "Haushaltsplan" ends with its head "plan", the next word starts whole;
    # after a marker ("Frau Haushaltsplan") a name stays whole: both pairs.
    abfrage = parse('"Haushaltsplan Ortsbeirat" Antrag -Gebühr')
    assert kandidaten_tsquery(abfrage) == Kandidaten(
        "('~plan~ortsbeirat' | '~haushaltsplan~ortsbeirat')", "'antrag'"
    )
    # A prefix after a word: the pair ends with the prefix.
    assert kandidaten_tsquery(parse("Bau-Antr*")) == Kandidaten("'~bau~antr':*", None)
    # One compound in quotes has no boundary: its whole token, without its parts.
    assert kandidaten_tsquery(parse('"Hundesteuer"')) == Kandidaten(None, "'hundesteu'")


def _rum(monkeypatch) -> None:
    """No statistics: the search goes to the RUM index at once."""
    monkeypatch.setattr(suche_modul, "_tage", lambda cursor, kommune_id: _tage())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
@pytest.mark.parametrize("q", ['"Gemeinde Kasse"', "Gemeinde-Kas*"])
def test_a_phrase_across_the_parts_of_a_compound_is_found_through_the_pairs(
    viele, sb_a, monkeypatch, q
):
    # "Gemeindekasse" is indexed gemeindekass gemeind kass: the pair of its parts
    # is a lexeme too, so the phrase of the parts still finds it.
    _rum(monkeypatch)
    assert len(treffer(sb_a, q) & {f"Prüfbericht {n:02d}" for n in range(11)}) == 11


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")
def test_an_edited_titel_takes_its_phrase_pairs_along(korpus, sb_a, monkeypatch):
    from aktenbund.records import services as records

    _rum(monkeypatch)
    dokument = add(sb_a, korpus["vorgaenge"]["gewerbe"], "Kassenbuch Dezember", "Kein Text.")
    assert "Kassenbuch Dezember" in treffer(sb_a, '"Kassenbuch Dezember"')
    with kommune_scope(sb_a.kommune_id):
        records.update_dokument(
            sb_a,
            dokument,
            titel="Kassenbuch Januar",
            typ=dokument.typ,
            richtung=dokument.richtung,
            datum=dokument.datum,
        )
    assert "Kassenbuch Januar" not in treffer(sb_a, '"Kassenbuch Dezember"')
    assert "Kassenbuch Januar" in treffer(sb_a, '"Kassenbuch Januar"')
    with kommune_scope(sb_a.kommune_id), connection.cursor() as cursor:
        cursor.execute(
            "SELECT paarvektor = aktenbund_wortpaare(suchvektor), "
            "paarvektor @@ %s::tsquery, paarvektor @@ %s::tsquery "
            "FROM search_suchindex WHERE dokument_id = %s",
            [
                kandidaten_tsquery(parse('"Kassenbuch Januar"')).paare,
                kandidaten_tsquery(parse('"Kassenbuch Dezember"')).paare,
                dokument.pk,
            ],
        )
        assert cursor.fetchone() == (True, True, False)
