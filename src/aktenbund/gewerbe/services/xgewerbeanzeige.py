"""XGewerbeanzeige 2.2: build messages per receiving body, parse incoming ones.

Structure as in the KoSIT 2.2 sample (../shared/standards/xgewerbeanzeige/
examples-kosit-validator/xgwa2.2-valid.xml): root `<prefix>.gewerbemeldung.<nr>`
in the 2.2 namespace → `nachrichtenkopf` → `satz`+ → `anmeldung` | `ummeldung` |
`abmeldung`. Code values sit in unqualified `<code>` children.

A body gets exactly the fields § 3 GewAnzV gives it: `build_satz` takes the
set of field keys (`katalog.erlaubte_schluessel`) and writes nothing else.

Incoming XML is untrusted: any DOCTYPE is refused (no entities, so neither
XXE nor entity expansion), nothing is fetched, size is limited.
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path

import defusedxml
import defusedxml.ElementTree
from django.conf import settings
from lxml import etree

from aktenbund.eingaben import ist_ziffernfolge
from aktenbund.errors import DomainError
from aktenbund.gewerbe import katalog
from aktenbund.gewerbe.daten import AnzeigeDaten, PersonDaten, TaetigkeitDaten

NS = "http://www.xgewerbeanzeige.de/spezifikation/2.2"
VERSION = "2.2"
MELDUNGEN = {"an": "anmeldung", "um": "ummeldung", "ab": "abmeldung"}
ANZEIGEART = {v: k for k, v in MELDUNGEN.items()}
ROOT_RE = re.compile(r"^[a-z]{3}\.gewerbemeldung\.\d{4}$")
MAX_BYTES = 5 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _text(value) -> str:
    return _CONTROL.sub("", str(value))


class Builder:
    """Appends elements in the 2.2 namespace."""

    @staticmethod
    def el(parent, name: str, text=None):
        node = etree.SubElement(parent, q(name))
        if text is not None:
            node.text = _text(text)
        return node

    @classmethod
    def code(cls, parent, name: str, value):
        node = cls.el(parent, name)
        etree.SubElement(node, "code").text = _text(value)
        return node

    @classmethod
    def opt(cls, parent, name: str, value):
        if value not in ("", None):
            cls.el(parent, name, value)


el, code, opt = Builder.el, Builder.code, Builder.opt


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _anschrift(parent, strasse, hausnummer, plz, ort, *, national: bool = True):
    node = el(parent, "anschrift")
    opt(node, "strasse", strasse)
    opt(node, "hausNrVon", hausnummer)
    opt(node, "ort", ort)
    opt(node, "plz", plz)
    if national:
        code(node, "nationSchluessel", "276")
    return node


def _behoerde(parent, name: str, *, praefix: str, kennung: str, anschrift=None, titel=""):
    node = el(parent, name)
    kennzeichen = el(node, "behoerdenkennung")
    code(kennzeichen, "praefix", praefix)
    code(kennzeichen, "kennung", kennung)
    if anschrift:
        adr = el(node, "anschrift")
        strasse, hausnummer, plz, ort = anschrift
        opt(adr, "strasse", strasse)
        opt(adr, "hausNr", hausnummer)
        opt(adr, "ort", ort)
        opt(adr, "plz", plz)
    opt(node, "behoerdenname", titel)
    return node


def _autor(parent, kommune):
    return _behoerde(
        parent, "autor", praefix="MELDID", kennung=kommune.ags, titel=f"Gewerbeamt {kommune.name}"
    )


# --- building -------------------------------------------------------------------


def build_satz(parent, anzeige, erlaubt: frozenset[str] | set[str], *, jetzt: datetime.datetime):
    """One `satz` with the fields whose keys are in `erlaubt`, and nothing else."""
    a = anzeige
    satz = el(parent, "satz")
    meldung = el(satz, MELDUNGEN[a.anzeigeart])
    el(meldung, "satzErstellung", jetzt.isoformat(timespec="seconds"))
    el(meldung, "ereigniszeitpunkt", a.erfasst_am.isoformat(timespec="seconds"))
    _autor(meldung, a.kommune)
    code(meldung, "istKorrektur", "0")
    code(meldung, "gemeindeSchluessel", a.kommune.ags)
    el(meldung, "gemeindeMeldungNr", a.meldungsnummer)
    el(meldung, "gewerbebetriebID", a.gewerbebetrieb.uuid)
    el(meldung, "uuid", a.uuid)

    gewerbe = el(meldung, "gewerbe")
    betrieb_felder = {"name_rechtsform", "register", "geschaeftsbezeichnung"} & set(erlaubt)
    if betrieb_felder:
        betrieb = el(gewerbe, "betrieb")
        if "name_rechtsform" in erlaubt:
            opt(betrieb, "eingetragenerName", a.eingetragener_name)
        if "register" in erlaubt and a.register_nummer:
            el(betrieb, "eintragungNr", a.register_nummer)
            opt(betrieb, "eintragungOrt", a.registergericht)
            code(betrieb, "eintragungArt", a.register_art)
        if "geschaeftsbezeichnung" in erlaubt:
            opt(betrieb, "geschaeftsbezeichnung", a.geschaeftsbezeichnung)
        if "name_rechtsform" in erlaubt:
            code(betrieb, "rechtsformSchluessel", a.rechtsform)
    if "zahl_vertreter" in erlaubt and a.zahl_vertreter is not None:
        el(gewerbe, "anzahlBeteiligte", a.zahl_vertreter)
    if "beschaeftigte" in erlaubt:
        opt(gewerbe, "anzahlVollzeitBeschaeftigte", a.vollzeit)
        opt(gewerbe, "anzahlTeilzeitBeschaeftigte", a.teilzeit)
    if "betriebsart" in erlaubt:
        art = el(gewerbe, "betriebArt")
        code(art, "industrie", _flag(a.art_industrie))
        code(art, "handwerk", _flag(a.art_handwerk))
        code(art, "handel", _flag(a.art_handel))
        code(art, "sonstiges", _flag(a.art_sonstiges))
    if "niederlassungsart" in erlaubt:
        if a.niederlassungsart:
            code(gewerbe, "niederlassungArt", a.niederlassungsart)
        code(gewerbe, "istReisegewerbe", _flag(a.reisegewerbe))
        code(gewerbe, "istAutomatenaufstellung", _flag(a.automatenaufstellung))
    if "nebenerwerb" in erlaubt:
        code(gewerbe, "istNebenerwerb", _flag(a.nebenerwerb))
    if "handwerkskarte" in erlaubt and a.handwerkskarte:
        karte = el(gewerbe, "handwerkskarte")
        code(karte, "status", "1")
        opt(karte, "ausgestelltAm", a.handwerkskarte_datum)
        opt(karte, "ausgestelltVonName", a.handwerkskarte_kammer)
    if "erlaubnis" in erlaubt and a.erlaubnis:
        erl = el(gewerbe, "erlaubnis")
        code(erl, "erforderlich", "1")
        opt(erl, "erteiltAm", a.erlaubnis_datum)
        opt(erl, "erteiltVonName", a.erlaubnis_behoerde)
    if "unfallversicherung" in erlaubt:
        opt(gewerbe, "bisherigeUnfallversicherung", a.unfallversicherung)
    if "betriebsstaette" in erlaubt:
        _anschrift(gewerbe, a.betrieb_strasse, a.betrieb_hausnummer, a.betrieb_plz, a.betrieb_ort)
    if "erreichbarkeit" in erlaubt:
        for kanal, kennung in (("01", a.email), ("02", a.telefon), ("09", a.website)):
            if kennung:
                erreichbar = el(gewerbe, "erreichbarkeit")
                code(erreichbar, "kanal", kanal)
                el(erreichbar, "kennung", kennung)
    if "hauptniederlassung" in erlaubt and a.hn_strasse:
        hn = el(gewerbe, "hauptniederlassung")
        _anschrift(hn, a.hn_strasse, a.hn_hausnummer, a.hn_plz, a.hn_ort)
    if "fruehere_betriebsstaette" in erlaubt and a.fb_strasse:
        fb = el(gewerbe, "fruehereBetriebsstaette")
        _anschrift(fb, a.fb_strasse, a.fb_hausnummer, a.fb_plz, a.fb_ort)
    for person in a.personen.all():
        _person(gewerbe, person, erlaubt)

    if "datum" in erlaubt:
        el(meldung, "gueltigAb", a.datum.isoformat())
    el(meldung, "datumMeldung", a.eingang_am.isoformat())
    _taetigkeiten(meldung, a, erlaubt)
    if "bisherige_taetigkeit" in erlaubt:
        opt(meldung, "bisherigeTaetigkeit", a.bisherige_taetigkeit)
    if "frueherer_gewerbetreibender" in erlaubt:
        opt(meldung, "fruehererGewerbetreibender", a.frueherer_gewerbetreibender)
    if a.anzeigeart == "an" and {"grund_neuerrichtung", "grund_uebernahme"} & set(erlaubt):
        code(meldung, "grundAnmeldungSchluessel", a.grund_anmeldung)
    if a.anzeigeart == "um" and "grund_ummeldung" in erlaubt and a.grund_ummeldung:
        gruende = el(meldung, "gruendeUmmeldung")
        code(gruende, "grundUmmeldungSchluessel", a.grund_ummeldung)
    if a.anzeigeart == "ab":
        name = "kuenftiger_gewerbetreibender" in erlaubt and a.kuenftiger_gewerbetreibender
        adresse = "kuenftige_anschrift" in erlaubt and a.kuenftig_strasse
        if name or adresse:
            kuenftig = el(meldung, "kuenftigesGewerbe")
            if name:
                el(kuenftig, "nameFirmaGewerbetreibender", a.kuenftiger_gewerbetreibender)
            if adresse:
                _anschrift(
                    kuenftig,
                    a.kuenftig_strasse,
                    a.kuenftig_hausnummer,
                    a.kuenftig_plz,
                    a.kuenftig_ort,
                )
        if "grund_abmeldung" in erlaubt and a.grund_abmeldung:
            code(meldung, "grundAbmeldungSchluessel", a.grund_abmeldung)
        if "ursache_abmeldung" in erlaubt and a.ursache_abmeldung:
            code(meldung, "ursacheAbmeldungSchluessel", a.ursache_abmeldung)
    return satz


PERSON_KEYS = {
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


def _person(gewerbe, p, erlaubt) -> None:
    if p.ist_betriebsleiter:
        # Field 14 is the Betriebsleiter as a whole: name and address.
        if "betriebsleiter" not in erlaubt:
            return
        node = el(gewerbe, "beteiligtePerson")
        code(node, "personFunktion", "4")
        el(node, "familienname", p.familienname)
        el(node, "vorname", p.vornamen)
        if p.wohn_strasse:
            _anschrift(node, p.wohn_strasse, p.wohn_hausnummer, p.wohn_plz, p.wohn_ort)
        return
    if not PERSON_KEYS & set(erlaubt):
        return
    node = el(gewerbe, "beteiligtePerson")
    code(node, "personFunktion", p.funktion)
    if "familienname" in erlaubt:
        opt(node, "doktorgrad", p.doktorgrad)
        el(node, "familienname", p.familienname)
    if "vornamen" in erlaubt:
        el(node, "vorname", p.vornamen)
    if "geschlecht" in erlaubt and p.geschlecht:
        code(node, "geschlecht", p.geschlecht)
    if "geburtsname" in erlaubt:
        opt(node, "geburtsname", p.geburtsname)
    if "geburtsdatum" in erlaubt and p.geburtsdatum:
        el(node, "geburtsdatum", p.geburtsdatum.strftime("%d%m%Y"))
    if "geburtsort" in erlaubt:
        opt(node, "geburtsort", p.geburtsort)
        opt(node, "geburtsland", p.geburtsland)
    if "staatsangehoerigkeit" in erlaubt and p.staatsangehoerigkeit:
        staaten = el(node, "staatangehoerigkeiten")
        for schluessel in filter(None, (p.staatsangehoerigkeit, p.weitere_staatsangehoerigkeit)):
            code(staaten, "staatsangehoerigkeitSchluessel", schluessel)
    if "wohnanschrift" in erlaubt and p.wohn_strasse:
        _anschrift(node, p.wohn_strasse, p.wohn_hausnummer, p.wohn_plz, p.wohn_ort)
    if "aufenthaltstitel" in erlaubt and p.aufenthaltstitel_status:
        titel = el(node, "aufenthaltstitel")
        code(titel, "status", p.aufenthaltstitel_status)
        opt(titel, "ausgestelltAm", p.aufenthaltstitel_datum)
        opt(titel, "ausgestelltVonName", p.aufenthaltstitel_behoerde)
        if "auflage" in erlaubt:
            opt(titel, "auflage", p.auflage)


def _taetigkeiten(meldung, a, erlaubt) -> None:
    alle = list(a.taetigkeiten.all())
    schwerpunkt = next((t for t in alle if t.schwerpunkt), None)
    weitere = [t for t in alle if not t.schwerpunkt]
    mit_schwerpunkt = "taetigkeit" in erlaubt and schwerpunkt is not None
    mit_weiteren = "weitere_taetigkeiten" in erlaubt and weitere
    if not (mit_schwerpunkt or mit_weiteren):
        return
    gesamt = el(meldung, "taetigkeitenGesamt")
    if mit_schwerpunkt:
        node = el(gesamt, "schwerpunkt")
        el(node, "taetigkeitSchwerpunkt", schwerpunkt.beschreibung)
        if schwerpunkt.wz_code:
            el(node, "taetigkeitSchluessel", schwerpunkt.wz_code)
            if schwerpunkt.wz:
                el(node, "stichwort", schwerpunkt.wz.titel)
    if mit_weiteren:
        node = el(gesamt, "weitereTaetigkeiten")
        el(node, "taetigkeitenZusammengefasst", "|".join(t.beschreibung for t in weitere))
        for t in weitere:
            einzeln = el(node, "taetigkeit")
            el(einzeln, "taetigkeitEinzeln", t.beschreibung)
            if t.wz_code:
                el(einzeln, "taetigkeitSchluessel", t.wz_code)
                if t.wz:
                    el(einzeln, "stichwort", t.wz.titel)


def build_nachricht(
    empfaenger: katalog.Empfaenger,
    kommune,
    saetze: list[tuple[object, frozenset[str]]],
    *,
    nachricht_uuid,
    jetzt: datetime.datetime,
) -> bytes:
    """A whole message to one body: header and one `satz` per (Anzeige, field keys)."""
    root = etree.Element(
        q(empfaenger.nachricht),
        nsmap={"xga": NS},
        produkt="Aktenbund",
        produkthersteller="IT-Verbund der Kommunen im Werra-Meißner-Kreis",
        produktversion="0.1",
        standard="XGewerbeanzeige",
        version=VERSION,
    )
    kopf = el(root, "nachrichtenkopf")
    ident = el(kopf, "identifikation.nachricht")
    el(ident, "nachrichtenUUID", nachricht_uuid)
    code(ident, "nachrichtentyp", empfaenger.nachrichtentyp)
    el(ident, "erstellungszeitpunkt", jetzt.isoformat(timespec="seconds"))
    _behoerde(
        kopf,
        "leser",
        praefix="xga",
        kennung=empfaenger.kennung,
        anschrift=(empfaenger.strasse, empfaenger.hausnummer, empfaenger.plz, empfaenger.ort),
        titel=empfaenger.name,
    )
    _autor(kopf, kommune)
    for anzeige, erlaubt in saetze:
        build_satz(root, anzeige, erlaubt, jetzt=jetzt)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- the official XSD, once it is there -------------------------------------------


def standards_dir() -> Path:
    return Path(
        getattr(settings, "AKTENBUND_STANDARDS_DIR", None)
        or Path(settings.PROJECT_DIR).parent / "shared" / "standards"
    )


def finde_xsd(root: Path | None = None) -> Path | None:
    """The XGewerbeanzeige 2.2 schema under the standards folder, found by its
    targetNamespace (so an XSD added later is used without a code change)."""
    base = (root or standards_dir()) / "xgewerbeanzeige"
    if not base.is_dir():
        return None
    kandidaten = []
    for path in sorted(base.rglob("*.xsd")):
        try:
            tree = etree.parse(str(path), _sicherer_parser())
        except etree.XMLSyntaxError:
            continue
        wurzel = tree.getroot()
        if wurzel.get("targetNamespace") != NS:
            continue
        # Prefer the schema that declares the message roots (the entry point).
        deklariert = wurzel.xpath(
            "count(/*[local-name()='schema']/*[local-name()='element']"
            "[contains(@name, '.gewerbemeldung.')])"
        )
        kandidaten.append((-deklariert, str(path), path))
    return min(kandidaten)[2] if kandidaten else None


@cache
def _schema(path: str) -> etree.XMLSchema:
    # Schemas come from our own standards folder: includes are local files.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(path, parser))


def validiere_gegen_xsd(xml: bytes, xsd: Path | None = None) -> list[str]:
    """Errors against the official XSD; [] when valid or when no XSD is there yet."""
    xsd = xsd or finde_xsd()
    if xsd is None:
        return []
    schema = _schema(str(xsd))
    doc = etree.fromstring(xml, _sicherer_parser())
    if schema.validate(doc):
        return []
    return [f"Zeile {e.line}: {e.message}" for e in schema.error_log]


# --- parsing ----------------------------------------------------------------------------


class XmlFehler(DomainError):
    """An incoming message that cannot be read; `errors` names the element."""

    status = 422


def _sicherer_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sicher_parsen(data: bytes):
    """Parse untrusted XML: no DOCTYPE (so no entities at all), no network, size-limited."""
    if len(data) > MAX_BYTES:
        raise XmlFehler(
            "Die Nachricht ist zu groß.", {"datei": f"Höchstens {MAX_BYTES // 1024 // 1024} MB."}
        ) from None
    try:
        # defusedxml refuses DTDs and entity declarations before anything expands.
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise XmlFehler(
            "Die Nachricht enthält eine DOCTYPE-Deklaration; das ist nicht erlaubt.",
            {"DOCTYPE": "DTDs und Entities werden nicht angenommen (XXE-Schutz)."},
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise XmlFehler(
            "Die Nachricht enthält Entities; das ist nicht erlaubt.",
            {"ENTITY": "Entities werden nicht angenommen."},
        ) from None
    except Exception as exc:  # ParseError of the stdlib parser
        raise XmlFehler(
            "Die Nachricht ist kein wohlgeformtes XML.", {"xml": str(exc)[:300]}
        ) from None
    try:
        return etree.fromstring(data, _sicherer_parser())
    except etree.XMLSyntaxError as exc:
        raise XmlFehler(
            "Die Nachricht ist kein wohlgeformtes XML.", {"xml": str(exc)[:300]}
        ) from None


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class Leser:
    """Reads one `anmeldung|ummeldung|abmeldung`; missing mandatory elements are errors.

    `streng`: an Anzeige to be filed needs its mandatory elements; a message
    to one body (fewer fields) is read without them.
    """

    def __init__(self, node, pfad: str, *, streng: bool = True):
        self.node = node
        self.pfad = pfad
        self.streng = streng
        self.fehler: dict[str, str] = {}

    def fehlt(self, pfad: str, text: str) -> None:
        if self.streng:
            self.fehler[pfad] = text

    def find(self, node, path: str):
        return node.find("/".join(f"{{{NS}}}{p}" for p in path.split("/")))

    def text(self, node, path: str, *, pflicht: bool = False, wo: str | None = None) -> str:
        found = self.find(node, path) if node is not None else None
        value = (found.text or "").strip() if found is not None else ""
        if pflicht and not value:
            elem = path.rsplit("/", 1)[-1]
            self.fehlt(f"{wo or self.pfad}/{path}", f"Pflichtelement xga:{elem} fehlt.")
        return value

    def code(self, node, path: str, *, pflicht: bool = False, wo: str | None = None) -> str:
        found = self.find(node, path) if node is not None else None
        value = ""
        if found is not None:
            inner = found.find("code")
            value = ((inner.text if inner is not None else found.text) or "").strip()
        if pflicht and not value:
            elem = path.rsplit("/", 1)[-1]
            self.fehlt(f"{wo or self.pfad}/{path}", f"Pflichtelement xga:{elem} fehlt.")
        return value

    def datum(self, node, path: str, *, format_: str = "%Y-%m-%d", pflicht=False, wo=None):
        value = self.text(node, path, pflicht=pflicht, wo=wo)
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, format_).date()
        except ValueError:
            self.fehler[f"{wo or self.pfad}/{path}"] = (
                f"xga:{path.rsplit('/', 1)[-1]}: „{value}“ ist kein gültiges Datum."
            )
            return None

    def flag(self, node, path: str) -> bool:
        return self.code(node, path) == "1"

    def anschrift(self, node) -> tuple[str, str, str, str]:
        if node is None:
            return "", "", "", ""
        adr = self.find(node, "anschrift")
        if adr is None:
            return "", "", "", ""
        hausnr = self.text(adr, "hausNrVon") or self.text(adr, "hausNr")
        return self.text(adr, "strasse"), hausnr, self.text(adr, "plz"), self.text(adr, "ort")


def lese_meldung(
    node, pfad: str, *, streng: bool = True
) -> tuple[AnzeigeDaten | None, dict, dict[str, str]]:
    """(data, meta, errors) of one Satz; meta has gewerbebetriebID, uuid, gemeindeSchluessel."""
    r = Leser(node, pfad, streng=streng)
    art = ANZEIGEART[_local(node.tag)]
    gemeinde = r.code(node, "gemeindeSchluessel")
    if not gemeinde:
        r.fehler[f"{pfad}/gemeindeSchluessel"] = "Pflichtelement xga:gemeindeSchluessel fehlt."
    meta = {
        "gemeindeSchluessel": gemeinde,
        "gewerbebetriebID": r.text(node, "gewerbebetriebID"),
        "uuid": r.text(node, "uuid"),
    }
    gewerbe = r.find(node, "gewerbe")
    if gewerbe is None:
        r.fehler[f"{pfad}/gewerbe"] = "Pflichtelement xga:gewerbe fehlt."
        return None, meta, r.fehler
    betrieb = r.find(gewerbe, "betrieb")
    if betrieb is None:
        r.fehlt(f"{pfad}/gewerbe/betrieb", "Pflichtelement xga:betrieb fehlt.")
    wo = f"{pfad}/gewerbe"
    if r.find(gewerbe, "betriebArt") is None:
        r.fehlt(f"{wo}/betriebArt", "Pflichtelement xga:betriebArt fehlt.")
    art_node = r.find(gewerbe, "betriebArt")

    personen = []
    for i, pnode in enumerate(gewerbe.findall(q("beteiligtePerson")), start=1):
        pwo = f"{wo}/beteiligtePerson[{i}]"
        funktion = r.code(pnode, "personFunktion", pflicht=True, wo=pwo) or "1"
        staaten = [
            (s.findtext("code") or s.text or "").strip()
            for s in pnode.iterfind(
                f"{q('staatangehoerigkeiten')}/{q('staatsangehoerigkeitSchluessel')}"
            )
        ]
        strasse, hausnr, plz, ort = r.anschrift(pnode)
        titel = r.find(pnode, "aufenthaltstitel")
        personen.append(
            PersonDaten(
                funktion=funktion if funktion in {"1", "2", "3", "4"} else "1",
                familienname=r.text(pnode, "familienname", pflicht=True, wo=pwo),
                vornamen=r.text(pnode, "vorname"),
                doktorgrad=r.text(pnode, "doktorgrad"),
                geschlecht=r.code(pnode, "geschlecht"),
                geburtsname=r.text(pnode, "geburtsname"),
                geburtsdatum=r.datum(pnode, "geburtsdatum", format_="%d%m%Y", wo=pwo),
                geburtsort=r.text(pnode, "geburtsort"),
                geburtsland=r.text(pnode, "geburtsland"),
                staatsangehoerigkeit=staaten[0] if staaten else "",
                weitere_staatsangehoerigkeit=staaten[1] if len(staaten) > 1 else "",
                wohn_strasse=strasse,
                wohn_hausnummer=hausnr,
                wohn_plz=plz,
                wohn_ort=ort,
                aufenthaltstitel_status=r.code(titel, "status") if titel is not None else "",
                aufenthaltstitel_datum=r.datum(titel, "ausgestelltAm", wo=f"{pwo}/aufenthaltstitel")
                if titel is not None
                else None,
                aufenthaltstitel_behoerde=r.text(titel, "ausgestelltVonName")
                if titel is not None
                else "",
                auflage=r.text(titel, "auflage") if titel is not None else "",
            )
        )

    taetigkeiten = []
    gesamt = r.find(node, "taetigkeitenGesamt")
    schwerpunkt = r.find(gesamt, "schwerpunkt") if gesamt is not None else None
    if schwerpunkt is None:
        r.fehlt(
            f"{pfad}/taetigkeitenGesamt/schwerpunkt",
            "Pflichtelement xga:schwerpunkt (Tätigkeit) fehlt.",
        )
    else:
        taetigkeiten.append(
            TaetigkeitDaten(
                beschreibung=r.text(schwerpunkt, "taetigkeitSchwerpunkt")
                or r.text(schwerpunkt, "stichwort"),
                wz_code=r.text(schwerpunkt, "taetigkeitSchluessel"),
                schwerpunkt=True,
            )
        )
    weitere = r.find(gesamt, "weitereTaetigkeiten") if gesamt is not None else None
    if weitere is not None:
        einzelne = weitere.findall(q("taetigkeit"))
        if einzelne:
            for t in einzelne:
                taetigkeiten.append(
                    TaetigkeitDaten(
                        beschreibung=r.text(t, "taetigkeitEinzeln") or r.text(t, "stichwort"),
                        wz_code=r.text(t, "taetigkeitSchluessel"),
                    )
                )
        else:
            for teil in r.text(weitere, "taetigkeitenZusammengefasst").split("|"):
                if teil.strip():
                    taetigkeiten.append(TaetigkeitDaten(beschreibung=teil.strip()))

    hn = r.anschrift(r.find(gewerbe, "hauptniederlassung"))
    fb = r.anschrift(r.find(gewerbe, "fruehereBetriebsstaette"))
    kuenftig_node = r.find(node, "kuenftigesGewerbe")
    kuenftig = r.anschrift(kuenftig_node)
    strasse, hausnr, plz, ort = r.anschrift(gewerbe)
    if not strasse:
        r.fehlt(f"{wo}/anschrift", "Pflichtelement xga:anschrift (Betriebsstätte) fehlt.")
    erreichbar = {}
    for e in gewerbe.findall(q("erreichbarkeit")):
        erreichbar[r.code(e, "kanal")] = r.text(e, "kennung")
    karte = r.find(gewerbe, "handwerkskarte")
    erl = r.find(gewerbe, "erlaubnis")
    gruende = r.find(node, "gruendeUmmeldung")
    datum = r.datum(node, "gueltigAb", pflicht=True)

    def betrieb_text(name):
        return r.text(betrieb, name) if betrieb is not None else ""

    daten = AnzeigeDaten(
        anzeigeart=art,
        eingang_am=r.datum(node, "datumMeldung"),
        eingetragener_name=betrieb_text("eingetragenerName"),
        rechtsform=r.code(betrieb, "rechtsformSchluessel") if betrieb is not None else "",
        register_art=r.code(betrieb, "eintragungArt") if betrieb is not None else "",
        register_nummer=betrieb_text("eintragungNr"),
        registergericht=betrieb_text("eintragungOrt"),
        geschaeftsbezeichnung=betrieb_text("geschaeftsbezeichnung"),
        email=erreichbar.get("01", ""),
        telefon=erreichbar.get("02", ""),
        website=erreichbar.get("09", ""),
        zahl_vertreter=_int(r.text(gewerbe, "anzahlBeteiligte")),
        betrieb_strasse=strasse,
        betrieb_hausnummer=hausnr,
        betrieb_plz=plz,
        betrieb_ort=ort,
        betrieb_ags=meta["gemeindeSchluessel"],
        hn_strasse=hn[0],
        hn_hausnummer=hn[1],
        hn_plz=hn[2],
        hn_ort=hn[3],
        fb_strasse=fb[0],
        fb_hausnummer=fb[1],
        fb_plz=fb[2],
        fb_ort=fb[3],
        bisherige_taetigkeit=r.text(node, "bisherigeTaetigkeit"),
        nebenerwerb=r.flag(gewerbe, "istNebenerwerb"),
        datum=datum,
        art_industrie=r.flag(art_node, "industrie") if art_node is not None else False,
        art_handwerk=r.flag(art_node, "handwerk") if art_node is not None else False,
        art_handel=r.flag(art_node, "handel") if art_node is not None else False,
        art_sonstiges=r.flag(art_node, "sonstiges") if art_node is not None else False,
        vollzeit=_int(r.text(gewerbe, "anzahlVollzeitBeschaeftigte")),
        teilzeit=_int(r.text(gewerbe, "anzahlTeilzeitBeschaeftigte")),
        niederlassungsart=r.code(gewerbe, "niederlassungArt")[:1],
        reisegewerbe=r.flag(gewerbe, "istReisegewerbe"),
        automatenaufstellung=r.flag(gewerbe, "istAutomatenaufstellung"),
        grund_anmeldung=r.code(node, "grundAnmeldungSchluessel"),
        grund_ummeldung=r.code(gruende, "grundUmmeldungSchluessel") if gruende is not None else "",
        ursache_abmeldung=r.code(node, "ursacheAbmeldungSchluessel"),
        grund_abmeldung=r.code(node, "grundAbmeldungSchluessel"),
        frueherer_gewerbetreibender=r.text(node, "fruehererGewerbetreibender"),
        unfallversicherung=r.text(gewerbe, "bisherigeUnfallversicherung"),
        erlaubnis=erl is not None,
        erlaubnis_behoerde=r.text(erl, "erteiltVonName") if erl is not None else "",
        erlaubnis_datum=r.datum(erl, "erteiltAm", wo=f"{wo}/erlaubnis")
        if erl is not None
        else None,
        handwerkskarte=karte is not None,
        handwerkskarte_kammer=(
            r.text(karte, "ausgestelltVonName") or r.text(karte, "ausgestelltVonOrt")
        )
        if karte is not None
        else "",
        handwerkskarte_datum=r.datum(karte, "ausgestelltAm", wo=f"{wo}/handwerkskarte")
        if karte is not None
        else None,
        kuenftig_strasse=kuenftig[0],
        kuenftig_hausnummer=kuenftig[1],
        kuenftig_plz=kuenftig[2],
        kuenftig_ort=kuenftig[3],
        kuenftiger_gewerbetreibender=r.text(kuenftig_node, "nameFirmaGewerbetreibender")
        if kuenftig_node is not None
        else "",
        personen=personen,
        taetigkeiten=taetigkeiten,
    )
    return daten, meta, r.fehler


def _int(value: str) -> int | None:
    return int(value) if ist_ziffernfolge(value) and len(value) < 7 else None


def lese_nachricht(data: bytes, *, streng: bool = True) -> list[tuple[AnzeigeDaten, dict, str]]:
    """Every Satz of an incoming message: (data, meta, element path of the Satz).

    Raises XmlFehler (4xx) naming the offending element; reads all Sätze first,
    so that the caller stores nothing unless everything is readable.
    """
    root = sicher_parsen(data)
    qname = etree.QName(root)
    if qname.namespace != NS:
        raise XmlFehler(
            "Die Nachricht hat nicht den Namensraum von XGewerbeanzeige 2.2.",
            {qname.localname: f"Namensraum „{qname.namespace or '(keiner)'}“, erwartet „{NS}“."},
        )
    if not ROOT_RE.match(qname.localname):
        raise XmlFehler(
            "Unbekannte Nachricht.",
            {qname.localname: "Erwartet wird ein Element <präfix>.gewerbemeldung.<nummer>."},
        )
    if root.find(q("nachrichtenkopf")) is None:
        raise XmlFehler(
            "Pflichtelement xga:nachrichtenkopf fehlt.",
            {"nachrichtenkopf": "Pflichtelement xga:nachrichtenkopf fehlt."},
        )
    saetze = root.findall(q("satz"))
    if not saetze:
        raise XmlFehler(
            "Die Nachricht enthält keinen Satz.", {"satz": "Pflichtelement xga:satz fehlt."}
        )
    ergebnis = []
    fehler: dict[str, str] = {}
    for i, satz in enumerate(saetze, start=1):
        meldungen = [c for c in satz if _local(c.tag) in ANZEIGEART]
        if len(meldungen) != 1:
            fehler[f"satz[{i}]"] = (
                "Jeder Satz enthält genau eines von xga:anmeldung, xga:ummeldung, xga:abmeldung."
            )
            continue
        pfad = f"satz[{i}]/{_local(meldungen[0].tag)}"
        daten, meta, satzfehler = lese_meldung(meldungen[0], pfad, streng=streng)
        fehler.update(satzfehler)
        if daten is not None:
            ergebnis.append((daten, meta, pfad))
    if fehler:
        erstes = next(iter(fehler.values()))
        raise XmlFehler(f"Die Nachricht ist unvollständig: {erstes}", fehler)
    return ergebnis


# Where the import finds what the validation names (input field → element).
ELEMENT_FUER_EINGABE = {
    "eingetragener_name": "gewerbe/betrieb/eingetragenerName",
    "rechtsform": "gewerbe/betrieb/rechtsformSchluessel",
    "register_art": "gewerbe/betrieb/eintragungArt",
    "register_nummer": "gewerbe/betrieb/eintragungNr",
    "registergericht": "gewerbe/betrieb/eintragungOrt",
    "zahl_vertreter": "gewerbe/anzahlBeteiligte",
    "betrieb_strasse": "gewerbe/anschrift/strasse",
    "betrieb_plz": "gewerbe/anschrift/plz",
    "betrieb_ort": "gewerbe/anschrift/ort",
    "betrieb_ags": "gemeindeSchluessel",
    "hn_strasse": "gewerbe/hauptniederlassung/anschrift/strasse",
    "hn_plz": "gewerbe/hauptniederlassung/anschrift/plz",
    "hn_ort": "gewerbe/hauptniederlassung/anschrift/ort",
    "datum": "gueltigAb",
    "art_sonstiges": "gewerbe/betriebArt",
    "niederlassungsart": "gewerbe/niederlassungArt",
    "grund_anmeldung": "grundAnmeldungSchluessel",
    "grund_ummeldung": "gruendeUmmeldung/grundUmmeldungSchluessel",
    "ursache_abmeldung": "ursacheAbmeldungSchluessel",
    "grund_abmeldung": "grundAbmeldungSchluessel",
    "taetigkeiten": "taetigkeitenGesamt/schwerpunkt",
    "email": "gewerbe/erreichbarkeit",
    "gewerbebetrieb_id": "gewerbebetriebID",
}
PERSON_ELEMENT = {
    "familienname": "familienname",
    "vornamen": "vorname",
    "geschlecht": "geschlecht",
    "geburtsdatum": "geburtsdatum",
    "geburtsort": "geburtsort",
    "staatsangehoerigkeit": "staatangehoerigkeiten",
    "wohn_strasse": "anschrift/strasse",
    "wohn_plz": "anschrift/plz",
    "wohn_ort": "anschrift/ort",
    "aufenthaltstitel_status": "aufenthaltstitel/status",
    "funktion": "personFunktion",
}


def element_fuer(eingabe: str, pfad: str) -> str:
    """The element path of a validation error's input field, for import errors."""
    teile = eingabe.split(".")
    if teile[0] == "personen" and len(teile) == 3:
        element = PERSON_ELEMENT.get(teile[2], teile[2])
        return f"{pfad}/gewerbe/beteiligtePerson[{int(teile[1]) + 1}]/{element}"
    if teile[0] == "personen":
        return f"{pfad}/gewerbe/beteiligtePerson"
    if teile[0] == "taetigkeiten" and len(teile) == 3:
        return f"{pfad}/taetigkeitenGesamt/taetigkeit[{int(teile[1]) + 1}]"
    return f"{pfad}/{ELEMENT_FUER_EINGABE.get(eingabe, eingabe)}"
