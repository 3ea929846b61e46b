"""The Fachverfahren's reference data, read from `gewerbe/data/` (one place).

- `felder.csv`: every field of GewAnzV Anlage 1–3 (number, key, group, German
  label, mandatory rule, XGewerbeanzeige elements, how sure the numbering is).
  A correction of the official numbering is an edit of this file.
- `empfaenger_matrix.csv`: § 3 GewAnzV, which field numbers each kind of
  receiving body gets per Anlage ("ausser" = all but, "nur" = only).
- `empfaenger.csv`: the receiving bodies of the region (NOTES §7) with the
  condition under which they receive anything.
- `codelisten.toml`: Rechtsform, Geschlecht, Gründe/Ursachen and the rest.
- `plz.csv`: the Postleitzahlen of the Verbund's Kommunen (Betriebsstätte check).
- `wz2008_de.tsv`: Klassifikation der Wirtschaftszweige 2008 (Destatis).

Everything is read once and cached; the data never changes at run time.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aktenbund.eingaben import ist_ziffernfolge

DATA = Path(__file__).resolve().parent / "data"

ANLAGEN = (1, 2, 3)
ANLAGE_TITEL = {1: "Gewerbe-Anmeldung", 2: "Gewerbe-Ummeldung", 3: "Gewerbe-Abmeldung"}

# Field keys that are filled per person block rather than once per Anzeige.
PERSONEN_SCHLUESSEL = frozenset(
    {
        "familienname",
        "vornamen",
        "geschlecht",
        "geburtsname",
        "geburtsdatum",
        "geburtsort",
        "staatsangehoerigkeit",
        "wohnanschrift",
        "aufenthaltstitel",
        "auflage",
    }
)


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def parse_nummern(text: str) -> frozenset[int]:
    """'13, 27, 29-31' → {13, 27, 29, 30, 31}."""
    nummern: set[int] = set()
    for part in re.split(r"\s*,\s*", text.strip()):
        if not part:
            continue
        if "-" in part:
            von, bis = (int(x) for x in part.split("-"))
            nummern.update(range(von, bis + 1))
        else:
            nummern.add(int(part))
    return frozenset(nummern)


# --- fields -----------------------------------------------------------------


@dataclass(frozen=True)
class Feld:
    """One numbered field of one Anlage."""

    anlage: int
    nr: int
    schluessel: str
    gruppe: str
    bezeichnung: str
    pflicht: str  # rule name, "" = optional (see services.validierung)
    xml: tuple[str, ...]  # element paths below the Satz (anmeldung/ummeldung/abmeldung)
    sicherheit: str  # gesichert | wahrscheinlich | vermutet

    @property
    def kurzname(self) -> str:
        """The label without its explanation in brackets: 'Betriebsstätte'."""
        return re.split(r" \(|:", self.bezeichnung, maxsplit=1)[0]

    @property
    def titel(self) -> str:
        """'Feld 15 (Betriebsstätte)': how errors and the form name the field."""
        return f"Feld {self.nr} ({self.kurzname})"

    @property
    def pro_person(self) -> bool:
        return self.schluessel in PERSONEN_SCHLUESSEL


@cache
def _alle_felder() -> tuple[Feld, ...]:
    felder = []
    for row in _read_csv("felder.csv"):
        felder.append(
            Feld(
                anlage=int(row["Anlage"]),
                nr=int(row["Nr"]),
                schluessel=row["Schlüssel"],
                gruppe=row["Gruppe"],
                bezeichnung=row["Bezeichnung"],
                pflicht=row["Pflicht"],
                xml=tuple(row["XML"].split()),
                sicherheit=row["Sicherheit"],
            )
        )
    return tuple(felder)


def felder(anlage: int) -> list[Feld]:
    """The fields of one Anlage in their official order."""
    return sorted((f for f in _alle_felder() if f.anlage == anlage), key=lambda f: f.nr)


@cache
def _by_key() -> dict[tuple[int, str], Feld]:
    return {(f.anlage, f.schluessel): f for f in _alle_felder()}


def feld(anlage: int, schluessel: str) -> Feld | None:
    """The field with this key on this Anlage (None: the Anlage does not ask for it)."""
    return _by_key().get((anlage, schluessel))


def feld_nr(anlage: int, nr: int) -> Feld:
    return next(f for f in _alle_felder() if f.anlage == anlage and f.nr == nr)


def gruppen(anlage: int) -> list[tuple[str, list[Feld]]]:
    """Consecutive runs of fields with the same group, in numbering order."""
    result: list[tuple[str, list[Feld]]] = []
    for f in felder(anlage):
        if result and result[-1][0] == f.gruppe:
            result[-1][1].append(f)
        else:
            result.append((f.gruppe, [f]))
    return result


# --- recipients (§ 3 GewAnzV) ---------------------------------------------------


@dataclass(frozen=True)
class Empfaengertyp:
    typ: str
    nr: str  # number in § 14 Abs. 8 GewO
    bezeichnung: str
    felder: dict[int, frozenset[int]]  # Anlage → field numbers it receives
    quelle: dict[int, str]


@cache
def empfaengertypen() -> dict[str, Empfaengertyp]:
    typen: dict[str, Empfaengertyp] = {}
    for row in _read_csv("empfaenger_matrix.csv"):
        typ = row["Typ"]
        anlage = int(row["Anlage"])
        listed = parse_nummern(row["Felder"])
        alle = frozenset(f.nr for f in felder(anlage))
        if row["Umfang"] == "ausser":
            erhalten = alle - listed
        elif row["Umfang"] == "nur":
            erhalten = listed
        else:
            raise ValueError(f"empfaenger_matrix.csv: Umfang {row['Umfang']!r} unbekannt")
        eintrag = typen.setdefault(
            typ, Empfaengertyp(typ, row["§ 14 Abs. 8 GewO"], row["Bezeichnung"], {}, {})
        )
        eintrag.felder[anlage] = erhalten
        eintrag.quelle[anlage] = row["Quelle"]
    return typen


def erlaubte_nummern(typ: str, anlage: int) -> frozenset[int]:
    """The field numbers a kind of body receives from an Anzeige of this Anlage."""
    eintrag = empfaengertypen().get(typ)
    return eintrag.felder.get(anlage, frozenset()) if eintrag else frozenset()


def erlaubte_schluessel(typ: str, anlage: int) -> frozenset[str]:
    """The same as field keys (what the XML builder works with)."""
    nummern = erlaubte_nummern(typ, anlage)
    return frozenset(f.schluessel for f in felder(anlage) if f.nr in nummern)


@dataclass(frozen=True)
class Empfaenger:
    """A receiving body of the region."""

    schluessel: str
    typ: str
    name: str
    nachricht: str  # root element, e.g. alg.gewerbemeldung.0300
    bedingung: str
    strasse: str
    hausnummer: str
    plz: str
    ort: str
    kennung: str

    @property
    def nachrichtentyp(self) -> str:
        return self.nachricht.rsplit(".", 1)[1]


@cache
def empfaenger_liste() -> tuple[Empfaenger, ...]:
    return tuple(
        Empfaenger(
            schluessel=row["Schlüssel"],
            typ=row["Typ"],
            name=row["Name"],
            nachricht=row["Nachricht"],
            bedingung=row["Bedingung"],
            strasse=row["Straße"],
            hausnummer=row["Hausnummer"],
            plz=row["PLZ"],
            ort=row["Ort"],
            kennung=row["Kennung"],
        )
        for row in _read_csv("empfaenger.csv")
    )


def empfaenger(schluessel: str) -> Empfaenger | None:
    return next((e for e in empfaenger_liste() if e.schluessel == schluessel), None)


# --- code lists -------------------------------------------------------------------


@cache
def _codelisten() -> dict:
    with (DATA / "codelisten.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Rechtsform:
    code: str
    name: str
    typ: str  # einzel | personen | juristisch
    register: str  # "" or HRA/HRB/GnR/VR/PR


@cache
def rechtsformen() -> dict[str, Rechtsform]:
    return {
        r["code"]: Rechtsform(r["code"], r["name"], r["typ"], r["register"])
        for r in _codelisten()["rechtsform"]
    }


def codeliste(name: str) -> dict[str, str]:
    """code → German label for the simple lists (and the named lists by their name)."""
    raw = _codelisten()[name]
    if isinstance(raw, dict):
        return dict(raw)
    return {entry["code"]: entry["name"] for entry in raw}


def choices(name: str, *, leer: str | None = None) -> list[tuple[str, str]]:
    options = list(codeliste(name).items())
    return ([("", leer)] if leer is not None else []) + options


def grund_anmeldung_kategorie(code: str) -> str:
    """'neugruendung' or 'uebernahme' (Statistik; fields 24 and 25)."""
    for entry in _codelisten()["grund_anmeldung"]:
        if entry["code"] == code:
            return entry["kategorie"]
    return ""


def grund_anmeldung_feld(code: str) -> int | None:
    for entry in _codelisten()["grund_anmeldung"]:
        if entry["code"] == code:
            return int(entry["feld"])
    return None


def ursache_abmeldung_kategorie(code: str) -> str:
    for entry in _codelisten()["ursache_abmeldung"]:
        if entry["code"] == code:
            return entry["kategorie"]
    return ""


def staatsangehoerigkeit_frei(code: str) -> bool:
    """Freizügigkeit (EU/EWR/Schweiz): no Aufenthaltstitel needed."""
    for entry in _codelisten()["staatsangehoerigkeit"]:
        if entry["code"] == code:
            return bool(entry["frei"])
    return False


# --- Postleitzahlen of the Kommunen -----------------------------------------------------


@cache
def _plz() -> dict[str, frozenset[str]]:
    return {row["AGS"]: frozenset(row["PLZ"].split()) for row in _read_csv("plz.csv")}


def plz_der_gemeinde(ags: str) -> frozenset[str] | None:
    """The Postleitzahlen of a Gemeinde, None when the Verbund does not know them."""
    return _plz().get(ags)


# --- WZ 2008 --------------------------------------------------------------------------


@dataclass(frozen=True)
class WzEintrag:
    """A WZ 2008 Unterklasse: `code` as XGewerbeanzeige writes it ('96021')."""

    code: str
    kennung: str  # with dots: '96.02.1'
    titel: str
    abschnitt: str  # 'S'
    abschnitt_titel: str

    def __str__(self) -> str:
        return f"{self.kennung} {self.titel}"


@cache
def wz_unterklassen() -> dict[str, WzEintrag]:
    eintraege: dict[str, WzEintrag] = {}
    abschnitt, abschnitt_titel = "", ""
    with (DATA / "wz2008_de.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue
            kennung, titel = cols[1].strip(), cols[2].strip()
            if re.fullmatch(r"[A-U]", kennung):
                abschnitt = kennung
                abschnitt_titel = codeliste("wz_abschnitt").get(kennung, titel)
            elif re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]", kennung):
                code = kennung.replace(".", "")
                eintraege[code] = WzEintrag(code, kennung, titel, abschnitt, abschnitt_titel)
    return eintraege


def wz(code: str) -> WzEintrag | None:
    return wz_unterklassen().get(code.replace(".", "").strip())


def wz_abschnitte() -> dict[str, str]:
    return codeliste("wz_abschnitt")


def wz_suche(begriff: str, limit: int = 15) -> list[WzEintrag]:
    """Unterklassen whose code starts with, or whose title contains, every word."""
    begriff = begriff.strip().lower()
    if not begriff:
        return []
    ziffern = begriff.replace(".", "")
    if ist_ziffernfolge(ziffern):
        treffer = [e for code, e in wz_unterklassen().items() if code.startswith(ziffern)]
    else:
        woerter = begriff.split()
        treffer = [
            e for e in wz_unterklassen().values() if all(w in e.titel.lower() for w in woerter)
        ]
    return treffer[:limit]
