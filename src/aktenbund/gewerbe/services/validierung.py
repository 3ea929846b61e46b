"""The rules a Gewerbeamt relies on, checked for every way an Anzeige comes in.

Each field's rule is named in `data/felder.csv` (column Pflicht); this module
says what each rule means. Errors are keyed by the input field
(`betrieb_plz`, `personen.0.geburtsdatum` …) and name the field number and
German field name of the Anlage in question ("Feld 15 (Betriebsstätte): …").
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.daten import AnzeigeDaten, PersonDaten
from aktenbund.gewerbe.models import ANLAGE, Gewerbebetrieb

MINDESTALTER = 16
HOECHSTALTER = 120
# An Anzeige is filed at the start, at the latest; a little ahead is normal.
VORLAUF_TAGE = 366
PLZ_RE = re.compile(r"^[0-9]{5}\Z")

# Roles of a person block that count as Inhaber/Gesellschafter/Vertreter (fields 4–11).
INHABER_FUNKTIONEN = {"1", "2", "3"}
FUNKTION_JE_TYP = {"einzel": "1", "personen": "2", "juristisch": "3"}


def _jahre_spaeter(tag: datetime.date, jahre: int) -> datetime.date:
    try:
        return tag.replace(year=tag.year + jahre)
    except ValueError:  # 29 February
        return tag.replace(year=tag.year + jahre, day=28)


class Pruefung:
    """Collects the errors of one Anzeige; `fehler` maps input field → message."""

    def __init__(
        self,
        daten: AnzeigeDaten,
        *,
        kommune,
        betrieb: Gewerbebetrieb | None,
        heute: datetime.date,
    ):
        self.daten = daten
        self.anlage = ANLAGE[daten.anzeigeart]
        self.kommune = kommune
        self.betrieb = betrieb
        self.heute = heute
        self.fehler: dict[str, str] = {}
        self.rechtsform = katalog.rechtsformen().get(daten.rechtsform)

    # --- helpers -------------------------------------------------------------

    def titel(self, schluessel: str) -> str:
        feld = katalog.feld(self.anlage, schluessel)
        return feld.titel if feld else schluessel

    def add(self, eingabe: str, schluessel: str, text: str) -> None:
        self.fehler.setdefault(eingabe, f"{self.titel(schluessel)}: {text}")

    def pflicht(self, eingabe: str, schluessel: str, text: str) -> None:
        value = getattr(self.daten, eingabe)
        if value in ("", None):
            self.add(eingabe, schluessel, text)

    def code(self, eingabe: str, schluessel: str, liste: str, value: str | None = None) -> None:
        value = getattr(self.daten, eingabe) if value is None else value
        if value and value not in katalog.codeliste(liste):
            self.add(eingabe, schluessel, f"„{value}“ ist kein gültiger Schlüssel.")

    def anschrift(self, prefix: str, schluessel: str, *, wozu: str) -> None:
        for teil, text in (("strasse", "Straße"), ("plz", "PLZ"), ("ort", "Ort")):
            self.pflicht(f"{prefix}_{teil}", schluessel, f"Bitte {text} {wozu} angeben.")
        plz = getattr(self.daten, f"{prefix}_plz")
        if plz and not PLZ_RE.match(plz):
            self.add(f"{prefix}_plz", schluessel, "Die PLZ besteht aus 5 Ziffern.")

    def personen(self, *, betriebsleiter: bool = False) -> list[tuple[int, PersonDaten]]:
        return [
            (i, p)
            for i, p in enumerate(self.daten.personen)
            if (p.funktion == "4") == betriebsleiter
        ]

    # --- the rules -----------------------------------------------------------

    def run(self) -> dict[str, str]:
        for feld in katalog.felder(self.anlage):
            regel = getattr(self, f"regel_{feld.pflicht}", None) if feld.pflicht else None
            if regel is not None:
                regel(feld.schluessel)
            elif feld.pflicht:
                raise LookupError(f"felder.csv: unbekannte Regel {feld.pflicht!r}")
        self.formate()
        self.daten_plausibel()
        self.ort_der_betriebsstaette()
        return self.fehler

    def regel_immer(self, schluessel: str) -> None:
        d = self.daten
        if schluessel == "name_rechtsform":
            if not d.rechtsform:
                self.add("rechtsform", schluessel, "Bitte die Rechtsform angeben.")
            elif self.rechtsform is None:
                self.add(
                    "rechtsform", schluessel, f"„{d.rechtsform}“ ist keine bekannte Rechtsform."
                )
            elif (self.rechtsform.typ != "einzel" or self.rechtsform.register) and not (
                d.eingetragener_name
            ):
                self.add(
                    "eingetragener_name",
                    schluessel,
                    f"Für die Rechtsform „{self.rechtsform.name}“ ist der Name anzugeben.",
                )
        elif schluessel == "betriebsstaette":
            self.anschrift("betrieb", schluessel, wozu="der Betriebsstätte")
        elif schluessel == "taetigkeit":
            self.taetigkeiten(schluessel)
        elif schluessel == "datum":
            self.pflicht("datum", schluessel, "Bitte das Datum angeben.")
        elif schluessel == "betriebsart":
            if not (d.art_industrie or d.art_handwerk or d.art_handel or d.art_sonstiges):
                self.add(
                    "art_sonstiges",
                    schluessel,
                    "Bitte mindestens eine Art ankreuzen (Industrie, Handwerk, Handel, Sonstiges).",
                )
        elif schluessel == "niederlassungsart":
            if not (d.niederlassungsart or d.reisegewerbe or d.automatenaufstellung):
                self.add(
                    "niederlassungsart",
                    schluessel,
                    "Bitte angeben, wofür die Anzeige erstattet wird.",
                )
            self.code("niederlassungsart", schluessel, "niederlassungsart")
        else:
            raise LookupError(f"Regel 'immer' kennt das Feld {schluessel!r} nicht")

    def taetigkeiten(self, schluessel: str) -> None:
        schwerpunkte = [t for t in self.daten.taetigkeiten if t.schwerpunkt]
        if not schwerpunkte:
            self.add("taetigkeiten", schluessel, "Bitte die Tätigkeit (Schwerpunkt) angeben.")
        elif len(schwerpunkte) > 1:
            self.add("taetigkeiten", schluessel, "Nur eine Tätigkeit kann der Schwerpunkt sein.")
        for i, t in enumerate(self.daten.taetigkeiten):
            key = "taetigkeit" if t.schwerpunkt else "weitere_taetigkeiten"
            if not t.beschreibung:
                self.add(f"taetigkeiten.{i}.beschreibung", key, "Bitte die Tätigkeit beschreiben.")
            if t.schwerpunkt and not t.wz_code:
                self.add(
                    f"taetigkeiten.{i}.wz_code", key, "Bitte den Schlüssel nach WZ 2008 angeben."
                )
            if t.wz_code and katalog.wz(t.wz_code) is None:
                self.add(
                    f"taetigkeiten.{i}.wz_code",
                    key,
                    f"„{t.wz_code}“ ist keine Unterklasse der WZ 2008.",
                )

    def regel_registereintrag(self, schluessel: str) -> None:
        if self.rechtsform is None or not self.rechtsform.register:
            return
        wozu = f"(die Rechtsform „{self.rechtsform.name}“ wird im Register eingetragen)"
        self.pflicht("register_art", schluessel, f"Bitte das Register angeben {wozu}.")
        self.pflicht("registergericht", schluessel, f"Bitte das Registergericht angeben {wozu}.")
        self.pflicht("register_nummer", schluessel, f"Bitte die Registernummer angeben {wozu}.")
        self.code("register_art", schluessel, "register_art")

    def regel_person(self, schluessel: str) -> None:
        # The person blocks as a whole are checked once, at field 4.
        if schluessel != "familienname":
            return
        bloecke = self.personen()
        if self.rechtsform is not None:
            erwartet = FUNKTION_JE_TYP[self.rechtsform.typ]
            passend = [p for _, p in bloecke if p.funktion == erwartet]
            name = self.rechtsform.name
            if self.rechtsform.typ == "einzel" and len(passend) != 1:
                self.add(
                    "personen",
                    schluessel,
                    f"Für „{name}“ genau einen Block der Inhaberin / des Inhabers angeben.",
                )
            elif self.rechtsform.typ == "personen" and len(passend) < 2:
                self.add(
                    "personen",
                    schluessel,
                    f"Für „{name}“ je geschäftsführende/n Gesellschafter/in einen Block "
                    "angeben (mindestens zwei).",
                )
            elif self.rechtsform.typ == "juristisch" and not passend:
                self.add(
                    "personen",
                    schluessel,
                    f"Für „{name}“ mindestens eine/n gesetzliche/n Vertreter/in angeben.",
                )
            for i, p in bloecke:
                if p.funktion != erwartet:
                    funktion = katalog.codeliste("person_funktion")[p.funktion]
                    self.add(
                        f"personen.{i}.funktion",
                        schluessel,
                        f"„{funktion}“ passt nicht zur Rechtsform „{name}“.",
                    )
        for i, p in bloecke:
            self.person(i, p)

    def person(self, i: int, p: PersonDaten) -> None:
        wer = f"Person {i + 1}"
        for eingabe, schluessel, text in (
            ("familienname", "familienname", "Bitte den Namen angeben."),
            ("vornamen", "vornamen", "Bitte die Vornamen angeben."),
            ("geschlecht", "geschlecht", "Bitte das Geschlecht angeben."),
            ("geburtsdatum", "geburtsdatum", "Bitte das Geburtsdatum angeben."),
            ("geburtsort", "geburtsort", "Bitte den Geburtsort angeben."),
            (
                "staatsangehoerigkeit",
                "staatsangehoerigkeit",
                "Bitte die Staatsangehörigkeit angeben.",
            ),
            ("wohn_strasse", "wohnanschrift", "Bitte die Straße der Wohnung angeben."),
            ("wohn_plz", "wohnanschrift", "Bitte die PLZ der Wohnung angeben."),
            ("wohn_ort", "wohnanschrift", "Bitte den Ort der Wohnung angeben."),
        ):
            if getattr(p, eingabe) in ("", None):
                self.add(f"personen.{i}.{eingabe}", schluessel, f"{wer}: {text}")
        if p.geschlecht and p.geschlecht not in katalog.codeliste("geschlecht"):
            self.add(f"personen.{i}.geschlecht", "geschlecht", f"{wer}: unbekannter Schlüssel.")
        for eingabe in ("staatsangehoerigkeit", "weitere_staatsangehoerigkeit"):
            value = getattr(p, eingabe)
            if value and value not in katalog.codeliste("staatsangehoerigkeit"):
                self.add(
                    f"personen.{i}.{eingabe}",
                    "staatsangehoerigkeit",
                    f"{wer}: „{value}“ ist kein bekannter Schlüssel.",
                )
        if p.aufenthaltstitel_status and p.aufenthaltstitel_status not in katalog.codeliste(
            "aufenthaltstitel_status"
        ):
            self.add(
                f"personen.{i}.aufenthaltstitel_status",
                "aufenthaltstitel",
                f"{wer}: unbekannter Schlüssel.",
            )

    def regel_mehrere_personen(self, schluessel: str) -> None:
        if self.rechtsform is None or self.rechtsform.typ == "einzel":
            return
        if not self.daten.zahl_vertreter:
            self.add("zahl_vertreter", schluessel, "Bitte die Zahl angeben.")
            return
        bloecke = len([p for _, p in self.personen() if p.funktion in {"2", "3"}])
        if bloecke and bloecke != self.daten.zahl_vertreter:
            self.add(
                "zahl_vertreter",
                schluessel,
                f"Angegeben sind {self.daten.zahl_vertreter}, es gibt aber {bloecke} "
                "Personenblöcke (je Person ein Block).",
            )

    def regel_zweigstelle(self, schluessel: str) -> None:
        if self.daten.niederlassungsart in {"2", "3"}:
            self.anschrift("hn", schluessel, wozu="der Hauptniederlassung")

    def regel_verlegung(self, schluessel: str) -> None:
        d = self.daten
        if (d.anzeigeart == "an" and d.grund_anmeldung == "02") or (
            d.anzeigeart == "um" and d.grund_ummeldung == "01"
        ):
            self.anschrift("fb", schluessel, wozu="der früheren Betriebsstätte")

    def regel_grund(self, schluessel: str) -> None:
        d = self.daten
        if schluessel == "grund_uebernahme":
            return  # fields 24 and 25 share one choice, checked at 24
        eingabe, liste, text = {
            "grund_neuerrichtung": ("grund_anmeldung", "grund_anmeldung", "Grund der Anmeldung"),
            "grund_ummeldung": ("grund_ummeldung", "grund_ummeldung", "Grund der Ummeldung"),
            "ursache_abmeldung": ("ursache_abmeldung", "ursache_abmeldung", "Ursache"),
        }[schluessel]
        self.pflicht(eingabe, schluessel, f"Bitte den {text} angeben.")
        self.code(eingabe, schluessel, liste)
        if d.anzeigeart == "ab":
            self.code("grund_abmeldung", "grund_abmeldung", "grund_abmeldung")

    def regel_uebernahme(self, schluessel: str) -> None:
        if katalog.grund_anmeldung_kategorie(self.daten.grund_anmeldung) == "uebernahme":
            self.pflicht(
                "frueherer_gewerbetreibender",
                schluessel,
                "Bei einer Übernahme ist der frühere Gewerbetreibende anzugeben.",
            )

    def regel_erlaubnis(self, schluessel: str) -> None:
        if self.daten.erlaubnis:
            self.pflicht("erlaubnis_behoerde", schluessel, "Bitte die Erlaubnisbehörde angeben.")

    def regel_handwerkskarte(self, schluessel: str) -> None:
        if self.daten.handwerkskarte:
            self.pflicht(
                "handwerkskarte_kammer", schluessel, "Bitte die ausstellende Kammer angeben."
            )
            self.pflicht("handwerkskarte_datum", schluessel, "Bitte das Ausstellungsdatum angeben.")

    def regel_drittstaat(self, schluessel: str) -> None:
        for i, p in self.personen():
            drittstaat = p.staatsangehoerigkeit and not katalog.staatsangehoerigkeit_frei(
                p.staatsangehoerigkeit
            )
            if drittstaat and not p.aufenthaltstitel_status:
                self.add(
                    f"personen.{i}.aufenthaltstitel_status",
                    schluessel,
                    f"Person {i + 1} hat keine Freizügigkeit in der EU: bitte den "
                    "Aufenthaltstitel angeben.",
                )

    def regel_taetigkeitswechsel(self, schluessel: str) -> None:
        if self.daten.grund_ummeldung in {"02", "04"}:
            self.pflicht(
                "bisherige_taetigkeit", schluessel, "Bitte die bisherige Tätigkeit angeben."
            )

    def regel_verlegung_weg(self, schluessel: str) -> None:
        if katalog.ursache_abmeldung_kategorie(self.daten.ursache_abmeldung) == "verlegung":
            self.anschrift("kuenftig", schluessel, wozu="der künftigen Betriebsstätte")

    def regel_abgabe(self, schluessel: str) -> None:
        if katalog.ursache_abmeldung_kategorie(self.daten.ursache_abmeldung) == "abgabe":
            self.pflicht(
                "kuenftiger_gewerbetreibender",
                schluessel,
                "Bitte den künftigen Gewerbetreibenden angeben.",
            )

    def regel_aufgabe(self, schluessel: str) -> None:
        if katalog.ursache_abmeldung_kategorie(self.daten.ursache_abmeldung) == "aufgabe":
            self.pflicht("grund_abmeldung", schluessel, "Bitte den Grund der Aufgabe angeben.")

    # --- formats, dates, place ---------------------------------------------------

    def formate(self) -> None:
        if self.daten.email:
            try:
                validate_email(self.daten.email)
            except DjangoValidationError:
                self.add("email", "erreichbarkeit", "Die E-Mail-Adresse ist ungültig.")

    def daten_plausibel(self) -> None:
        d = self.daten
        datum_feld = "datum"
        if d.datum:
            if d.datum > self.heute + datetime.timedelta(days=VORLAUF_TAGE):
                self.add("datum", datum_feld, "Das Datum liegt mehr als ein Jahr in der Zukunft.")
            if d.datum.year < 1900:
                self.add("datum", datum_feld, "Das Datum ist nicht plausibel.")
            if self.betrieb is not None and d.datum < self.betrieb.angemeldet_am:
                self.add(
                    "datum",
                    datum_feld,
                    "Das Datum liegt vor dem Beginn des Betriebs "
                    f"({self.betrieb.angemeldet_am:%d.%m.%Y}); eine "
                    f"{'Abmeldung' if d.anzeigeart == 'ab' else 'Ummeldung'} kann nicht "
                    "vor der Anmeldung liegen.",
                )
        for i, p in enumerate(d.personen):
            if p.geburtsdatum is None:
                continue
            if p.geburtsdatum > self.heute:
                self.add(
                    f"personen.{i}.geburtsdatum",
                    "geburtsdatum",
                    f"Person {i + 1}: Das Geburtsdatum liegt in der Zukunft.",
                )
                continue
            if _jahre_spaeter(p.geburtsdatum, HOECHSTALTER) < self.heute:
                self.add(
                    f"personen.{i}.geburtsdatum",
                    "geburtsdatum",
                    f"Person {i + 1}: Das Geburtsdatum ist nicht plausibel.",
                )
            if (
                d.anzeigeart == "an"
                and d.datum
                and p.funktion in INHABER_FUNKTIONEN
                and d.datum < _jahre_spaeter(p.geburtsdatum, MINDESTALTER)
                and not d.altershinweis
            ):
                self.add(
                    "datum",
                    datum_feld,
                    f"Der Beginn liegt vor dem 16. Geburtstag von {p.vornamen} "
                    f"{p.familienname} ({katalog.feld(self.anlage, 'geburtsdatum').titel}). "
                    "Bitte prüfen oder einen Vermerk zum Alter eintragen.",
                )
            if p.aufenthaltstitel_datum and p.aufenthaltstitel_datum > self.heute:
                self.add(
                    f"personen.{i}.aufenthaltstitel_datum",
                    "aufenthaltstitel",
                    f"Person {i + 1}: Das Ausstellungsdatum liegt in der Zukunft.",
                )
        if d.handwerkskarte_datum and d.handwerkskarte_datum > self.heute:
            self.add(
                "handwerkskarte_datum",
                "handwerkskarte",
                "Das Ausstellungsdatum liegt in der Zukunft.",
            )

    def ort_der_betriebsstaette(self) -> None:
        """The Anzeige is made where the Betriebsstätte is (§ 14 Abs. 1 GewO)."""
        d = self.daten
        ags = d.betrieb_ags or self.kommune.ags
        if ags != self.kommune.ags:
            self.add(
                "betrieb_ags",
                "betriebsstaette",
                f"Die Betriebsstätte liegt nicht in {self.kommune.name} (AGS {self.kommune.ags}, "
                f"angegeben {ags}); die Anzeige ist bei der Gemeinde der Betriebsstätte zu "
                "erstatten.",
            )
            return
        bekannte = katalog.plz_der_gemeinde(self.kommune.ags)
        if (
            bekannte
            and d.betrieb_plz
            and PLZ_RE.match(d.betrieb_plz)
            and d.betrieb_plz not in bekannte
        ):
            self.add(
                "betrieb_plz",
                "betriebsstaette",
                f"Die PLZ {d.betrieb_plz} liegt nicht in {self.kommune.name} "
                f"(AGS {self.kommune.ags}, PLZ {', '.join(sorted(bekannte))}); die Anzeige ist "
                "bei der Gemeinde der Betriebsstätte zu erstatten.",
            )


def pruefe_anzeige(
    daten: AnzeigeDaten,
    *,
    kommune,
    betrieb: Gewerbebetrieb | None,
    heute: datetime.date,
) -> dict[str, str]:
    """All errors of one Anzeige (empty: it may be filed)."""
    return Pruefung(daten, kommune=kommune, betrieb=betrieb, heute=heute).run()
