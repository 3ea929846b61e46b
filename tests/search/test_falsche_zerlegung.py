"""No false splits (issue 14, point 3): the decompounder takes only words of
the Hunspell lexicon as parts, never splits the Verbund's names or a family
name the text marks as one, and dates meet in both ways of writing them."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps

from aktenbund.records.demo_szenarien import NACHNAMEN, ORTE, STRASSEN
from aktenbund.search import analyse, lexikon
from aktenbund.search.services.abfrage import parse
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte, make_vorgang
from tests.search.conftest import add, treffer


@pytest.mark.parametrize(
    ("wort", "teile"),
    [
        # words that contain shorter words without being compounds
        ("zustellung", ("zustellung",)),
        ("einstellung", ("einstellung",)),
        ("aufstellung", ("aufstellung",)),
        ("unterstellung", ("unterstellung",)),
        ("klärschlamm", ("klär", "schlamm")),
        ("scheunenbrand", ("scheunen", "brand")),
        ("zweitwohnungsteuer", ("zweit", "wohnung", "steuer")),
        ("feuerwehreinsatz", ("feuerwehr", "einsatz")),
        # compounds still split
        ("gewerbeanmeldung", ("gewerbe", "anmeldung")),
        ("hundesteuerbescheid", ("hunde", "steuer", "bescheid")),
        ("müllabfuhr", ("müll", "abfuhr")),
        ("muellabfuhr", ("muell", "abfuhr")),
        ("pflanzgebot", ("pflanz", "gebot")),
        ("kirchstrasse", ("kirch", "strasse")),
    ],
)
def test_only_words_of_the_lexicon_are_parts(wort, teile):
    assert analyse.zerlege(wort) == teile


def test_lunge_and_tel_do_not_find_zustellung():
    tokens = analyse.tokens("Zustellung, Einstellung und Aufstellung")
    for wort in ("Lunge", "Tel", "Zus", "Lamm"):
        (begriff,) = parse(wort).begriffe
        assert not begriff.treffer_tokens & set(tokens), wort


def _namen_der_demodaten() -> set[str]:
    namen = {name for name, *_ in tenancy_demo.KOMMUNEN}
    namen |= {o for _, ortsteile in ORTE.values() for o in ortsteile}
    namen |= set(STRASSEN) | set(NACHNAMEN) | set(tenancy_demo.NACHNAMEN)
    return namen


def test_every_name_of_the_demo_data_is_a_name_of_the_verbund():
    woerter = {
        analyse.normalisiere(w)
        for name in _namen_der_demodaten()
        for w in analyse.WORT.findall(name)
    }
    fehlend = woerter - lexikon.eigennamen() - analyse.stopwoerter()
    assert not fehlend


@pytest.mark.parametrize("name", sorted(_namen_der_demodaten()))
def test_names_of_the_verbund_are_never_split(name):
    for wort in analyse.WORT.findall(analyse.normalisiere(name)):
        assert len(analyse.expandiere(wort)) <= 1, wort  # "Am Anger": "am" is a stop word


def test_a_family_name_after_herr_or_frau_stays_whole():
    assert analyse.tokens("Frau Lindemann und Herrn Dr. Rehbein") == [
        "frau", "lindemann", "herrn", "dr", "rehbein"
    ]  # fmt: skip
    assert "mann" in analyse.tokens("der Lindemann-Bericht")  # no marker: a compound


def test_a_phrase_without_the_marker_finds_the_name(korpus, sb_a, plan):
    vorgang = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Anträge"), "Anträge")
    add(sb_a, vorgang, "Schreiben", "Frau Lindemann beantragt eine Fristverlängerung.")
    assert treffer(sb_a, '"Lindemann beantragt"') == {"Schreiben"}
    assert treffer(sb_a, '"Frau Lindemann beantragt"') == {"Schreiben"}
    assert treffer(sb_a, "Mann") == set()
    assert treffer(sb_a, "Linde") == set()


def test_a_village_is_no_ordinary_noun(korpus, sb_a, plan):
    vorgang = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Ortsteile"), "Ortsteile")
    add(sb_a, vorgang, "Ortsbegehung", "Ortsbegehung in Weißenbach und Hundelshausen.")
    add(sb_a, vorgang, "Gewässer", "Der Bach führt Hochwasser; die Hunde bellen.")
    assert treffer(sb_a, "Bach") == {"Gewässer"}
    assert "Ortsbegehung" not in treffer(sb_a, "Hund")
    assert treffer(sb_a, "Weißenbach") == {"Ortsbegehung"}
    assert treffer(sb_a, "Ortsbegehung -Bach") == {"Ortsbegehung"}


def test_dates_meet_in_both_forms(korpus, sb_a, plan):
    vorgang = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Termine"), "Termine")
    eingang = datetime.date(2026, 2, 20)  # the Datum is a head field: another day
    add(sb_a, vorgang, "Deutsch", "Ortstermin am 1.3.2026 um 10 Uhr.", datum=eingang)
    add(sb_a, vorgang, "ISO", "Termin: 2026-03-01, Ort: Rathaus.", datum=eingang)
    add(sb_a, vorgang, "Anderer Tag", "Ortstermin am 02.03.2026.", datum=eingang)
    for q in ("01.03.2026", "1.3.2026", "2026-03-01"):
        assert treffer(sb_a, q) == {"Deutsch", "ISO"}, q


def test_migration_0010_writes_the_tokens_again(korpus, sb_a, plan):
    vorgang = make_vorgang(sb_a, make_akte(sb_a, plan["121"], "Post"), "Zustellungen")
    add(sb_a, vorgang, "Zustellung", "Zustellung an Frau Rehbein am 01.03.2026.")
    migration = importlib.import_module("aktenbund.search.migrations.0010_lexikon_eigennamen_daten")
    with kommune_scope(sb_a.kommune_id):
        migration.Migration.operations[0].code(apps, None)
    assert treffer(sb_a, "2026-03-01") == {"Zustellung"}
    assert treffer(sb_a, "Lunge") == set()
    assert treffer(sb_a, "Bein") == set()


def test_without_the_dictionary_the_analysis_refuses_to_run(monkeypatch, tmp_path):
    monkeypatch.setattr(lexikon, "HUNSPELL_DE", tmp_path / "de_DE")
    lexikon._lexikon.cache_clear()
    try:
        with pytest.raises(lexikon.LexikonFehlt, match="hunspell-de-de"):
            lexikon._lexikon()
    finally:
        lexikon._lexikon.cache_clear()
