"""A shared search corpus: one Kommune (Meinhard) with two OEs, a vertrauliche
Akte, and a second Kommune (Sontra). The same corpus runs on SQLite and on
PostgreSQL; the expected documents are written down once, per query."""

from __future__ import annotations

import datetime

import pytest

from aktenbund.records import services
from aktenbund.search.services import Suchanfrage, suche
from aktenbund.tenancy.scope import kommune_scope
from tests.records.conftest import *  # noqa: F403 (fixtures shared with records)
from tests.records.factories import make_akte, make_vorgang


def text_datei(text: str) -> bytes:
    return text.encode("utf-8")


def add(actor, vorgang, titel: str, text: str, **kwargs):
    kwargs.setdefault("datum", datetime.date(2026, 3, 1))
    with kommune_scope(actor.kommune_id):
        return services.add_dokument(
            actor,
            vorgang,
            titel=titel,
            dateiname=f"{titel[:20]}.txt",
            inhalt=text_datei(text),
            **kwargs,
        )


def treffer(user, q: str = "", **filters) -> set[str]:
    """The Titel of every Dokument `user` finds for `q` (all pages)."""
    with kommune_scope(user.kommune_id):
        ergebnis = suche(user, Suchanfrage(q=q, pro_seite=100, **filters))
    return {t.eintrag.titel for t in ergebnis.treffer}


@pytest.fixture
def korpus(sb_a, sb_a_bau, amtsleitung_a, plan, sb_b):
    """Titles are unique across the corpus; tests compare sets of Titel."""
    gewerbe = make_akte(sb_a, plan["121"], "Gewerbe Müller")
    v_gewerbe = make_vorgang(sb_a, gewerbe, "Anmeldung Bäckerei Müller")
    steuer = make_akte(sb_a, plan["121"], "Hundesteuer Schmidt")
    v_steuer = make_vorgang(sb_a, steuer, "Veranlagung 2026")
    bau = make_akte(sb_a_bau, plan["121"], "Bauvorhaben Lindenweg")
    v_bau = make_vorgang(sb_a_bau, bau, "Neubau Einfamilienhaus")
    geheim = make_akte(amtsleitung_a, plan["121"], "Personalsache Wagner", vertraulich=True)
    v_geheim = make_vorgang(amtsleitung_a, geheim, "Abmahnung")
    docs = {
        "gewerbe": add(
            sb_a,
            v_gewerbe,
            "Gewerbeanmeldung Bäckerei Müller",
            "Hiermit melde ich das Gewerbe Bäckerei zum 1. April an. Die Gewerbeanmeldung "
            "erfolgt für den Betrieb in der Hauptstraße 5.",
            typ="antrag",
            richtung="eingang",
            absender="Karl Müller",
            datum=datetime.date(2026, 3, 2),
        ),
        "hundesteuer": add(
            sb_a,
            v_steuer,
            "Hundesteuerbescheid 2026",
            "Für Ihren Hund wird die Hundesteuer für das Jahr 2026 festgesetzt. "
            "Gegen diesen Bescheid können Sie Widerspruch einlegen.",
            typ="bescheid",
            richtung="ausgang",
            empfaenger="Erika Schmidt",
            datum=datetime.date(2026, 1, 15),
        ),
        "widerspruch": add(
            sb_a,
            v_steuer,
            "Widerspruch gegen Steuerfestsetzung",
            "Ich lege Widerspruch gegen den Bescheid ein, da ich keinen Hund mehr halte.",
            typ="schreiben",
            richtung="eingang",
            absender="Erika Schmidt",
            datum=datetime.date(2026, 2, 1),
        ),
        "bauantraege": add(
            sb_a_bau,
            v_bau,
            "Eingangsbestätigung",
            "Wir bestätigen den Eingang Ihrer Bauanträge. Zu Bauanträgen dieser Art "
            "holen wir Stellungnahmen der Fachämter ein.",
            typ="schreiben",
            richtung="ausgang",
            datum=datetime.date(2025, 11, 20),
        ),
        "antrag": add(
            sb_a_bau,
            v_bau,
            "Antrag auf Baugenehmigung",
            "Antrag auf Erteilung einer Baugenehmigung für ein Einfamilienhaus am Lindenweg.",
            typ="antrag",
            richtung="eingang",
            datum=datetime.date(2025, 10, 5),
        ),
        "geheim": add(
            amtsleitung_a,
            v_geheim,
            "Abmahnung Wagner",
            "Vertrauliche Personalsache: Abmahnung wegen wiederholter Verspätung.",
            typ="vermerk",
            datum=datetime.date(2026, 2, 20),
        ),
    }
    andere = make_akte(sb_b, plan["121"], "Gewerbe Sontra")
    v_andere = make_vorgang(sb_b, andere, "Gewerbeanmeldung Schlosserei")
    docs["sontra"] = add(
        sb_b,
        v_andere,
        "Gewerbeanmeldung Schlosserei Sontra",
        "Anmeldung eines Gewerbes: Schlosserei. Hundesteuer wird nicht erhoben.",
        typ="antrag",
    )
    return {
        "akten": {"gewerbe": gewerbe, "steuer": steuer, "bau": bau, "geheim": geheim},
        "vorgaenge": {"gewerbe": v_gewerbe, "steuer": v_steuer, "bau": v_bau, "geheim": v_geheim},
        "docs": docs,
        "andere": andere,
    }
