"""Gewerbeanzeigenstatistik: An-, Um- und Abmeldungen per month or year.

Counted by the month the Anzeige came in (Eingang), per Kommune or for the
whole Verbund, broken down by Rechtsform, WZ Abschnitt (of the Schwerpunkt),
Grund/Ursache, Haupt-/Nebenerwerb and Neugründung vs. Übernahme. Only counts
leave this module, never a person or a Betrieb.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field

from openpyxl import Workbook

from aktenbund.errors import NotFound, ValidationError
from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.models import Gewerbeanzeige, Taetigkeit
from aktenbund.gewerbe.services.rechte import darf_lesen, darf_verbundstatistik
from aktenbund.tenancy.models import Kommune, User
from aktenbund.tenancy.scope import kommune_scope

ARTEN = (("an", "Anmeldungen"), ("um", "Ummeldungen"), ("ab", "Abmeldungen"))
MONATE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


@dataclass
class Zeile:
    merkmal: str
    an: int = 0
    um: int = 0
    ab: int = 0

    @property
    def summe(self) -> int:
        return self.an + self.um + self.ab


@dataclass
class Tabelle:
    schluessel: str
    titel: str
    zeilen: list[Zeile] = field(default_factory=list)

    @property
    def summe(self) -> Zeile:
        return Zeile(
            "Summe",
            sum(z.an for z in self.zeilen),
            sum(z.um for z in self.zeilen),
            sum(z.ab for z in self.zeilen),
        )

    @property
    def maximum(self) -> int:
        return max((z.summe for z in self.zeilen), default=0)


@dataclass
class Statistik:
    titel: str
    jahr: int
    monat: int | None
    bereich: str  # Kommune name or "Verbund"
    tabellen: list[Tabelle]


def _zeitraum(jahr: int, monat: int | None) -> tuple[datetime.date, datetime.date]:
    if not 2000 <= jahr <= 2100:
        raise ValidationError("Das Jahr ist nicht plausibel.", {"jahr": "2000 bis 2100."})
    if monat is None:
        return datetime.date(jahr, 1, 1), datetime.date(jahr, 12, 31)
    if not 1 <= monat <= 12:
        raise ValidationError("Den Monat gibt es nicht.", {"monat": "1 bis 12."})
    ende = (datetime.date(jahr, monat, 1) + datetime.timedelta(days=32)).replace(day=1)
    return datetime.date(jahr, monat, 1), ende - datetime.timedelta(days=1)


def _merkmale(von: datetime.date, bis: datetime.date) -> list[dict]:
    """One dict per Anzeige of the current scope: only what the tables count."""
    zeilen = list(
        Gewerbeanzeige.objects.filter(eingang_am__gte=von, eingang_am__lte=bis).values(
            "pk",
            "anzeigeart",
            "rechtsform",
            "grund_anmeldung",
            "grund_ummeldung",
            "ursache_abmeldung",
            "nebenerwerb",
            "eingang_am",
        )
    )
    wz = dict(
        Taetigkeit.objects.filter(
            anzeige_id__in=[z["pk"] for z in zeilen], schwerpunkt=True
        ).values_list("anzeige_id", "wz_code")
    )
    for z in zeilen:
        z["wz_code"] = wz.get(z["pk"], "")
    return zeilen


def _grund(z: dict) -> str:
    if z["anzeigeart"] == "an":
        return "Anmeldung: " + katalog.codeliste("grund_anmeldung").get(
            z["grund_anmeldung"], "ohne Angabe"
        )
    if z["anzeigeart"] == "um":
        return "Ummeldung: " + katalog.codeliste("grund_ummeldung").get(
            z["grund_ummeldung"], "ohne Angabe"
        )
    return "Abmeldung: " + katalog.codeliste("ursache_abmeldung").get(
        z["ursache_abmeldung"], "ohne Angabe"
    )


def _abschnitt(z: dict) -> str:
    eintrag = katalog.wz(z["wz_code"]) if z["wz_code"] else None
    return f"{eintrag.abschnitt} {eintrag.abschnitt_titel}" if eintrag else "ohne Zuordnung"


def _rechtsform(z: dict) -> str:
    r = katalog.rechtsformen().get(z["rechtsform"])
    return r.name if r else "ohne Angabe"


def _gruendung(z: dict) -> str:
    if z["anzeigeart"] != "an":
        return "(keine Anmeldung)"
    return {"neugruendung": "Neugründung", "uebernahme": "Übernahme"}.get(
        katalog.grund_anmeldung_kategorie(z["grund_anmeldung"]), "ohne Angabe"
    )


ERWERB = {True: "Nebenerwerb", False: "Haupterwerb"}

DIMENSIONEN = [
    ("rechtsform", "nach Rechtsform", _rechtsform),
    ("wz_abschnitt", "nach Wirtschaftsabschnitt (WZ 2008)", _abschnitt),
    ("grund", "nach Grund bzw. Ursache", _grund),
    ("erwerb", "nach Haupt- und Nebenerwerb", lambda z: ERWERB[z["nebenerwerb"]]),
    ("gruendung", "Anmeldungen: Neugründung oder Übernahme", _gruendung),
]


def _tabelle(schluessel: str, titel: str, zeilen: list[dict], merkmal) -> Tabelle:
    zaehler: dict[str, Counter] = {}
    for z in zeilen:
        zaehler.setdefault(merkmal(z), Counter())[z["anzeigeart"]] += 1
    return Tabelle(
        schluessel,
        titel,
        [
            Zeile(name, c["an"], c["um"], c["ab"])
            for name, c in sorted(zaehler.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
        ],
    )


def _tabellen(zeilen: list[dict], jahr: int, monat: int | None, kommunen=None) -> list[Tabelle]:
    tabellen = []
    if monat is None:
        nach_monat = _tabelle(
            "monat", "nach Monat", zeilen, lambda z: f"{z['eingang_am'].month:02d}"
        )
        vorhanden = {z.merkmal: z for z in nach_monat.zeilen}
        nach_monat.zeilen = [
            Zeile(MONATE[m - 1], v.an, v.um, v.ab)
            for m in range(1, 13)
            for v in [vorhanden.get(f"{m:02d}", Zeile(""))]
        ]
        tabellen.append(nach_monat)
    if kommunen is not None:
        tabellen.append(_tabelle("kommune", "nach Kommune", zeilen, lambda z: z["kommune"]))
        vorhanden = {z.merkmal for z in tabellen[-1].zeilen}
        tabellen[-1].zeilen += [Zeile(k.name) for k in kommunen if k.name not in vorhanden]
    tabellen += [_tabelle(s, t, zeilen, m) for s, t, m in DIMENSIONEN]
    return tabellen


def statistik(
    actor: User, *, jahr: int, monat: int | None = None, verbund: bool = False
) -> Statistik:
    """The counts of the actor's Kommune, or with `verbund` of every Kommune of the Verbund."""
    von, bis = _zeitraum(jahr, monat)
    zeitraum = f"{MONATE[monat - 1]} {jahr}" if monat else str(jahr)
    if not verbund:
        if not darf_lesen(actor):
            raise NotFound("Nicht gefunden.")
        zeilen = _merkmale(von, bis)
        return Statistik(
            f"Gewerbeanzeigen {actor.kommune.name} {zeitraum}",
            jahr,
            monat,
            actor.kommune.name,
            _tabellen(zeilen, jahr, monat),
        )
    if not darf_verbundstatistik(actor):
        raise NotFound("Nicht gefunden.")
    kommunen = list(Kommune.objects.filter(aktiv=True).order_by("name"))
    zeilen = []
    for kommune in kommunen:
        # Each Kommune's rows are read in its own scope; only the counts leave it.
        with kommune_scope(kommune):
            for z in _merkmale(von, bis):
                z["kommune"] = kommune.name
                zeilen.append(z)
    return Statistik(
        f"Gewerbeanzeigen im Verbund {zeitraum}",
        jahr,
        monat,
        "Verbund",
        _tabellen(zeilen, jahr, monat, kommunen),
    )


def als_csv(s: Statistik) -> bytes:
    puffer = io.StringIO()
    writer = csv.writer(puffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Tabelle", "Merkmal", "Anmeldungen", "Ummeldungen", "Abmeldungen", "Summe"])
    for t in s.tabellen:
        for z in [*t.zeilen, t.summe]:
            writer.writerow([t.titel, z.merkmal, z.an, z.um, z.ab, z.summe])
    return ("\ufeff" + puffer.getvalue()).encode("utf-8")


def als_xlsx(s: Statistik) -> bytes:
    buch = Workbook()
    buch.remove(buch.active)
    for t in s.tabellen:
        blatt = buch.create_sheet(t.titel[:31].replace("/", "-").replace(":", ""))
        blatt.append([s.titel])
        blatt.append([t.titel])
        blatt.append(["Merkmal", "Anmeldungen", "Ummeldungen", "Abmeldungen", "Summe"])
        for z in [*t.zeilen, t.summe]:
            blatt.append([z.merkmal, z.an, z.um, z.ab, z.summe])
        blatt.column_dimensions["A"].width = 60
    puffer = io.BytesIO()
    buch.save(puffer)
    return puffer.getvalue()
