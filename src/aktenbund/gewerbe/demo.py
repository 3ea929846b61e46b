"""Demo Gewerberegister: a few hundred Betriebe with histories in the eleven Kommunen.

Every Anzeige goes through `submit_gewerbeanzeige` as the Kommune's demo
Gewerbeamt clerk records it: validated, filed as a Vorgang with its PDFs,
messages queued. That takes about a second per Anzeige (the PDFs), so the
number is adjustable: `AKTENBUND_DEMO_GEWERBE` = Betriebe in the whole
Verbund (default 300), spread by Einwohner. A Kommune that has Betriebe
already is left as it is, so running it again adds nothing.
"""

from __future__ import annotations

import datetime
import os
import random
from collections.abc import Callable

from aktenbund.errors import ValidationError
from aktenbund.gewerbe import katalog, services
from aktenbund.gewerbe.daten import AnzeigeDaten, PersonDaten, TaetigkeitDaten, daten_aus_anzeige
from aktenbund.gewerbe.models import Gewerbebetrieb
from aktenbund.tenancy import demo as tenancy_demo
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

STANDARD_ANZAHL = 300

# (Tätigkeit, WZ 2008, Betriebsart, Handwerkskarte, Rechtsformen to pick from, Namensmuster)
GEWERBE = [
    ("Friseurhandwerk", "96021", "handwerk", True, ["180", "170"], "Salon {vorname}"),
    ("Kosmetikstudio", "96022", "sonstiges", False, ["180"], "Kosmetik {vorname}"),
    (
        "Einzelhandel mit Backwaren",
        "47240",
        "handel",
        False,
        ["180", "350"],
        "Backstube {nachname}",
    ),
    ("Bäckerei und Konditorei", "10710", "handwerk", True, ["170", "350"], "Bäckerei {nachname}"),
    ("Gaststätte mit Ausschank", "56101", "sonstiges", False, ["180", "210"], "Gasthaus {ort}"),
    ("Imbiss", "56102", "sonstiges", False, ["180"], "{vorname}s Imbiss"),
    ("Ferienwohnungen", "55201", "sonstiges", False, ["180"], "Ferienwohnungen {nachname}"),
    ("Zimmerei und Holzbau", "43912", "handwerk", True, ["350", "170"], "Holzbau {nachname}"),
    ("Elektroinstallation", "43210", "handwerk", True, ["350", "180"], "Elektro {nachname}"),
    (
        "Sanitär, Heizung, Klima",
        "43220",
        "handwerk",
        True,
        ["350", "170"],
        "{nachname} Haustechnik",
    ),
    ("Malerarbeiten", "43341", "handwerk", False, ["180"], "Malerbetrieb {nachname}"),
    (
        "Garten- und Landschaftsbau",
        "81301",
        "sonstiges",
        False,
        ["180", "350"],
        "Grün & Garten {nachname}",
    ),
    ("Kfz-Reparatur", "45201", "handwerk", True, ["170", "350"], "Autohaus {nachname}"),
    ("Handel mit Kraftwagen", "45110", "handel", False, ["350"], "Auto {nachname}"),
    (
        "Online-Handel mit Bekleidung",
        "47911",
        "handel",
        False,
        ["180", "360"],
        "{vorname}s Modeversand",
    ),
    ("Einzelhandel mit Lebensmitteln", "47111", "handel", False, ["170", "350"], "Markt {ort}"),
    ("Hausmeisterdienste", "81100", "sonstiges", False, ["180"], "Hausmeisterservice {nachname}"),
    ("Gebäudereinigung", "81210", "sonstiges", False, ["180", "350"], "Reinigung {nachname}"),
    (
        "IT-Dienstleistungen und Softwareentwicklung",
        "62011",
        "sonstiges",
        False,
        ["180", "360", "350"],
        "{nachname} IT",
    ),
    ("Unternehmensberatung", "70220", "sonstiges", False, ["180", "350"], "Beratung {nachname}"),
    (
        "Güterbeförderung im Straßenverkehr",
        "49410",
        "sonstiges",
        False,
        ["350", "230"],
        "{nachname} Transporte",
    ),
    ("Taxibetrieb", "49320", "sonstiges", False, ["180"], "Taxi {ort}"),
    ("Fotografie", "74201", "sonstiges", False, ["180"], "Fotostudio {vorname}"),
    (
        "Hofladen, Direktvermarktung",
        "47210",
        "handel",
        False,
        ["210", "180"],
        "Hofladen {nachname}",
    ),
    ("Metallbau, Schlosserei", "25110", "handwerk", True, ["350", "170"], "Metallbau {nachname}"),
    ("Tischlerei", "16230", "handwerk", True, ["180", "350"], "Tischlerei {nachname}"),
    (
        "Versicherungsvermittlung",
        "66220",
        "sonstiges",
        False,
        ["180"],
        "Versicherungsbüro {nachname}",
    ),
    ("Immobilienmakler", "68311", "sonstiges", False, ["180", "350"], "Immobilien {nachname}"),
]
STRASSEN = [
    "Hauptstraße",
    "Bahnhofstraße",
    "Kirchstraße",
    "Marktplatz",
    "Lindenweg",
    "Am Anger",
    "Schulstraße",
    "Gartenstraße",
    "Wiesenweg",
    "Werrastraße",
    "Brückenstraße",
    "Mühlenweg",
    "Industriestraße",
    "Am Sportplatz",
    "Bergstraße",
]
GEBURTSORTE = ["Eschwege", "Kassel", "Göttingen", "Witzenhausen", "Bad Hersfeld", "Fulda"]
AUSLAENDISCH = [
    ("163", "Türkei", "Ankara"),
    ("152", "Polen", "Krakau"),
    ("166", "Ukraine", "Lwiw"),
    ("154", "Rumänien", "Cluj-Napoca"),
]
REGISTER = {"HRA", "HRB", "GnR", "PR", "VR"}


def _anzahl_je_kommune(kommunen: list[Kommune], gesamt: int) -> dict[int, int]:
    einwohner = sum(k.einwohner for k in kommunen) or 1
    return {k.pk: max(3, round(gesamt * k.einwohner / einwohner)) for k in kommunen}


def _person(rng: random.Random, funktion: str, plz: str, ort: str, beginn: datetime.date):
    vorname = rng.choice(tenancy_demo.VORNAMEN)
    nachname = rng.choice(tenancy_demo.NACHNAMEN)
    geburt = beginn - datetime.timedelta(days=rng.randint(22 * 365, 60 * 365))
    werte = dict(
        funktion=funktion,
        familienname=nachname,
        vornamen=vorname,
        geschlecht="2" if vorname in _WEIBLICH else "1",
        geburtsdatum=geburt,
        geburtsort=rng.choice(GEBURTSORTE),
        geburtsland="Deutschland",
        staatsangehoerigkeit="000",
        wohn_strasse=rng.choice(STRASSEN),
        wohn_hausnummer=str(rng.randint(1, 60)),
        wohn_plz=plz,
        wohn_ort=ort,
    )
    if rng.random() < 0.12:
        code, land, stadt = rng.choice(AUSLAENDISCH)
        werte.update(staatsangehoerigkeit=code, geburtsland=land, geburtsort=stadt)
        if not katalog.staatsangehoerigkeit_frei(code):
            werte.update(
                aufenthaltstitel_status="1",
                # Issued as an adult, at least a month before the business starts.
                aufenthaltstitel_datum=beginn
                - datetime.timedelta(days=rng.randint(30, (beginn - geburt).days - 18 * 365)),
                aufenthaltstitel_behoerde="Werra-Meißner-Kreis, Ausländerbehörde",
            )
    return PersonDaten(**werte)


_WEIBLICH = {"Anna", "Petra", "Sabine", "Miriam", "Julia", "Katrin", "Laura", "Nina", "Sarah"}


def _anmeldung(rng: random.Random, kommune: Kommune, nr: int) -> AnzeigeDaten:
    taetigkeit, wz, art, karte, rechtsformen, muster = rng.choice(GEWERBE)
    rechtsform = katalog.rechtsformen()[rng.choice(rechtsformen)]
    plz = sorted(katalog.plz_der_gemeinde(kommune.ags) or {"37276"})[0]
    ort = kommune.name
    beginn = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 7 * 365 + 300))
    beginn = min(beginn, datetime.date.today())
    funktion = {"einzel": "1", "personen": "2", "juristisch": "3"}[rechtsform.typ]
    anzahl = {"einzel": 1, "personen": 2, "juristisch": rng.choice([1, 1, 2])}[rechtsform.typ]
    personen = [_person(rng, funktion, plz, ort, beginn) for _ in range(anzahl)]
    name = muster.format(vorname=personen[0].vornamen, nachname=personen[0].familienname, ort=ort)
    eingetragen = ""
    if rechtsform.typ != "einzel" or rechtsform.register:
        zusatz = {
            "170": " e.K.",
            "350": " GmbH",
            "360": " UG (haftungsbeschränkt)",
            "210": " GbR",
            "230": " KG",
        }.get(rechtsform.code, "")
        eingetragen = f"{name}{zusatz}"
    grund = rng.choices(["01", "02", "07", "06", "04"], weights=[78, 6, 8, 4, 4])[0]
    return AnzeigeDaten(
        anzeigeart="an",
        eingang_am=beginn,
        eingetragener_name=eingetragen,
        rechtsform=rechtsform.code,
        register_art=rechtsform.register if rechtsform.register in REGISTER else "",
        register_nummer=str(rng.randint(1000, 99999)) if rechtsform.register else "",
        registergericht="Kassel" if rechtsform.register else "",
        geschaeftsbezeichnung=name if not eingetragen else "",
        telefon=f"0565{rng.randint(1, 9)} {rng.randint(1000, 99999)}",
        email=f"info@betrieb-{kommune.ags}-{nr}.example",
        zahl_vertreter=anzahl if rechtsform.typ != "einzel" else None,
        betrieb_strasse=rng.choice(STRASSEN),
        betrieb_hausnummer=str(rng.randint(1, 80)),
        betrieb_plz=plz,
        betrieb_ort=ort,
        nebenerwerb=rechtsform.typ == "einzel" and rng.random() < 0.3,
        datum=beginn,
        art_industrie=art == "industrie",
        art_handwerk=art == "handwerk",
        art_handel=art == "handel",
        art_sonstiges=art == "sonstiges",
        vollzeit=rng.choice([0, 0, 1, 2, 3, 5, 8]),
        teilzeit=rng.choice([0, 1, 1, 2, 4]),
        niederlassungsart="1",
        grund_anmeldung=grund,
        frueherer_gewerbetreibender=f"{rng.choice(tenancy_demo.NACHNAMEN)} {taetigkeit}"
        if katalog.grund_anmeldung_kategorie(grund) == "uebernahme"
        else "",
        fb_strasse="Am Markt" if grund == "02" else "",
        fb_hausnummer="1" if grund == "02" else "",
        fb_plz="37269" if grund == "02" else "",
        fb_ort="Eschwege" if grund == "02" else "",
        handwerkskarte=karte,
        handwerkskarte_kammer="Handwerkskammer Kassel" if karte else "",
        handwerkskarte_datum=beginn - datetime.timedelta(days=rng.randint(30, 2000))
        if karte
        else None,
        personen=personen,
        taetigkeiten=[TaetigkeitDaten(beschreibung=taetigkeit, wz_code=wz, schwerpunkt=True)],
        duplikat_bestaetigt=True,
    )


def _folge(rng: random.Random, anzeige, art: str) -> AnzeigeDaten | None:
    daten = daten_aus_anzeige(anzeige, art)
    spaeter = anzeige.datum + datetime.timedelta(days=rng.randint(60, 1400))
    if spaeter > datetime.date.today():
        return None
    werte = daten.model_dump()
    werte.update(
        datum=spaeter, eingang_am=spaeter, grund_anmeldung="", frueherer_gewerbetreibender=""
    )
    werte.update(fb_strasse="", fb_hausnummer="", fb_plz="", fb_ort="")
    if art == "um":
        if rng.random() < 0.5:
            werte.update(
                grund_ummeldung="01",
                fb_strasse=anzeige.betrieb_strasse,
                fb_hausnummer=anzeige.betrieb_hausnummer,
                fb_plz=anzeige.betrieb_plz,
                fb_ort=anzeige.betrieb_ort,
                betrieb_strasse=rng.choice(STRASSEN),
                betrieb_hausnummer=str(rng.randint(1, 80)),
            )
        else:
            werte["grund_ummeldung"] = "03"
            werte["taetigkeiten"] = [
                *werte["taetigkeiten"],
                {"beschreibung": "Onlinehandel mit eigenen Produkten", "wz_code": "47911"},
            ]
    else:
        ursache = rng.choices(["01", "02", "07", "08"], weights=[75, 10, 10, 5])[0]
        werte["ursache_abmeldung"] = ursache
        kategorie = katalog.ursache_abmeldung_kategorie(ursache)
        if kategorie == "aufgabe":
            werte["grund_abmeldung"] = rng.choice(["01", "02", "03", "04"])
        elif kategorie == "verlegung":
            werte.update(
                kuenftig_strasse="Am Markt",
                kuenftig_hausnummer="3",
                kuenftig_plz="37269",
                kuenftig_ort="Eschwege",
            )
        else:
            werte["kuenftiger_gewerbetreibender"] = (
                f"{rng.choice(tenancy_demo.NACHNAMEN)} Nachfolge"
            )
    return AnzeigeDaten(**werte)


def _submit(clerk: User, daten: AnzeigeDaten, fortschritt: Callable[[str], None] | None):
    """File one generated Anzeige; skip it (and say why) when the checks refuse it.

    The generator draws dates relative to today, so on rare days a draw breaks
    a plausibility rule; the demo must load anyway. Nothing is written for a
    refused Anzeige (the service checks before it writes).
    """
    try:
        return services.submit_gewerbeanzeige(clerk, daten)
    except ValidationError as exc:
        if fortschritt:
            gruende = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
            fortschritt(f"  Demo-Anzeige übersprungen ({daten.anzeigeart}): {gruende}")
        return None


def load(
    anzahl: int | None = None,
    *,
    kommunen: list[str] | None = None,
    fortschritt: Callable[[str], None] | None = None,
) -> int:
    """Create the demo register; returns the number of Anzeigen filed."""
    if anzahl is None:
        anzahl = int(os.environ.get("AKTENBUND_DEMO_GEWERBE", STANDARD_ANZAHL))
    rng = random.Random(20260101)
    alle = list(Kommune.objects.order_by("name"))
    if kommunen is not None:
        alle = [k for k in alle if k.name in kommunen]
    je_kommune = _anzahl_je_kommune(alle, anzahl)
    gefiled = 0
    for kommune in alle:
        clerk = User.objects.filter(
            username=tenancy_demo.username(kommune.name, "gewerbeamt")
        ).first()
        if clerk is None:
            continue
        with kommune_scope(kommune):
            if Gewerbebetrieb.objects.exists():
                continue
            entwuerfe = sorted(
                (_anmeldung(rng, kommune, i) for i in range(je_kommune[kommune.pk])),
                key=lambda d: d.datum,
            )
            for daten in entwuerfe:
                anzeige = _submit(clerk, daten, fortschritt)
                if anzeige is None:
                    continue
                gefiled += 1
                if rng.random() < 0.2:
                    um = _folge(rng, anzeige, "um")
                    neu = _submit(clerk, um, fortschritt) if um is not None else None
                    if neu is not None:
                        anzeige = neu
                        gefiled += 1
                if rng.random() < 0.15:
                    ab = _folge(rng, anzeige, "ab")
                    if ab is not None and _submit(clerk, ab, fortschritt) is not None:
                        gefiled += 1
        if fortschritt:
            fortschritt(f"Gewerberegister {kommune.name}: {je_kommune[kommune.pk]} Betriebe")
    return gefiled
