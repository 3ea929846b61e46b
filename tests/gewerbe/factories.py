"""Gewerbe test data: complete Anzeigen as a Gewerbeamt would record them."""

from __future__ import annotations

import datetime

from aktenbund.gewerbe import services
from aktenbund.gewerbe.daten import AnzeigeDaten, PersonDaten, TaetigkeitDaten
from aktenbund.gewerbe.models import Gewerbeanzeige
from aktenbund.records import services as records
from aktenbund.tenancy.models import Kommune, Organisationseinheit, User
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe, make_user

# PLZ of the test Kommunen (tests/conftest.py): Meinhard and Sontra.
PLZ = {"06636007": ("37276", "Meinhard"), "06636011": ("36205", "Sontra")}


def gewerbe_aktenplan() -> None:
    """The Verbund's Gewerbe nodes (12, 121, 122) the Fachverfahren files under."""
    admin = User.objects.get(username="verbund.admin")
    with kommune_scope(None):
        vorhanden = {e.kennzeichen: e for e in records.aktenplan_for(None)}
    eltern = None
    for kennzeichen, titel, parent in (
        ("1", "Sicherheit und Ordnung", None),
        ("12", "Gewerbe", "1"),
        ("121", "Gewerbeanzeigen (§ 14 GewO)", "12"),
        ("122", "Gewerberegister, Gewerberegisterauskünfte", "12"),
    ):
        if kennzeichen not in vorhanden:
            eltern = vorhanden.get(parent) if parent else None
            vorhanden[kennzeichen] = records.create_aktenplaneinheit(
                admin,
                parent=eltern,
                kennzeichen=kennzeichen,
                titel=titel,
                beschreibung="",
                aufbewahrungsfrist=10,
                aussonderungsart="B",
            )


def make_gewerbeamt(kommune: Kommune, username: str | None = None) -> User:
    """A Gewerbeamt clerk in the Kommune's OE 32.1 (created on first use)."""
    gewerbe_aktenplan()
    admin = User.objects.get(username="verbund.admin")
    with kommune_scope(kommune):
        oe = Organisationseinheit.objects.filter(kurzzeichen="32.1").first()
    if oe is None:
        oe = make_oe(admin, kommune, "32.1", "Gewerbeamt")
    return make_user(
        kommune,
        username or f"{kommune.name.lower()}.gewerbeamt",
        ["gewerbeamt"],
        organisationseinheit_ids=[oe.pk],
    )


def person(**overrides) -> PersonDaten:
    values = dict(
        funktion="1",
        familienname="Becker",
        vornamen="Anna",
        geschlecht="2",
        geburtsdatum=datetime.date(1985, 4, 12),
        geburtsort="Kassel",
        geburtsland="Deutschland",
        staatsangehoerigkeit="000",
        wohn_strasse="Lindenweg",
        wohn_hausnummer="3",
        wohn_plz="37276",
        wohn_ort="Meinhard",
    )
    values.update(overrides)
    return PersonDaten(**values)


def einzel_daten(kommune: Kommune, **overrides) -> AnzeigeDaten:
    """A GewA 1 of a not registered Einzelunternehmen (a hairdresser)."""
    plz, ort = PLZ.get(kommune.ags, ("37276", kommune.name))
    values = dict(
        anzeigeart="an",
        rechtsform="180",
        geschaeftsbezeichnung="Salon Anna",
        telefon="05651 12345",
        email="salon@example.org",
        betrieb_strasse="Hauptstraße",
        betrieb_hausnummer="12",
        betrieb_plz=plz,
        betrieb_ort=ort,
        datum=datetime.date(2026, 3, 1),
        art_handwerk=True,
        niederlassungsart="1",
        grund_anmeldung="01",
        vollzeit=1,
        teilzeit=2,
        handwerkskarte=True,
        handwerkskarte_kammer="Handwerkskammer Kassel",
        handwerkskarte_datum=datetime.date(2020, 6, 1),
        personen=[person(wohn_plz=plz, wohn_ort=ort)],
        taetigkeiten=[
            TaetigkeitDaten(beschreibung="Friseurhandwerk", wz_code="96021", schwerpunkt=True),
            TaetigkeitDaten(beschreibung="Verkauf von Haarpflegeprodukten", wz_code="47750"),
        ],
    )
    values.update(overrides)
    return AnzeigeDaten(**values)


def gmbh_daten(kommune: Kommune, **overrides) -> AnzeigeDaten:
    """A GewA 1 of a GmbH with two Geschäftsführer."""
    plz, ort = PLZ.get(kommune.ags, ("37276", kommune.name))
    values = dict(
        anzeigeart="an",
        eingetragener_name="Werratal Holzbau GmbH",
        rechtsform="350",
        register_art="HRB",
        register_nummer="12345",
        registergericht="Kassel",
        telefon="05653 998877",
        email="info@werratal-holzbau.example",
        website="https://werratal-holzbau.example",
        zahl_vertreter=2,
        betrieb_strasse="Industriestraße",
        betrieb_hausnummer="4",
        betrieb_plz=plz,
        betrieb_ort=ort,
        datum=datetime.date(2026, 2, 1),
        art_handwerk=True,
        art_handel=True,
        vollzeit=6,
        teilzeit=1,
        niederlassungsart="1",
        grund_anmeldung="01",
        erlaubnis=False,
        personen=[
            person(
                funktion="3",
                familienname="Schröder",
                vornamen="Jonas",
                geschlecht="1",
                wohn_plz=plz,
                wohn_ort=ort,
            ),
            person(
                funktion="3",
                familienname="Yilmaz",
                vornamen="Elif",
                geschlecht="2",
                geburtsdatum=datetime.date(1979, 11, 3),
                staatsangehoerigkeit="163",
                aufenthaltstitel_status="1",
                aufenthaltstitel_datum=datetime.date(2015, 1, 5),
                aufenthaltstitel_behoerde="Werra-Meißner-Kreis",
                wohn_plz=plz,
                wohn_ort=ort,
            ),
            person(
                funktion="4",
                familienname="Krause",
                vornamen="Uwe",
                geschlecht="1",
                wohn_plz=plz,
                wohn_ort=ort,
            ),
        ],
        taetigkeiten=[
            TaetigkeitDaten(beschreibung="Zimmerei und Holzbau", wz_code="43912", schwerpunkt=True),
            TaetigkeitDaten(beschreibung="Handel mit Bauholz", wz_code="46731"),
        ],
    )
    values.update(overrides)
    return AnzeigeDaten(**values)


def anmelden(actor: User, daten: AnzeigeDaten) -> Gewerbeanzeige:
    with kommune_scope(actor.kommune):
        return services.submit_gewerbeanzeige(actor, daten)


def folgeanzeige(actor: User, vorher: Gewerbeanzeige, anzeigeart: str, **overrides):
    """A GewA 2/3 starting from the Betrieb's current data."""
    from aktenbund.gewerbe.daten import daten_aus_anzeige

    with kommune_scope(actor.kommune):
        daten = daten_aus_anzeige(vorher, anzeigeart)
    values = daten.model_dump()
    values.update(
        grund_anmeldung="",
        gewerbebetrieb_id=vorher.gewerbebetrieb_id,
    )
    values.update(overrides)
    return AnzeigeDaten(**values)
