"""One Anzeige per Anlage with every field filled, for the § 3 matrix and round trips."""

from __future__ import annotations

import datetime

from aktenbund.gewerbe.daten import AnzeigeDaten, TaetigkeitDaten
from tests.gewerbe.factories import anmelden, folgeanzeige, gmbh_daten, person

# Field key → the Anzeige's attributes that carry it (Betrieb-level fields).
ATTRIBUTE = {
    "name_rechtsform": ["eingetragener_name", "rechtsform"],
    "register": ["register_art", "register_nummer", "registergericht"],
    "geschaeftsbezeichnung": ["geschaeftsbezeichnung"],
    "erreichbarkeit": ["telefon", "email", "website"],
    "zahl_vertreter": ["zahl_vertreter"],
    "betriebsstaette": ["betrieb_strasse", "betrieb_hausnummer", "betrieb_plz", "betrieb_ort"],
    "hauptniederlassung": ["hn_strasse", "hn_hausnummer", "hn_plz", "hn_ort"],
    "fruehere_betriebsstaette": ["fb_strasse", "fb_hausnummer", "fb_plz", "fb_ort"],
    "bisherige_taetigkeit": ["bisherige_taetigkeit"],
    "nebenerwerb": ["nebenerwerb"],
    "datum": ["datum"],
    "betriebsart": ["art_industrie", "art_handwerk", "art_handel", "art_sonstiges"],
    "beschaeftigte": ["vollzeit", "teilzeit"],
    "niederlassungsart": ["niederlassungsart", "reisegewerbe", "automatenaufstellung"],
    "grund_neuerrichtung": ["grund_anmeldung"],
    "grund_uebernahme": ["grund_anmeldung"],
    "grund_ummeldung": ["grund_ummeldung"],
    "ursache_abmeldung": ["ursache_abmeldung"],
    "grund_abmeldung": ["grund_abmeldung"],
    "frueherer_gewerbetreibender": ["frueherer_gewerbetreibender"],
    "unfallversicherung": ["unfallversicherung"],
    "erlaubnis": ["erlaubnis", "erlaubnis_behoerde", "erlaubnis_datum"],
    "handwerkskarte": ["handwerkskarte", "handwerkskarte_kammer", "handwerkskarte_datum"],
    "kuenftige_anschrift": [
        "kuenftig_strasse",
        "kuenftig_hausnummer",
        "kuenftig_plz",
        "kuenftig_ort",
    ],
    "kuenftiger_gewerbetreibender": ["kuenftiger_gewerbetreibender"],
}
PERSON_ATTRIBUTE = {
    "familienname": ["familienname", "doktorgrad"],
    "vornamen": ["vornamen"],
    "geschlecht": ["geschlecht"],
    "geburtsname": ["geburtsname"],
    "geburtsdatum": ["geburtsdatum"],
    "geburtsort": ["geburtsort", "geburtsland"],
    "staatsangehoerigkeit": ["staatsangehoerigkeit", "weitere_staatsangehoerigkeit"],
    "wohnanschrift": ["wohn_strasse", "wohn_hausnummer", "wohn_plz", "wohn_ort"],
    "aufenthaltstitel": [
        "aufenthaltstitel_status",
        "aufenthaltstitel_datum",
        "aufenthaltstitel_behoerde",
    ],
    "auflage": ["auflage"],
}


def volle_anmeldung(kommune) -> AnzeigeDaten:
    """A GmbH's Zweigniederlassung taken over by purchase, with every field of Anlage 1."""
    daten = gmbh_daten(
        kommune,
        geschaeftsbezeichnung="Holzwerkstatt am Werratal",
        hn_strasse="Kölnische Straße",
        hn_hausnummer="8",
        hn_plz="34117",
        hn_ort="Kassel",
        fb_strasse="Alte Gasse",
        fb_hausnummer="1",
        fb_plz="34117",
        fb_ort="Kassel",
        niederlassungsart="2",
        reisegewerbe=True,
        nebenerwerb=True,
        art_industrie=True,
        art_sonstiges=True,
        grund_anmeldung="07",
        frueherer_gewerbetreibender="Holz Müller e.K.",
        unfallversicherung="BG BAU, Mitgliedsnummer 123456",
        erlaubnis=True,
        erlaubnis_behoerde="Werra-Meißner-Kreis",
        erlaubnis_datum=datetime.date(2025, 12, 1),
        handwerkskarte=True,
        handwerkskarte_kammer="Handwerkskammer Kassel",
        handwerkskarte_datum=datetime.date(2019, 6, 1),
        zoll_hinweis=True,
    )
    daten.personen[0] = person(
        funktion="3",
        familienname="Schröder",
        vornamen="Jonas",
        doktorgrad="Dr.",
        geschlecht="1",
        geburtsname="Wagner",
        weitere_staatsangehoerigkeit="129",
        wohn_plz=daten.betrieb_plz,
        wohn_ort=daten.betrieb_ort,
    )
    daten.personen[1].auflage = "Selbstständige Tätigkeit gestattet."
    daten.personen[1].aufenthaltstitel_status = "2"
    daten.taetigkeiten.append(
        TaetigkeitDaten(beschreibung="Montage von Fertigteilen", wz_code="43999")
    )
    return daten


def volle_anzeigen(actor) -> dict[int, object]:
    """Anlage → a filed Anzeige with every field of that Anlage filled."""
    an = anmelden(actor, volle_anmeldung(actor.kommune))
    um = anmelden(
        actor,
        folgeanzeige(
            actor,
            an,
            "um",
            grund_ummeldung="02",
            bisherige_taetigkeit="Zimmerei",
            datum=datetime.date(2026, 6, 1),
        ),
    )
    ab = anmelden(
        actor,
        folgeanzeige(
            actor,
            um,
            "ab",
            ursache_abmeldung="07",
            grund_abmeldung="01",
            kuenftiger_gewerbetreibender="Holzbau Nord GmbH",
            kuenftig_strasse="Am Markt",
            kuenftig_hausnummer="2",
            kuenftig_plz="37269",
            kuenftig_ort="Eschwege",
            datum=datetime.date(2026, 9, 30),
        ),
    )
    return {1: an, 2: um, 3: ab}
