"""The content of a Gewerbeanzeige as the services take it.

One shape for all three ways in (form, JSON API, XGewerbeanzeige import), so
one validation (`services.validierung`) applies to all. Types and lengths are
checked here; everything the GewAnzV requires (mandatory fields per
Anzeigeart and Rechtsform, plausible dates …) is checked by the service, so
that its errors can name the field number.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


def Text(max_length: int, description: str = ""):
    return Annotated[str, Field(max_length=max_length, description=description)]


class PersonDaten(BaseModel):
    """One person block: fields 4–11 (and 30, 31); funktion 4 = field 14."""

    model_config = ConfigDict(str_strip_whitespace=True)

    funktion: Literal["1", "2", "3", "4"] = Field(
        "1",
        description="1 Inhaber/in, 2 geschäftsführende/r Gesellschafter/in, "
        "3 gesetzliche/r Vertreter/in, 4 Betriebsleiter/in (Feld 14)",
    )
    familienname: Text(100, "Feld 4") = ""
    vornamen: Text(100, "Feld 5") = ""
    doktorgrad: Text(20) = ""
    geschlecht: Text(1, "Feld 6: 1 männlich, 2 weiblich, 3 divers, 4 ohne Angabe") = ""
    geburtsname: Text(100, "Feld 7") = ""
    geburtsdatum: datetime.date | None = Field(None, description="Feld 8")
    geburtsort: Text(100, "Feld 9") = ""
    geburtsland: Text(100, "Feld 9") = ""
    staatsangehoerigkeit: Text(3, "Feld 10, Destatis-Schlüssel (000 deutsch)") = ""
    weitere_staatsangehoerigkeit: Text(3) = ""
    wohn_strasse: Text(100, "Feld 11") = ""
    wohn_hausnummer: Text(20) = ""
    wohn_plz: Text(10) = ""
    wohn_ort: Text(100) = ""
    aufenthaltstitel_status: Text(1, "Feld 30") = ""
    aufenthaltstitel_datum: datetime.date | None = None
    aufenthaltstitel_behoerde: Text(200) = ""
    auflage: Text(2000, "Feld 31") = ""


class TaetigkeitDaten(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    beschreibung: Text(500) = ""
    wz_code: Text(8, "WZ 2008 Unterklasse, z. B. 96021 oder 96.02.1") = ""
    schwerpunkt: bool = False


class AnzeigeDaten(BaseModel):
    """Every field of GewAnzV Anlage 1–3 (see GET /api/v1/gewerbe/felder for numbers)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    anzeigeart: Literal["an", "um", "ab"] = Field(
        ..., description="an = GewA 1, um = GewA 2, ab = GewA 3"
    )
    gewerbebetrieb_id: int | None = Field(
        None, description="für Um- und Abmeldung: der Betrieb im Gewerberegister"
    )
    eingang_am: datetime.date | None = Field(None, description="Standard: heute")
    eingetragener_name: Text(200, "Feld 1") = ""
    rechtsform: Text(3, "Feld 1, Schlüssel der Rechtsform") = ""
    register_art: Text(3, "Feld 2: HRA, HRB, GnR, VR, PR") = ""
    register_nummer: Text(30, "Feld 2") = ""
    registergericht: Text(100, "Feld 2") = ""
    geschaeftsbezeichnung: Text(200, "Feld 3") = ""
    telefon: Text(50, "Feld 12") = ""
    email: Text(200, "Feld 12") = ""
    website: Text(200, "Feld 12") = ""
    zahl_vertreter: int | None = Field(None, ge=0, le=999, description="Feld 13")
    betrieb_strasse: Text(100, "Betriebsstätte") = ""
    betrieb_hausnummer: Text(20) = ""
    betrieb_plz: Text(5) = ""
    betrieb_ort: Text(100) = ""
    betrieb_ags: Text(8, "Gemeindeschlüssel; Standard: der der eigenen Kommune") = ""
    hn_strasse: Text(100, "Hauptniederlassung") = ""
    hn_hausnummer: Text(20) = ""
    hn_plz: Text(5) = ""
    hn_ort: Text(100) = ""
    fb_strasse: Text(100, "frühere Betriebsstätte") = ""
    fb_hausnummer: Text(20) = ""
    fb_plz: Text(5) = ""
    fb_ort: Text(100) = ""
    bisherige_taetigkeit: Text(2000, "GewA 2 Feld 19") = ""
    nebenerwerb: bool = False
    datum: datetime.date | None = Field(None, description="Beginn / Änderung / Aufgabe")
    art_industrie: bool = False
    art_handwerk: bool = False
    art_handel: bool = False
    art_sonstiges: bool = False
    vollzeit: int | None = Field(None, ge=0, le=1_000_000)
    teilzeit: int | None = Field(None, ge=0, le=1_000_000)
    niederlassungsart: Text(1, "1 Haupt-, 2 Zweigniederlassung, 3 unselbst. Zweigstelle") = ""
    reisegewerbe: bool = False
    automatenaufstellung: bool = False
    grund_anmeldung: Text(2) = ""
    grund_ummeldung: Text(2) = ""
    ursache_abmeldung: Text(2) = ""
    grund_abmeldung: Text(2) = ""
    frueherer_gewerbetreibender: Text(200) = ""
    unfallversicherung: Text(200) = ""
    erlaubnis: bool = False
    erlaubnis_behoerde: Text(200) = ""
    erlaubnis_datum: datetime.date | None = None
    handwerkskarte: bool = False
    handwerkskarte_kammer: Text(200) = ""
    handwerkskarte_datum: datetime.date | None = None
    kuenftig_strasse: Text(100) = ""
    kuenftig_hausnummer: Text(20) = ""
    kuenftig_plz: Text(5) = ""
    kuenftig_ort: Text(100) = ""
    kuenftiger_gewerbetreibender: Text(200) = ""
    unterschrieben_am: datetime.date | None = None
    altershinweis: Text(2000) = ""
    zoll_hinweis: bool = False
    personen: list[PersonDaten] = Field(default_factory=list, max_length=50)
    taetigkeiten: list[TaetigkeitDaten] = Field(default_factory=list, max_length=50)
    duplikat_bestaetigt: bool = Field(
        False, description="GewA 1: trotz ähnlicher Einträge im Register anlegen"
    )


# The columns of Gewerbeanzeige that AnzeigeDaten fills one to one.
ANZEIGE_SPALTEN = [
    name
    for name in AnzeigeDaten.model_fields
    if name
    not in {"anzeigeart", "gewerbebetrieb_id", "personen", "taetigkeiten", "duplikat_bestaetigt"}
]
PERSON_SPALTEN = list(PersonDaten.model_fields)
TAETIGKEIT_SPALTEN = list(TaetigkeitDaten.model_fields)


def daten_aus_anzeige(anzeige, anzeigeart: str | None = None) -> AnzeigeDaten:
    """The data of a filed Anzeige, as the start of the next one (GewA 2/3 forms)."""
    values = {name: getattr(anzeige, name) for name in ANZEIGE_SPALTEN}
    return AnzeigeDaten(
        anzeigeart=anzeigeart or anzeige.anzeigeart,
        gewerbebetrieb_id=anzeige.gewerbebetrieb_id,
        personen=[
            PersonDaten(**{n: getattr(p, n) for n in PERSON_SPALTEN})
            for p in anzeige.personen.all()
        ],
        taetigkeiten=[
            TaetigkeitDaten(**{n: getattr(t, n) for n in TAETIGKEIT_SPALTEN})
            for t in anzeige.taetigkeiten.all()
        ],
        **values,
    )
