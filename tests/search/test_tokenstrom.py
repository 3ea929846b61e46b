"""One token stream for index and query (issue 14, points 1, 2 and 4)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from aktenbund.search import analyse
from aktenbund.search.services.abfrage import parse
from aktenbund.tenancy.scope import kommune_scope
from tests.records.factories import make_akte, make_vorgang
from tests.search.conftest import add, treffer


def test_a_phrase_is_the_index_stream_of_its_words():
    text = "Verfügung 12-34/2026-0001 zum Antrag auf E-Mail-Zustellung"
    strom, _ = analyse.zerteile(text)
    for q in ("12-34/2026-0001", '"Antrag auf E-Mail-Zustellung"', "12-34/2026"):
        (begriff,) = parse(q).begriffe
        (folge,) = begriff.alternativen
        assert any(strom[i : i + len(folge)] == list(folge) for i in range(len(strom))), q


def test_joined_forms_stand_behind_a_gap():
    assert analyse.tokens("Bau-Antrag stellen") == [
        "bau", "antrag", "stell", analyse.LUECKE, "bauantrag", "bau", "antrag"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("umschrift", "umlaut"),
    [("Muell", "Müll"), ("Gruenflaeche", "Grünfläche"), ("Maehfahrzeug", "Mähfahrzeug")],
)
def test_transliteration_meets_the_umlaut_in_every_form(umschrift, umlaut):
    assert analyse.tokens(umschrift) == analyse.tokens(umlaut)
    assert analyse.falte(analyse.normalisiere(umschrift[:-1])) == analyse.falte(
        analyse.normalisiere(umlaut[:-1])
    )
    assert analyse.falte("feue") == "feue"  # a u between vowels is no umlaut
    assert analyse.falte("quel") == "quel"


@pytest.mark.parametrize(
    ("wort", "teile"),
    [
        ("pflanzgebot", ("pflanz", "gebot")),
        ("mähfahrzeug", ("mäh", "fahrzeug")),
        ("ausschankgenehmigung", ("ausschank", "genehmigung")),
        ("spülmaschine", ("spül", "maschine")),
        # verb forms and derivations are no compounds of a verb stem
        ("abweichende", ("abweichende",)),
        ("ablehnten", ("ablehnten",)),
        ("kontrollen", ("kontrollen",)),
        ("bestellung", ("bestellung",)),
    ],
)
def test_verb_stems_start_compounds(wort, teile):
    assert analyse.zerlege(wort) == teile


def test_migration_0009_writes_the_tokens_again(korpus, sb_a, plan):
    akte = make_akte(sb_a, plan["121"], "Ordnung")
    vorgang = make_vorgang(sb_a, akte, "Verfügungen")
    add(sb_a, vorgang, "Verfügung", "Zum Vorgang 12-34/2026-0001 und zum Pflanzgebot.")
    migration = importlib.import_module("aktenbund.search.migrations.0009_ein_tokenstrom")
    with kommune_scope(sb_a.kommune_id):  # the test's rows, under the app's role
        migration.vorwaerts(apps, None)
    assert treffer(sb_a, "12-34/2026-0001") == {"Verfügung"}
    assert treffer(sb_a, "Gebot") == {"Verfügung"}
    assert "Gewerbeanmeldung Bäckerei Müller" in treffer(sb_a, "Gewerbeanmeldung")
