"""Filing GewA 1/2/3: the register entry, its history and the validation a clerk relies on."""

from __future__ import annotations

import datetime

import pytest

from aktenbund.errors import Conflict, NotFound, ValidationError
from aktenbund.gewerbe import services
from aktenbund.gewerbe.models import Gewerbeanzeige, Gewerbebetrieb
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_user
from tests.gewerbe.factories import (
    anmelden,
    einzel_daten,
    folgeanzeige,
    gmbh_daten,
    person,
)


def _fehler(actor, daten) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc, kommune_scope(actor.kommune):
        services.submit_gewerbeanzeige(actor, daten)
    return exc.value.errors


def test_anmeldung_of_einzelunternehmen_creates_active_register_entry(gewerbeamt_a, kommune_a):
    anzeige = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    with kommune_scope(kommune_a):
        betrieb = Gewerbebetrieb.objects.get()
        assert betrieb.status == "aktiv"
        assert betrieb.aktuelle_anzeige == anzeige
        assert betrieb.betriebsnummer == 1
        assert anzeige.meldungsnummer == f"{datetime.date.today().year} 0001"
        assert anzeige.anzeigename == "Salon Anna"
        assert [t.wz_code for t in anzeige.taetigkeiten.all()] == ["96021", "47750"]
        assert anzeige.betrieb_ags == kommune_a.ags


def test_gmbh_with_two_geschaeftsfuehrer_and_betriebsleiter(gewerbeamt_a, kommune_a):
    anzeige = anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    with kommune_scope(kommune_a):
        funktionen = [p.funktion for p in anzeige.personen.all()]
    assert funktionen == ["3", "3", "4"]
    assert anzeige.anzeigename == "Werratal Holzbau GmbH"


def test_gmbh_without_register_names_field_2(gewerbeamt_a, kommune_a):
    fehler = _fehler(gewerbeamt_a, gmbh_daten(kommune_a, register_nummer="", registergericht=""))
    assert fehler["register_nummer"].startswith("Feld 2 (Ort und Nummer des Registereintrags)")
    assert "Registergericht" in fehler["registergericht"]


def test_gmbh_needs_a_legal_representative_and_matching_count(gewerbeamt_a, kommune_a):
    daten = gmbh_daten(kommune_a)
    daten.personen = [p for p in daten.personen if p.funktion == "4"]
    fehler = _fehler(gewerbeamt_a, daten)
    assert fehler["personen"].startswith("Feld 4 (Name)")
    assert "gesetzliche/n Vertreter/in" in fehler["personen"]
    fehler = _fehler(gewerbeamt_a, gmbh_daten(kommune_a, zahl_vertreter=3))
    assert fehler["zahl_vertreter"].startswith("Feld 13 (Zahl der geschäftsführenden")
    assert "2 Personenblöcke" in fehler["zahl_vertreter"]


def test_einzelunternehmen_needs_exactly_one_inhaber(gewerbeamt_a, kommune_a):
    daten = einzel_daten(kommune_a, personen=[person(), person(vornamen="Jörg")])
    assert "genau einen Block" in _fehler(gewerbeamt_a, daten)["personen"]


def test_gbr_needs_two_gesellschafter(gewerbeamt_a, kommune_a):
    daten = einzel_daten(
        kommune_a,
        rechtsform="210",
        eingetragener_name="Becker & Wolf GbR",
        zahl_vertreter=1,
        personen=[person(funktion="2")],
    )
    assert "mindestens zwei" in _fehler(gewerbeamt_a, daten)["personen"]


def test_person_fields_are_named_with_their_numbers(gewerbeamt_a, kommune_a):
    daten = einzel_daten(
        kommune_a, personen=[person(geschlecht="", geburtsdatum=None, wohn_ort="")]
    )
    fehler = _fehler(gewerbeamt_a, daten)
    assert (
        fehler["personen.0.geschlecht"]
        == "Feld 6 (Geschlecht): Person 1: Bitte das Geschlecht angeben."
    )
    assert fehler["personen.0.geburtsdatum"].startswith("Feld 8 (Geburtsdatum)")
    assert fehler["personen.0.wohn_ort"].startswith("Feld 11 (Anschrift der Wohnung)")


def test_beginn_before_sixteenth_birthday_needs_a_note(gewerbeamt_a, kommune_a):
    jung = person(geburtsdatum=datetime.date(2011, 5, 1))
    daten = einzel_daten(kommune_a, personen=[jung])
    assert "16. Geburtstag" in _fehler(gewerbeamt_a, daten)["datum"]
    assert _fehler(gewerbeamt_a, daten)["datum"].startswith("Feld 20 (Datum des Beginns")
    daten.altershinweis = "Genehmigung des Familiengerichts liegt vor (§ 112 BGB)."
    assert anmelden(gewerbeamt_a, daten).altershinweis


def test_implausible_dates(gewerbeamt_a, kommune_a):
    heute = datetime.date.today()
    daten = einzel_daten(
        kommune_a,
        datum=heute + datetime.timedelta(days=400),
        personen=[person(geburtsdatum=heute + datetime.timedelta(days=1))],
    )
    fehler = _fehler(gewerbeamt_a, daten)
    assert "mehr als ein Jahr in der Zukunft" in fehler["datum"]
    assert "in der Zukunft" in fehler["personen.0.geburtsdatum"]


def test_betriebsstaette_must_lie_in_the_kommune(gewerbeamt_a, kommune_a):
    fehler = _fehler(
        gewerbeamt_a, einzel_daten(kommune_a, betrieb_plz="36205", betrieb_ort="Sontra")
    )
    assert fehler["betrieb_plz"].startswith(
        "Feld 15 (Betriebsstätte): Die PLZ 36205 liegt nicht in Meinhard"
    )
    fehler = _fehler(gewerbeamt_a, einzel_daten(kommune_a, betrieb_ags="06636011"))
    assert "AGS 06636007" in fehler["betrieb_ags"]


def test_unknown_wz_code_and_missing_schwerpunkt(gewerbeamt_a, kommune_a):
    daten = einzel_daten(kommune_a)
    daten.taetigkeiten[0].wz_code = "99999"
    assert "keine Unterklasse der WZ 2008" in _fehler(gewerbeamt_a, daten)["taetigkeiten.0.wz_code"]
    daten.taetigkeiten[0].schwerpunkt = False
    assert _fehler(gewerbeamt_a, daten)["taetigkeiten"].startswith(
        "Feld 18 (Angemeldete Tätigkeit)"
    )


def test_person_without_freizuegigkeit_needs_aufenthaltstitel(gewerbeamt_a, kommune_a):
    daten = einzel_daten(kommune_a, personen=[person(staatsangehoerigkeit="332")])
    fehler = _fehler(gewerbeamt_a, daten)
    assert fehler["personen.0.aufenthaltstitel_status"].startswith("Feld 30 (Aufenthaltstitel)")


def test_uebernahme_needs_the_former_owner(gewerbeamt_a, kommune_a):
    fehler = _fehler(gewerbeamt_a, einzel_daten(kommune_a, grund_anmeldung="07"))
    assert fehler["frueherer_gewerbetreibender"].startswith("Feld 26")


def test_ummeldung_changes_the_register_but_keeps_the_filed_state(gewerbeamt_a, kommune_a):
    an = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    um = anmelden(
        gewerbeamt_a,
        folgeanzeige(
            gewerbeamt_a,
            an,
            "um",
            betrieb_strasse="Bahnhofstraße",
            betrieb_hausnummer="7",
            fb_strasse="Hauptstraße",
            fb_hausnummer="12",
            fb_plz="37276",
            fb_ort="Meinhard",
            grund_ummeldung="01",
            datum=datetime.date(2026, 5, 1),
        ),
    )
    with kommune_scope(kommune_a):
        betrieb = Gewerbebetrieb.objects.get()
        assert betrieb.aktuelle_anzeige == um
        assert um.vorherige == an
        assert Gewerbeanzeige.objects.get(pk=an.pk).betrieb_strasse == "Hauptstraße"
        assert betrieb.anzeigen.count() == 2


def test_ummeldung_verlegung_names_field_17(gewerbeamt_a, kommune_a):
    an = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    daten = folgeanzeige(gewerbeamt_a, an, "um", grund_ummeldung="01")
    assert _fehler(gewerbeamt_a, daten)["fb_strasse"].startswith(
        "Feld 17 (Bisherige Betriebsstätte)"
    )


def test_abmeldung_ends_the_entry_and_numbers_follow_anlage_3(gewerbeamt_a, kommune_a):
    an = anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    daten = folgeanzeige(
        gewerbeamt_a, an, "ab", ursache_abmeldung="01", datum=datetime.date(2026, 1, 1)
    )
    fehler = _fehler(gewerbeamt_a, daten)
    # Anlage 3 numbers the date 20 and the missing reason of the Aufgabe 28.
    assert fehler["datum"].startswith("Feld 20 (Datum der Betriebsaufgabe)")
    assert "vor der Anmeldung" in fehler["datum"]
    assert fehler["grund_abmeldung"].startswith("Feld 28 (Grund der Betriebsaufgabe)")
    daten.datum = datetime.date(2026, 9, 30)
    daten.grund_abmeldung = "01"
    anmelden(gewerbeamt_a, daten)
    with kommune_scope(kommune_a):
        betrieb = Gewerbebetrieb.objects.get()
    assert betrieb.status == "abgemeldet"
    assert betrieb.abgemeldet_am == datetime.date(2026, 9, 30)
    weitere = folgeanzeige(gewerbeamt_a, an, "um", grund_ummeldung="03")
    with pytest.raises(Conflict), kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(gewerbeamt_a, weitere)


def test_ummeldung_needs_a_betrieb_of_the_own_kommune(
    gewerbeamt_a, gewerbeamt_b, kommune_a, kommune_b
):
    fremd = anmelden(gewerbeamt_b, einzel_daten(kommune_b))
    daten = einzel_daten(kommune_a, anzeigeart="um", grund_anmeldung="", grund_ummeldung="03")
    assert "gewerbebetrieb_id" in _fehler(gewerbeamt_a, daten)
    daten.gewerbebetrieb_id = fremd.gewerbebetrieb_id
    with pytest.raises(NotFound), kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(gewerbeamt_a, daten)


def test_similar_entry_is_warned_and_filed_after_confirmation(gewerbeamt_a, kommune_a):
    anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    with pytest.raises(services.DuplikatWarnung) as exc, kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(gewerbeamt_a, einzel_daten(kommune_a))
    assert "Salon Anna" in exc.value.message
    assert len(exc.value.betriebe) == 1
    anmelden(gewerbeamt_a, einzel_daten(kommune_a, duplikat_bestaetigt=True))
    with kommune_scope(kommune_a):
        assert Gewerbebetrieb.objects.count() == 2


def test_failed_filing_leaves_nothing(gewerbeamt_a, kommune_a):
    _fehler(gewerbeamt_a, einzel_daten(kommune_a, rechtsform=""))
    with kommune_scope(kommune_a):
        assert not Gewerbebetrieb.objects.exists()
        assert not Gewerbeanzeige.objects.exists()


def test_only_the_gewerbeamt_files(kommune_a, clerk_a):
    with pytest.raises(NotFound), kommune_scope(kommune_a):
        services.submit_gewerbeanzeige(clerk_a, einzel_daten(kommune_a))
    leitung = make_user(kommune_a, "meinhard.leitung", ["amtsleitung"])
    with kommune_scope(kommune_a):
        assert list(services.register(leitung)) == []
        with pytest.raises(NotFound):
            services.submit_gewerbeanzeige(leitung, einzel_daten(kommune_a))


def test_register_search(gewerbeamt_a, kommune_a):
    anmelden(gewerbeamt_a, einzel_daten(kommune_a))
    anmelden(gewerbeamt_a, gmbh_daten(kommune_a))
    with kommune_scope(kommune_a):
        assert [
            b.aktuelle_anzeige.anzeigename for b in services.suche(gewerbeamt_a, q="holzbau")
        ] == ["Werratal Holzbau GmbH"]
        assert services.suche(gewerbeamt_a, q="Becker").count() == 1
        assert services.suche(gewerbeamt_a, wz="96").count() == 1
        assert services.suche(gewerbeamt_a, rechtsform="350").count() == 1
        assert services.suche(gewerbeamt_a, status="abgemeldet").count() == 0
