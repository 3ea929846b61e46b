"""A filed Anzeige as the official form shows it: numbered fields in their groups.

Used by the detail page and by the PDF of the Anzeige, so both follow the
numbering in `data/felder.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.models import Gewerbeanzeige, Person


@dataclass
class Zeile:
    nr: int
    bezeichnung: str
    wert: str


@dataclass
class Abschnitt:
    gruppe: str
    zeilen: list[Zeile] = field(default_factory=list)
    personen: list[tuple[str, list[Zeile]]] = field(default_factory=list)


def _datum(value) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _ja_nein(value: bool) -> str:
    return "ja" if value else "nein"


def _anschrift(strasse, hausnummer, plz, ort) -> str:
    if not (strasse or ort):
        return ""
    return f"{strasse} {hausnummer}, {plz} {ort}".replace(" ,", ",").strip(", ")


def _code(liste: str, value: str) -> str:
    return katalog.codeliste(liste).get(value, value) if value else ""


def wert(anzeige: Gewerbeanzeige, schluessel: str) -> str:
    """The text of one Betrieb-level field as the form shows it ('' = not filled)."""
    a = anzeige
    rechtsform = a.rechtsform_obj
    if schluessel == "name_rechtsform":
        name = a.eingetragener_name or "(nicht eingetragen)"
        return f"{name} – {rechtsform.name if rechtsform else a.rechtsform}"
    if schluessel == "register":
        if not a.register_nummer:
            return ""
        return f"{a.register_art} {a.register_nummer}, Registergericht {a.registergericht}"
    if schluessel == "geschaeftsbezeichnung":
        return a.geschaeftsbezeichnung
    if schluessel == "erreichbarkeit":
        return ", ".join(filter(None, (a.telefon, a.email, a.website)))
    if schluessel == "zahl_vertreter":
        return "" if a.zahl_vertreter is None else str(a.zahl_vertreter)
    if schluessel == "betriebsleiter":
        return "; ".join(
            f"{p.vornamen} {p.familienname}, "
            f"{_anschrift(p.wohn_strasse, p.wohn_hausnummer, p.wohn_plz, p.wohn_ort)}"
            for p in a.personen.all()
            if p.ist_betriebsleiter
        )
    if schluessel == "betriebsstaette":
        return _anschrift(a.betrieb_strasse, a.betrieb_hausnummer, a.betrieb_plz, a.betrieb_ort)
    if schluessel == "hauptniederlassung":
        return _anschrift(a.hn_strasse, a.hn_hausnummer, a.hn_plz, a.hn_ort)
    if schluessel == "fruehere_betriebsstaette":
        return _anschrift(a.fb_strasse, a.fb_hausnummer, a.fb_plz, a.fb_ort)
    if schluessel == "kuenftige_anschrift":
        return _anschrift(a.kuenftig_strasse, a.kuenftig_hausnummer, a.kuenftig_plz, a.kuenftig_ort)
    if schluessel in {"taetigkeit", "weitere_taetigkeiten"}:
        liste = [t for t in a.taetigkeiten.all() if t.schwerpunkt == (schluessel == "taetigkeit")]
        return "; ".join(
            f"{t.beschreibung} (WZ {t.wz.kennung})" if t.wz else t.beschreibung for t in liste
        )
    if schluessel == "bisherige_taetigkeit":
        return a.bisherige_taetigkeit
    if schluessel == "nebenerwerb":
        return _ja_nein(a.nebenerwerb)
    if schluessel == "datum":
        return _datum(a.datum)
    if schluessel == "betriebsart":
        return ", ".join(a.betriebsarten)
    if schluessel == "beschaeftigte":
        if a.vollzeit is None and a.teilzeit is None:
            return ""
        return f"Vollzeit {a.vollzeit or 0}, Teilzeit {a.teilzeit or 0}"
    if schluessel == "niederlassungsart":
        teile = [_code("niederlassungsart", a.niederlassungsart)]
        if a.automatenaufstellung:
            teile.append("Automatenaufstellungsgewerbe")
        if a.reisegewerbe:
            teile.append("Reisegewerbe")
        return ", ".join(filter(None, teile))
    if schluessel in {"grund_neuerrichtung", "grund_uebernahme"}:
        feld = katalog.grund_anmeldung_feld(a.grund_anmeldung)
        passend = feld == katalog.feld(1, schluessel).nr
        return _code("grund_anmeldung", a.grund_anmeldung) if passend else ""
    if schluessel == "grund_ummeldung":
        return _code("grund_ummeldung", a.grund_ummeldung)
    if schluessel == "ursache_abmeldung":
        return _code("ursache_abmeldung", a.ursache_abmeldung)
    if schluessel == "grund_abmeldung":
        return _code("grund_abmeldung", a.grund_abmeldung)
    if schluessel == "frueherer_gewerbetreibender":
        return a.frueherer_gewerbetreibender
    if schluessel == "kuenftiger_gewerbetreibender":
        return a.kuenftiger_gewerbetreibender
    if schluessel == "unfallversicherung":
        return a.unfallversicherung
    if schluessel == "erlaubnis":
        if not a.erlaubnis:
            return "nein"
        return f"ja – {a.erlaubnis_behoerde}" + (
            f", erteilt am {_datum(a.erlaubnis_datum)}" if a.erlaubnis_datum else ""
        )
    if schluessel == "handwerkskarte":
        if not a.handwerkskarte:
            return "nein"
        return f"ja – {a.handwerkskarte_kammer}, ausgestellt am {_datum(a.handwerkskarte_datum)}"
    if schluessel == "unterschrift":
        return (
            f"unterschrieben am {_datum(a.unterschrieben_am)}"
            if a.unterschrieben_am
            else "entfällt (elektronisch erfasst, § 2 GewAnzV)"
        )
    return ""


def personenwert(p: Person, schluessel: str) -> str:
    if schluessel == "familienname":
        return f"{p.doktorgrad} {p.familienname}".strip()
    if schluessel == "vornamen":
        return p.vornamen
    if schluessel == "geschlecht":
        return _code("geschlecht", p.geschlecht)
    if schluessel == "geburtsname":
        return p.geburtsname
    if schluessel == "geburtsdatum":
        return _datum(p.geburtsdatum)
    if schluessel == "geburtsort":
        return ", ".join(filter(None, (p.geburtsort, p.geburtsland)))
    if schluessel == "staatsangehoerigkeit":
        return ", ".join(
            _code("staatsangehoerigkeit", c)
            for c in (p.staatsangehoerigkeit, p.weitere_staatsangehoerigkeit)
            if c
        )
    if schluessel == "wohnanschrift":
        return _anschrift(p.wohn_strasse, p.wohn_hausnummer, p.wohn_plz, p.wohn_ort)
    if schluessel == "aufenthaltstitel":
        if not p.aufenthaltstitel_status:
            return ""
        teile = [_code("aufenthaltstitel_status", p.aufenthaltstitel_status)]
        if p.aufenthaltstitel_datum:
            teile.append(f"ausgestellt am {_datum(p.aufenthaltstitel_datum)}")
        if p.aufenthaltstitel_behoerde:
            teile.append(f"von {p.aufenthaltstitel_behoerde}")
        return ", ".join(teile)
    if schluessel == "auflage":
        return p.auflage
    return ""


def abschnitte(anzeige: Gewerbeanzeige) -> list[Abschnitt]:
    """The Anzeige's fields in the order and groups of its Anlage."""
    result: list[Abschnitt] = []
    personen = [p for p in anzeige.personen.all() if not p.ist_betriebsleiter]
    for gruppe, felder in katalog.gruppen(anzeige.anlage):
        abschnitt = Abschnitt(gruppe)
        person_felder = [f for f in felder if f.pro_person]
        for f in felder:
            if not f.pro_person:
                abschnitt.zeilen.append(Zeile(f.nr, f.bezeichnung, wert(anzeige, f.schluessel)))
        if person_felder:
            for i, p in enumerate(personen, start=1):
                zeilen = [
                    Zeile(f.nr, f.bezeichnung, personenwert(p, f.schluessel)) for f in person_felder
                ]
                abschnitt.personen.append((f"Person {i}: {p.funktion_text}", zeilen))
        result.append(abschnitt)
    return result
