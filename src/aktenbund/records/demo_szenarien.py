"""What the demo Kommunen have on file: plans of Akten, Vorgänge and Dokumente.

Pure planning, no database: every function takes a seeded `random.Random`
and an `Ort` (the Kommune, its demo people, today) and returns an `AktePlan`.
`demo_akten` files the plans through the records services. The names,
addresses and companies are invented; places, Behörden and legal references
are real so that the texts read like a municipal file.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from aktenbund.records.models import Dokumenttyp, Recht, Richtung
from aktenbund.tenancy.models import Rolle

# --- plans ---------------------------------------------------------------------


@dataclass
class DokumentPlan:
    typ: str
    titel: str
    richtung: str
    datum: datetime.date
    absender: str  # one line, for the metadata; the letter shows it in full
    empfaenger: str
    absaetze: list[str]
    anrede: str = ""
    unterzeichnet: str = ""  # who signs (a person outside, or the clerk)
    absender_anschrift: str = ""  # several lines for a letterhead from outside
    empfaenger_anschrift: str = ""  # several lines for the address field
    # A second Version: (comment, paragraphs of the corrected text).
    version2: tuple[str, list[str]] | None = None


@dataclass
class VorgangPlan:
    betreff: str
    dokumente: list[DokumentPlan]
    bearbeitung: str | None = None  # a Rolle; None: the Akte's clerk
    frist: datetime.date | None = None
    zda_verfuegung: str | None = None


@dataclass
class AktePlan:
    kennzeichen: str
    betreff: str
    oe: str  # Kurzzeichen of the federführende OE
    rolle: str  # the demo user who files it
    vorgaenge: list[VorgangPlan]
    beschreibung: str = ""
    vertraulich: bool = False
    zugriff: list[tuple[str, str]] = field(default_factory=list)  # (Rolle, Recht)
    zda_verfuegung: str | None = None
    schluessel: str = ""  # names the Akte a Freigabe refers to


@dataclass(frozen=True)
class Ort:
    """The Kommune as its letters show it, its demo people, and today."""

    name: str
    ist_stadt: bool
    plz: str
    ortsteile: tuple[str, ...]
    heute: datetime.date
    personen: dict[str, str]  # Rolle → full name of the demo user

    @property
    def briefkopf(self) -> str:
        return f"{'Stadt' if self.ist_stadt else 'Gemeinde'} {self.name}"

    @property
    def organ(self) -> str:
        return "Der Magistrat" if self.ist_stadt else "Der Gemeindevorstand"

    @property
    def vertretung(self) -> str:
        return "Stadtverordnetenversammlung" if self.ist_stadt else "Gemeindevertretung"

    @property
    def anschrift(self) -> str:
        return f"{self.briefkopf}\n{self.organ}\nRathaus\n{self.plz} {self.name}"

    def ortsteil(self, r: random.Random) -> str:
        return r.choice(self.ortsteile) if self.ortsteile else self.name


# Postleitzahl and Ortsteile of the eleven demo Kommunen.
ORTE: dict[str, tuple[str, tuple[str, ...]]] = {
    "Bad Sooden-Allendorf": ("37242", ("Allendorf", "Sooden", "Ahrenberg", "Kammerbach")),
    "Berkatal": ("37297", ("Frankershausen", "Frankenhain", "Hitzerode")),
    "Herleshausen": ("37293", ("Herleshausen", "Nesselröden", "Wommen", "Markershausen")),
    "Meinhard": ("37276", ("Grebendorf", "Schwebda", "Frieda", "Jestädt", "Motzenrode")),
    "Neu-Eichenberg": ("37249", ("Eichenberg", "Hebenshausen", "Berge", "Marzhausen")),
    "Ringgau": ("37296", ("Datterode", "Netra", "Röhrda", "Grandenborn")),
    "Sontra": ("36205", ("Sontra", "Berneburg", "Breitau", "Wichmannshausen", "Ulfen")),
    "Waldkappel": ("37284", ("Waldkappel", "Bischhausen", "Harmuthsachsen", "Rechtebach")),
    "Wehretal": ("37287", ("Reichensachsen", "Oetmannshausen", "Langenhain", "Hoheneiche")),
    "Weißenborn": ("37299", ("Weißenborn", "Rambach")),
    "Witzenhausen": ("37213", ("Witzenhausen", "Gertenbach", "Hundelshausen", "Ermschwerd")),
}

# --- vocabulary ------------------------------------------------------------------

VORNAMEN_W = (
    "Anke", "Birgit", "Claudia", "Doris", "Elke", "Franziska", "Gabriele", "Heike", "Ines",
    "Jana", "Karin", "Lena", "Marion", "Nicole", "Ute", "Renate", "Sophie", "Tanja", "Yvonne",
    "Lea", "Emma", "Hannelore", "Ingrid", "Sonja",
)  # fmt: skip
VORNAMEN_M = (
    "Bernd", "Christian", "Dieter", "Erik", "Florian", "Günter", "Heinz", "Jürgen", "Klaus",
    "Lars", "Manfred", "Norbert", "Olaf", "Rainer", "Sven", "Torsten", "Volker", "Wolfgang",
    "Matthias", "Dirk", "Kai", "Ralf", "Holger", "Tim",
)  # fmt: skip
NACHNAMEN = (
    "Adam", "Bauer", "Brill", "Dietrich", "Eckhardt", "Fischer", "Franke", "Gerlach", "Göbel",
    "Hahn", "Heinemann", "Hildebrandt", "Jäger", "Kaiser", "Kühn", "Ludwig", "Möller", "Nolte",
    "Oetzel", "Pfeiffer", "Rehbein", "Reinhardt", "Sauer", "Schäfer", "Schreiber", "Sommer",
    "Stöber", "Trümper", "Vogt", "Weber", "Wiegand", "Wenzel", "Ziegler", "Zülch", "Blum",
    "Döring", "Engelhardt", "Gröger", "Hoßbach", "Krug", "Mönch", "Rudolph", "Schmidt",
    "Siebert", "Thiele", "Umbach",
)  # fmt: skip
STRASSEN = (
    "Hauptstraße", "Bahnhofstraße", "Kirchstraße", "Schulstraße", "Lindenstraße", "Mühlenweg",
    "Gartenstraße", "Am Anger", "Bergstraße", "Werrastraße", "Am Sportplatz", "Friedhofsweg",
    "Eschweger Straße", "Brunnenstraße", "Im Wiesengrund", "Am Hopfenberg", "Rosenweg",
    "Kasseler Straße", "Obere Dorfstraße", "Untere Dorfstraße", "Kirschenweg", "Am Bornrain",
    "Ringstraße", "Waldstraße", "Sonnenhang", "Triftweg",
)  # fmt: skip
GEWERBE = (
    ("Bäckerei {n}", "Herstellung und Verkauf von Backwaren"),
    ("{n} Haustechnik GmbH", "Installation von Sanitär-, Heizungs- und Klimaanlagen"),
    ("Malerbetrieb {n}", "Maler- und Lackiererarbeiten"),
    ("{n} Elektrotechnik", "Elektroinstallation, Photovoltaikanlagen"),
    ("Kfz-Werkstatt {n}", "Reparatur und Wartung von Kraftfahrzeugen"),
    ("Friseursalon {v}", "Friseurhandwerk"),
    ("{n} IT-Service", "IT-Dienstleistungen, Einrichtung von Computernetzwerken"),
    ("Hofladen {n}", "Direktvermarktung landwirtschaftlicher Erzeugnisse"),
    ("Gasthaus „Zur Linde“ ({n})", "Betrieb einer Schank- und Speisewirtschaft"),
    ("{n} Garten- und Landschaftsbau", "Garten- und Landschaftspflege, Baumschnitt"),
    ("Café am Markt ({v} {n})", "Café mit Verkauf von Kuchen und Eis"),
    ("{n} & {n2} Bau GmbH", "Hoch- und Tiefbauarbeiten"),
    ("Fahrschule {n}", "Fahrschulbetrieb"),
    ("{v} {n} Onlinehandel", "Onlinehandel mit Haushaltswaren"),
    ("Physiotherapie {n}", "Physiotherapeutische Praxis"),
    ("Kosmetikstudio {v}", "Kosmetik und Fußpflege"),
    ("{n} Hausmeisterservice", "Hausmeisterdienste, Gebäudereinigung"),
    ("Werra-Kanu {n}", "Vermietung von Kanus, geführte Touren"),
)  # fmt: skip
HUNDERASSEN = (
    "Labrador Retriever", "Deutscher Schäferhund", "Dackel", "Border Collie", "Golden Retriever",
    "Mischling", "Jack Russell Terrier", "Beagle", "Französische Bulldogge", "Australian Shepherd",
    "Münsterländer", "Rauhaardackel",
)  # fmt: skip
HUNDENAMEN = (
    "Bello", "Luna", "Balu", "Emma", "Rocky", "Frieda", "Max", "Paula", "Sammy", "Nala", "Bruno",
    "Kira", "Oskar", "Lotte", "Charly", "Amy",
)  # fmt: skip
VORHABEN = (
    "Neubau eines Einfamilienhauses mit Garage",
    "Anbau eines Wintergartens",
    "Errichtung eines Carports",
    "Umnutzung einer Scheune zu Wohnzwecken",
    "Neubau eines Zweifamilienhauses",
    "Errichtung einer landwirtschaftlichen Maschinenhalle",
    "Aufstockung des Wohnhauses um ein Dachgeschoss",
    "Errichtung einer Doppelgarage mit Abstellraum",
    "Nutzungsänderung eines Ladenlokals in eine Arztpraxis",
    "Neubau eines Mehrfamilienhauses mit sechs Wohneinheiten",
    "Errichtung einer Dachgaube und Umbau des Dachgeschosses",
)  # fmt: skip
BEBAUUNGSPLAENE = (
    "Nr. 7 „Am Hopfenberg“", "Nr. 12 „Im Wiesengrund“", "Nr. 3 „Ortsmitte“",
    "Nr. 15 „Sonnenhang II“", "Nr. 9 „Gewerbegebiet Süd“", "Nr. 21 „Am Sportplatz“",
)  # fmt: skip
VEREINE = (
    "Freiwillige Feuerwehr {o} e. V.", "Sportverein {o} 1921 e. V.",
    "Gesangverein „Liederkranz“ {o}",
    "Heimat- und Verkehrsverein {o}", "Kirmesgesellschaft {o}", "Förderverein Kindergarten {o}",
    "Landfrauenverein {o}", "Schützenverein {o} e. V.",
)  # fmt: skip
FESTE = (
    "Kirmes", "Sommerfest", "Feuerwehrfest", "Weinfest", "Oktoberfest", "Sportfest",
    "Backhausfest", "Weihnachtsmarkt", "Maifest",
)  # fmt: skip
STELLEN = (
    ("Sachbearbeitung Bürgerbüro", "EG 6 TVöD"),
    ("Sachbearbeitung Bauverwaltung", "EG 9a TVöD"),
    ("Mitarbeit im Bauhof", "EG 5 TVöD"),
    ("Erzieherin/Erzieher in der Kita", "S 8a TVöD SuE"),
    ("Sachbearbeitung Steuern und Abgaben", "EG 8 TVöD"),
    ("Leitung der Kämmerei", "EG 11 TVöD"),
    ("Klimaschutzmanagement", "EG 11 TVöD"),
    ("Hausmeisterin/Hausmeister Dorfgemeinschaftshäuser", "EG 5 TVöD"),
)  # fmt: skip
FORTBILDUNGEN = (
    ("Neues Vergaberecht in Hessen", "Hessischer Verwaltungsschulverband, Kassel"),
    ("Doppik kompakt: Jahresabschluss", "Studieninstitut für kommunale Verwaltung, Kassel"),
    ("Gewerberecht für Praktiker", "Hessischer Verwaltungsschulverband, Kassel"),
    ("Elektronische Akte und Schriftgutverwaltung", "ekom21, Gießen"),
    ("Datenschutz in der Kommunalverwaltung", "Hessischer Städte- und Gemeindebund"),
    ("Friedhofsrecht und Friedhofsgebühren", "Hessischer Städte- und Gemeindebund"),
)  # fmt: skip
BESCHWERDEN = (
    ("Straßenbeleuchtung defekt",
     "seit zwei Wochen brennen in der {s} drei Straßenlaternen nicht mehr"),
    ("Lärm durch Bauarbeiten", "beginnen die Bauarbeiten in der {s} regelmäßig schon vor 6 Uhr"),
    ("Verschmutzung des Gehwegs", "wird der Gehweg in der {s} seit Wochen nicht gereinigt"),
    ("Parken auf dem Gehweg",
     "parken in der {s} täglich Fahrzeuge auf dem Gehweg, Kinderwagen kommen nicht vorbei"),
    ("Wildwuchs am Spielplatz",
     "ist der Spielplatz an der {s} zugewachsen, die Hecke ragt in den Weg"),
    ("Schlagloch in der Fahrbahn",
     "hat sich in der {s} ein tiefes Schlagloch gebildet, das für Radfahrer gefährlich ist"),
)  # fmt: skip

BAUAUFSICHT = "Kreisausschuss des Werra-Meißner-Kreises, Fachbereich Bauen und Umwelt"
BAUAUFSICHT_ANSCHRIFT = (
    "Kreisausschuss des Werra-Meißner-Kreises\nFachbereich Bauen und Umwelt – Bauaufsicht\n"
    "37269 Eschwege"
)
KOMMUNALAUFSICHT = (
    "Landrat des Werra-Meißner-Kreises als Behörde der Landesverwaltung, Kommunalaufsicht"
)
FINANZAMT = "Finanzamt Eschwege-Witzenhausen"
IHK = "IHK Kassel-Marburg"

MONATE = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember",
)  # fmt: skip
WOCHENTAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

RECHTSBEHELF = (
    "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
    "Bekanntgabe Widerspruch erhoben werden. Der Widerspruch ist schriftlich, in "
    "elektronischer Form oder zur Niederschrift beim {briefkopf}, {organ}, {plz} {name}, "
    "einzulegen. Widerspruch und Anfechtungsklage gegen die Anforderung von öffentlichen "
    "Abgaben und Kosten haben keine aufschiebende Wirkung (§ 80 Abs. 2 Nr. 1 VwGO)."
)


def datum_lang(datum: datetime.date) -> str:
    return f"{datum.day}. {MONATE[datum.month - 1]} {datum.year}"


def spaeter(datum: datetime.date, tage: int) -> datetime.date:
    return datum + datetime.timedelta(days=tage)


def jahre_spaeter(datum: datetime.date, jahre: int) -> datetime.date:
    if datum.month == 2 and datum.day == 29:
        datum = datum.replace(day=28)
    return datum.replace(year=datum.year + jahre)


def datum_kurz(datum: datetime.date) -> str:
    return f"{datum:%d.%m.%Y}"


def wochentag(datum: datetime.date) -> str:
    return WOCHENTAGE[datum.weekday()]


def euro(betrag: Decimal) -> str:
    text = f"{betrag.quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".") + " €"


@dataclass(frozen=True)
class Person:
    vorname: str
    nachname: str
    weiblich: bool
    strasse: str
    ort: str  # "PLZ Ort"

    @property
    def name(self) -> str:
        return f"{self.vorname} {self.nachname}"

    @property
    def anrede(self) -> str:
        return (
            f"Sehr geehrte Frau {self.nachname},"
            if self.weiblich
            else (f"Sehr geehrter Herr {self.nachname},")
        )

    @property
    def mit_anrede(self) -> str:
        return f"{'Frau' if self.weiblich else 'Herrn'} {self.name}"

    @property
    def zeile(self) -> str:
        return f"{self.name}, {self.strasse}, {self.ort}"

    @property
    def anschrift(self) -> str:
        return f"{self.mit_anrede}\n{self.strasse}\n{self.ort}"

    @property
    def email(self) -> str:
        table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
        return f"{self.vorname}.{self.nachname}".lower().translate(table) + "@mail.example"


@dataclass(frozen=True)
class Firma:
    name: str
    taetigkeit: str
    inhaber: Person

    @property
    def zeile(self) -> str:
        return f"{self.name}, {self.inhaber.strasse}, {self.inhaber.ort}"

    @property
    def anschrift(self) -> str:
        return f"{self.name}\n{self.inhaber.mit_anrede}\n{self.inhaber.strasse}\n{self.inhaber.ort}"


def person(r: random.Random, ort: Ort) -> Person:
    weiblich = r.random() < 0.5
    return Person(
        vorname=r.choice(VORNAMEN_W if weiblich else VORNAMEN_M),
        nachname=r.choice(NACHNAMEN),
        weiblich=weiblich,
        strasse=f"{r.choice(STRASSEN)} {r.randint(1, 48)}",
        ort=f"{ort.plz} {ort.name}",
    )


def firma(r: random.Random, ort: Ort) -> Firma:
    inhaber = person(r, ort)
    muster, taetigkeit = r.choice(GEWERBE)
    name = muster.format(n=inhaber.nachname, n2=r.choice(NACHNAMEN), v=inhaber.vorname)
    return Firma(name, taetigkeit, inhaber)


class Zeitstrahl:
    """Dates of one Akte, moving forward from a start in the past, never past today."""

    def __init__(self, r: random.Random, heute: datetime.date, *, vor_tagen: tuple[int, int]):
        self.r = r
        self.heute = heute
        self.datum = heute - datetime.timedelta(days=r.randint(*vor_tagen))

    def weiter(self, von: int = 1, bis: int = 14) -> datetime.date:
        self.datum = min(self.heute, self.datum + datetime.timedelta(days=self.r.randint(von, bis)))
        return self.datum

    def alt(self, tage: int) -> bool:
        """The current date lies at least `tage` days back."""
        return (self.heute - self.datum).days >= tage


def frist(r: random.Random, ort: Ort) -> datetime.date:
    """A Frist around today: a few are overdue, most lie ahead."""
    return ort.heute + datetime.timedelta(days=r.choice((-5, -2, 3, 7, 10, 14, 21, 30, 45)))


# --- documents -------------------------------------------------------------------


def eingang(
    typ: str,
    titel: str,
    datum: datetime.date,
    von: Person | Firma | tuple[str, str],
    ort: Ort,
    absaetze: list[str],
    *,
    anrede: str = "Sehr geehrte Damen und Herren,",
) -> DokumentPlan:
    """A letter, Antrag or Rechnung that came in (from a person, company or Behörde)."""
    if isinstance(von, Person):
        zeile, anschrift, name = von.zeile, f"{von.name}\n{von.strasse}\n{von.ort}", von.name
    elif isinstance(von, Firma):
        zeile, anschrift, name = (
            von.zeile,
            von.anschrift.replace("Herrn ", "").replace("Frau ", ""),
            von.inhaber.name,
        )
    else:
        zeile, anschrift = von
        name = "Im Auftrag"
    return DokumentPlan(
        typ=typ,
        titel=titel,
        richtung=Richtung.EINGANG,
        datum=datum,
        absender=zeile,
        empfaenger=f"{ort.briefkopf}, {ort.organ}",
        absaetze=absaetze,
        anrede=anrede,
        unterzeichnet=name,
        absender_anschrift=anschrift,
        empfaenger_anschrift=ort.anschrift,
    )


def ausgang(
    typ: str,
    titel: str,
    datum: datetime.date,
    an: Person | Firma | tuple[str, str],
    ort: Ort,
    absaetze: list[str],
    *,
    von: str,
    anrede: str | None = None,
) -> DokumentPlan:
    """A letter or Bescheid the Kommune sent (signed by the clerk `von`)."""
    if isinstance(an, Person):
        zeile, anschrift, gruss = an.zeile, an.anschrift, an.anrede
    elif isinstance(an, Firma):
        zeile, anschrift, gruss = an.zeile, an.anschrift, an.inhaber.anrede
    else:
        zeile, anschrift = an
        gruss = "Sehr geehrte Damen und Herren,"
    return DokumentPlan(
        typ=typ,
        titel=titel,
        richtung=Richtung.AUSGANG,
        datum=datum,
        absender=f"{ort.briefkopf}, {ort.organ}",
        empfaenger=zeile,
        absaetze=absaetze,
        anrede=gruss if anrede is None else anrede,
        unterzeichnet=von,
        empfaenger_anschrift=anschrift,
    )


def intern(
    typ: str, titel: str, datum: datetime.date, ort: Ort, absaetze: list[str], *, von: str
) -> DokumentPlan:
    """A Vermerk, Protokoll or Beschluss inside the administration."""
    return DokumentPlan(
        typ=typ,
        titel=titel,
        richtung=Richtung.INTERN,
        datum=datum,
        absender=von,
        empfaenger="",
        absaetze=absaetze,
        unterzeichnet=von,
    )


def email(
    titel: str,
    datum: datetime.date,
    *,
    von: str,
    an: str,
    richtung: str,
    absaetze: list[str],
    anrede: str = "Guten Tag,",
    unterzeichnet: str = "",
) -> DokumentPlan:
    return DokumentPlan(
        typ=Dokumenttyp.EMAIL,
        titel=titel,
        richtung=richtung,
        datum=datum,
        absender=von,
        empfaenger=an,
        absaetze=absaetze,
        anrede=anrede,
        unterzeichnet=unterzeichnet,
    )


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})


def rathaus_mail(ort: Ort, name: str) -> str:
    """A clerk's address in the Rathaus, as an e-mail header shows it."""
    vorname, _, nachname = name.partition(" ")
    local = f"{vorname}.{nachname}".lower().translate(_ASCII)
    return f"{name} <{local}@{ort.name.lower().translate(_ASCII)}.example>"


def zda(*gruende: str) -> str:
    return "zdA. " + " ".join(gruende)


# --- Gewerbe (Gewerbeamt, OE 32.1) --------------------------------------------------


def gewerbeanmeldung(r: random.Random, ort: Ort) -> AktePlan:
    f = firma(r, ort)
    sb = ort.personen[Rolle.GEWERBEAMT]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(20, 700))
    beginn = t.weiter(0, 10)
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Gewerbeanmeldung (GewA 1) {f.name}",
        t.weiter(1, 3),
        f,
        ort,
        [
            f"hiermit melde ich zum {datum_kurz(beginn)} den Beginn folgender Tätigkeit an: "
            f"{f.taetigkeit}.",
            f"Betriebsstätte: {f.inhaber.strasse}, {f.inhaber.ort}. Name des Betriebs: {f.name}. "
            f"Zahl der Beschäftigten bei Beginn: {r.choice(('keine', 'eine', 'zwei', 'drei'))} "
            f"(Vollzeit), {r.choice(('keine', 'eine', 'zwei'))} (Teilzeit).",
            "Die Tätigkeit wird im Haupterwerb ausgeübt. Eine Eintragung in das Handelsregister "
            + r.choice(("besteht nicht.", "ist beantragt.", "besteht beim Amtsgericht Kassel.")),
            "Eine Kopie meines Personalausweises liegt bei. Die Gebühr für die Anmeldung "
            "überweise ich nach Erhalt der Empfangsbescheinigung.",
        ],
    )
    gebuehr = Decimal(r.choice(("20.00", "25.00", "26.00", "30.00")))
    bescheinigung = ausgang(
        Dokumenttyp.BESCHEID,
        f"Empfangsbescheinigung nach § 15 Abs. 1 GewO, {f.name}",
        t.weiter(1, 6),
        f,
        ort,
        [
            f"Ihre Gewerbeanmeldung vom {datum_kurz(antrag.datum)} für die Tätigkeit "
            f"„{f.taetigkeit}“ haben wir erhalten. Diese Empfangsbescheinigung bestätigt die "
            "Anzeige nach § 14 der Gewerbeordnung; sie ist keine Genehmigung.",
            "Wir übermitteln die Daten Ihrer Anmeldung nach § 14 Abs. 8 GewO an das "
            f"{FINANZAMT}, die {IHK} oder die Handwerkskammer Kassel, die "
            "Berufsgenossenschaft und die Agentur für Arbeit.",
            f"Für die Entgegennahme der Anzeige setzen wir eine Verwaltungsgebühr von "
            f"{euro(gebuehr)} fest. Bitte überweisen Sie den Betrag innerhalb von zwei Wochen "
            "unter Angabe des Aktenzeichens.",
        ],
        von=sb,
    )
    vorgaenge = [
        VorgangPlan(
            f"Gewerbeanmeldung {f.name}: {f.taetigkeit}",
            [antrag, bescheinigung],
            zda_verfuegung=zda("Anmeldung bearbeitet, Daten nach § 14 GewO übermittelt.")
            if t.alt(60)
            else None,
        )
    ]
    if r.random() < 0.45:
        rueckfrage = email(
            f"Rückfrage zur Tätigkeitsbeschreibung {f.name}",
            t.weiter(1, 20),
            von=rathaus_mail(ort, sb),
            an=f"{f.inhaber.name} <{f.inhaber.email}>",
            richtung=Richtung.AUSGANG,
            anrede=f.inhaber.anrede,
            absaetze=[
                f"zu Ihrer Gewerbeanmeldung „{f.taetigkeit}“ hat die {IHK} nachgefragt, ob Sie "
                "auch Waren im Internet verkaufen. Bitte teilen Sie uns mit, ob die "
                "Tätigkeitsbeschreibung ergänzt werden soll; dann senden wir Ihnen ein "
                "Formular für die Ummeldung.",
            ],
            unterzeichnet=sb,
        )
        antwort = email(
            f"AW: Rückfrage zur Tätigkeitsbeschreibung {f.name}",
            t.weiter(1, 5),
            von=f"{f.inhaber.name} <{f.inhaber.email}>",
            an=rathaus_mail(ort, sb),
            richtung=Richtung.EINGANG,
            anrede="Guten Tag,",
            absaetze=[
                "danke für den Hinweis. Einen Onlineverkauf plane ich vorerst nicht; es bleibt "
                "bei der angemeldeten Tätigkeit. Sollte sich das ändern, melde ich mich.",
            ],
            unterzeichnet=f.inhaber.name,
        )
        vorgaenge.append(
            VorgangPlan(
                "Rückfrage der IHK zur Tätigkeit",
                [rueckfrage, antwort],
                frist=None if t.alt(30) else frist(r, ort),
                zda_verfuegung=zda("Rückfrage beantwortet.") if t.alt(30) else None,
            )
        )
    return AktePlan(
        "121.1",
        f"Gewerbeanmeldung {f.name}",
        "32.1",
        Rolle.GEWERBEAMT,
        vorgaenge,
        beschreibung=f"{f.taetigkeit}; Inhaber/in {f.inhaber.name}, {f.inhaber.strasse}",
    )


def gewerbeummeldung(r: random.Random, ort: Ort) -> AktePlan:
    f = firma(r, ort)
    sb = ort.personen[Rolle.GEWERBEAMT]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 500))
    neu = f"{r.choice(STRASSEN)} {r.randint(1, 60)}"
    grund = r.choice(
        (
            f"Verlegung der Betriebsstätte in die {neu}",
            f"Erweiterung der Tätigkeit um den Onlinehandel ({f.taetigkeit})",
            "Wechsel der Rechtsform in eine GmbH",
        )
    )
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Gewerbeummeldung (GewA 2) {f.name}",
        t.weiter(),
        f,
        ort,
        [
            f"für meinen Betrieb {f.name} zeige ich folgende Änderung an: {grund}. Die Änderung "
            f"gilt ab dem {datum_kurz(t.weiter(3, 20))}.",
            "Alle übrigen Angaben der Anmeldung bleiben unverändert.",
        ],
    )
    bescheinigung = ausgang(
        Dokumenttyp.BESCHEID,
        f"Empfangsbescheinigung Gewerbeummeldung {f.name}",
        t.weiter(1, 5),
        f,
        ort,
        [
            f"wir bestätigen den Eingang Ihrer Ummeldung vom {datum_kurz(antrag.datum)} "
            f"({grund}). Die Daten wurden an die zuständigen Stellen übermittelt.",
            f"Verwaltungsgebühr: {euro(Decimal('20.00'))}.",
        ],
        von=sb,
    )
    return AktePlan(
        "121.2",
        f"Gewerbeummeldung {f.name}",
        "32.1",
        Rolle.GEWERBEAMT,
        [
            VorgangPlan(
                f"Ummeldung: {grund}",
                [antrag, bescheinigung],
                zda_verfuegung=zda("Ummeldung bearbeitet.") if t.alt(45) else None,
                frist=None if t.alt(45) else frist(r, ort),
            )
        ],
    )


def gewerbeabmeldung(r: random.Random, ort: Ort) -> AktePlan:
    f = firma(r, ort)
    sb = ort.personen[Rolle.GEWERBEAMT]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(90, 700))
    grund = r.choice(("Aufgabe aus Altersgründen", "Betriebsaufgabe", "Verlegung nach Kassel"))
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Gewerbeabmeldung (GewA 3) {f.name}",
        t.weiter(),
        f,
        ort,
        [
            f"hiermit melde ich meinen Betrieb {f.name} ({f.taetigkeit}) zum "
            f"{datum_kurz(t.weiter(5, 30))} ab. Grund: {grund}.",
        ],
    )
    vermerk = intern(
        Dokumenttyp.VERMERK,
        "Vermerk: Datenübermittlung Abmeldung",
        t.weiter(1, 5),
        ort,
        [
            f"Die Abmeldung des Betriebs {f.name} wurde im Gewerberegister erfasst. Die Daten "
            f"wurden am {datum_kurz(t.datum)} elektronisch an das {FINANZAMT}, die {IHK} und "
            "das Statistische Landesamt übermittelt.",
            "Offene Forderungen der Gemeinde gegen den Betrieb bestehen nicht.",
        ],
        von=sb,
    )
    return AktePlan(
        "121.3",
        f"Gewerbeabmeldung {f.name}",
        "32.1",
        Rolle.GEWERBEAMT,
        [
            VorgangPlan(
                f"Abmeldung {f.name}: {grund}",
                [antrag, vermerk],
                zda_verfuegung=zda("Abmeldung erfasst, Daten übermittelt."),
            )
        ],
        zda_verfuegung=zda("Betrieb abgemeldet; Aufbewahrung 5 Jahre ab Abmeldung."),
    )


def gestattung(r: random.Random, ort: Ort) -> AktePlan:
    ortsteil = ort.ortsteil(r)
    verein = r.choice(VEREINE).format(o=ortsteil)
    fest = r.choice(FESTE)
    sb = ort.personen[Rolle.GEWERBEAMT]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(15, 400))
    vorsitz = person(r, ort)
    termin = t.datum + datetime.timedelta(days=r.randint(20, 60))
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Gestattung nach § 12 GastG, {fest} {ortsteil}",
        t.weiter(),
        (
            f"{verein}, {vorsitz.name} (Vorsitz)",
            f"{verein}\n{vorsitz.name}\n{vorsitz.strasse}\n{vorsitz.ort}",
        ),
        ort,
        [
            f"der {verein} richtet am {datum_kurz(termin)} von 14 bis 24 Uhr das diesjährige "
            f"{fest} auf dem Festplatz in {ortsteil} aus. Wir beantragen die vorübergehende "
            "Gestattung des Ausschanks alkoholischer Getränke und der Abgabe von Speisen.",
            f"Erwartet werden etwa {r.choice((150, 250, 400, 600))} Besucherinnen und Besucher. "
            "Verantwortlich vor Ort ist die Unterzeichnerin bzw. der Unterzeichner.",
        ],
    )
    antrag.unterzeichnet = vorsitz.name
    bescheid = ausgang(
        Dokumenttyp.BESCHEID,
        f"Gestattung nach § 12 GastG: {fest} {ortsteil}",
        t.weiter(2, 10),
        (
            f"{verein}, {vorsitz.name}",
            f"{verein}\n{vorsitz.mit_anrede}\n{vorsitz.strasse}\n{vorsitz.ort}",
        ),
        ort,
        [
            f"auf Ihren Antrag vom {datum_kurz(antrag.datum)} wird Ihnen gestattet, am "
            f"{datum_kurz(termin)} von 14 bis 24 Uhr anlässlich des {fest}s alkoholische "
            "Getränke und zubereitete Speisen an jedermann abzugeben.",
            "Auflagen: 1. Die Abgabe von Alkohol an Personen unter 16 Jahren (Branntwein unter "
            "18 Jahren) ist untersagt. 2. Mindestens ein alkoholfreies Getränk ist nicht teurer "
            "als das billigste alkoholische Getränk anzubieten. 3. Ab 22 Uhr ist die Musik auf "
            "Zimmerlautstärke zu reduzieren.",
            f"Verwaltungsgebühr: {euro(Decimal(r.choice(('25.00', '40.00', '50.00'))))}.",
        ],
        von=sb,
        anrede=vorsitz.anrede,
    )
    return AktePlan(
        "123.1",
        f"Gestattung {fest} {ortsteil} ({verein})",
        "32.1",
        Rolle.GEWERBEAMT,
        [
            VorgangPlan(
                f"Gestattung {fest} am {datum_kurz(termin)}",
                [antrag, bescheid],
                zda_verfuegung=zda("Veranstaltung beendet, keine Beschwerden.")
                if termin < ort.heute
                else None,
                frist=None if termin < ort.heute else termin,
            )
        ],
    )


def reisegewerbekarte(r: random.Random, ort: Ort) -> AktePlan:
    """The Akte Meinhard grants to Witzenhausen's Gewerbeamt (Kirschenmarkt)."""
    p = person(r, ort)
    sb = ort.personen[Rolle.GEWERBEAMT]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(40, 80))
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Erteilung einer Reisegewerbekarte, {p.name}",
        t.weiter(),
        p,
        ort,
        [
            "ich beantrage eine Reisegewerbekarte nach § 55 GewO für den Verkauf von "
            "Süßwaren, gebrannten Mandeln und alkoholfreien Getränken von einem "
            "Verkaufswagen auf Märkten und Volksfesten.",
            "Führungszeugnis und Auskunft aus dem Gewerbezentralregister habe ich beantragt; "
            "ein Lichtbild liegt bei.",
        ],
        anrede="Sehr geehrte Damen und Herren,",
    )
    karte = ausgang(
        Dokumenttyp.BESCHEID,
        f"Reisegewerbekarte für {p.name}",
        t.weiter(10, 20),
        p,
        ort,
        [
            f"auf Ihren Antrag vom {datum_kurz(antrag.datum)} erteilen wir Ihnen die "
            "Reisegewerbekarte nach § 55 Abs. 2 GewO für das Feilbieten von Süßwaren, "
            "gebrannten Mandeln und alkoholfreien Getränken. Die Karte ist bei der "
            "Ausübung des Gewerbes stets mitzuführen.",
            f"Verwaltungsgebühr: {euro(Decimal('150.00'))}.",
        ],
        von=sb,
    )
    mail = email(
        "Zulassung zum Witzenhäuser Kirschenmarkt",
        t.weiter(3, 10),
        von="Marktmeisterei Stadt Witzenhausen <markt@witzenhausen.example>",
        an=rathaus_mail(ort, sb),
        richtung=Richtung.EINGANG,
        anrede="Liebe Kolleginnen und Kollegen,",
        absaetze=[
            f"{p.mit_anrede} hat sich um einen Standplatz auf dem Witzenhäuser Kirschenmarkt "
            "beworben. Für die Zulassung benötigen wir eine Bestätigung, dass die "
            "Reisegewerbekarte gültig ist. Könnten Sie uns die Akte im Wege der Amtshilfe "
            "zur Einsicht freigeben?",
        ],
        unterzeichnet="Marktmeisterei Witzenhausen",
    )
    return AktePlan(
        "124",
        f"Reisegewerbekarte {p.name}: Süßwaren- und Getränkestand",
        "32.1",
        Rolle.GEWERBEAMT,
        [
            VorgangPlan("Erteilung der Reisegewerbekarte", [antrag, karte]),
            VorgangPlan(
                "Amtshilfe: Zulassung zum Witzenhäuser Kirschenmarkt",
                [mail],
                frist=ort.heute + datetime.timedelta(days=14),
            ),
        ],
        schluessel="reisegewerbe",
    )


# --- Ordnung (Ordnungsamt, OE 32; filed by the Registratur) ---------------------------


def gefaehrlicher_hund(r: random.Random, ort: Ort) -> AktePlan:
    halter, opfer = person(r, ort), person(r, ort)
    reg = ort.personen[Rolle.REGISTRATUR]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 300))
    hund, rasse = r.choice(HUNDENAMEN), r.choice(HUNDERASSEN)
    meldung = eingang(
        Dokumenttyp.SCHREIBEN,
        f"Meldung eines Beißvorfalls, {halter.strasse}",
        t.weiter(),
        opfer,
        ort,
        [
            f"am {datum_kurz(t.datum)} wurde ich beim Spaziergang in der "
            f"{halter.strasse.rsplit(' ', 1)[0]} "
            f"von dem Hund „{hund}“ ({rasse}) von {halter.mit_anrede} ins Bein gebissen. Der Hund "
            "lief ohne Leine vom Grundstück auf die Straße. Ein ärztliches Attest liegt bei.",
            "Ich bitte darum, dass die Gemeinde Maßnahmen ergreift, damit so etwas nicht "
            "wieder passiert.",
        ],
    )
    anhoerung = ausgang(
        Dokumenttyp.SCHREIBEN,
        f"Anhörung nach § 28 HVwVfG, Hund „{hund}“",
        t.weiter(2, 8),
        halter,
        ort,
        [
            f"uns wurde mitgeteilt, dass Ihr Hund „{hund}“ am {datum_kurz(meldung.datum)} eine "
            "Passantin bzw. einen Passanten gebissen hat. Wir beabsichtigen, nach der "
            "Hundeverordnung einen Leinen- und Maulkorbzwang außerhalb Ihres befriedeten "
            "Grundstücks anzuordnen.",
            f"Sie erhalten Gelegenheit, sich bis zum {datum_kurz(spaeter(t.datum, 14))} zu äußern.",
        ],
        von=reg,
    )
    dokumente = [meldung, anhoerung]
    abgeschlossen = t.alt(60)
    if abgeschlossen:
        dokumente.append(
            ausgang(
                Dokumenttyp.BESCHEID,
                f"Ordnungsverfügung: Leinen- und Maulkorbzwang für „{hund}“",
                t.weiter(15, 25),
                halter,
                ort,
                [
                    f"für Ihren Hund „{hund}“ ({rasse}) ordnen wir an: Außerhalb Ihres befriedeten "
                    "Besitztums ist der Hund an einer höchstens zwei Meter langen Leine zu führen "
                    "und hat einen Maulkorb zu tragen.",
                    "Die sofortige Vollziehung wird angeordnet. Für den Fall der Zuwiderhandlung "
                    f"wird ein Zwangsgeld von {euro(Decimal('250.00'))} angedroht.",
                ],
                von=reg,
            )
        )
    return AktePlan(
        "170",
        f"Gefahrenabwehr Hund „{hund}“, Halter/in {halter.name}",
        "32",
        Rolle.REGISTRATUR,
        [
            VorgangPlan(
                f"Beißvorfall vom {datum_kurz(meldung.datum)}",
                dokumente,
                frist=None if abgeschlossen else frist(r, ort),
                zda_verfuegung=zda("Verfügung bestandskräftig.") if abgeschlossen else None,
            )
        ],
    )


def sondernutzung(r: random.Random, ort: Ort) -> AktePlan:
    f = firma(r, ort)
    reg = ort.personen[Rolle.REGISTRATUR]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 400))
    was = r.choice(
        (
            "Aufstellung eines Gerüsts auf dem Gehweg",
            "Außenbewirtschaftung mit vier Tischen",
            "Aufstellung eines Baucontainers",
            "Werbeaufsteller vor dem Geschäft",
        )
    )
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Sondernutzungserlaubnis: {was}",
        t.weiter(),
        f,
        ort,
        [
            f"wir beantragen die Erlaubnis zur {was} vor dem Anwesen {f.inhaber.strasse} für "
            f"die Zeit vom {datum_kurz(t.datum + datetime.timedelta(days=7))} bis "
            f"{datum_kurz(t.datum + datetime.timedelta(days=35))}. Ein Lageplan liegt bei.",
        ],
    )
    erlaubnis = ausgang(
        Dokumenttyp.BESCHEID,
        f"Sondernutzungserlaubnis: {was}",
        t.weiter(3, 10),
        f,
        ort,
        [
            f"die beantragte Sondernutzung ({was}) wird nach § 16 des Hessischen "
            "Straßengesetzes widerruflich erlaubt. Eine Restgehwegbreite von 1,50 m ist "
            "freizuhalten; die Verkehrssicherungspflicht liegt bei Ihnen.",
            f"Sondernutzungsgebühr nach der Sondernutzungssatzung: "
            f"{euro(Decimal(r.randint(3, 24) * 10))}.",
        ],
        von=reg,
    )
    return AktePlan(
        "101",
        f"Sondernutzung {f.inhaber.strasse}: {was}",
        "32",
        Rolle.REGISTRATUR,
        [
            VorgangPlan(
                f"Sondernutzungserlaubnis {f.name}",
                [antrag, erlaubnis],
                zda_verfuegung=zda("Sondernutzung beendet, Gebühr bezahlt.") if t.alt(60) else None,
            )
        ],
    )


# --- Bauwesen (Bauamt, OE 60; filed by the Registratur) ------------------------------


def bauantrag(r: random.Random, ort: Ort) -> AktePlan:
    bauherr = person(r, ort)
    vorhaben = r.choice(VORHABEN)
    ortsteil = ort.ortsteil(r)
    flur, flurstueck = r.randint(1, 14), f"{r.randint(12, 480)}/{r.randint(1, 9)}"
    bplan = r.choice(BEBAUUNGSPLAENE)
    reg = ort.personen[Rolle.REGISTRATUR]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 650))
    behoerde = (BAUAUFSICHT, BAUAUFSICHT_ANSCHRIFT)
    lage = f"{bauherr.strasse}, Gemarkung {ortsteil}, Flur {flur}, Flurstück {flurstueck}"
    ersuchen = eingang(
        Dokumenttyp.SCHREIBEN,
        f"Bauantrag {bauherr.name}: Ersuchen um Einvernehmen nach § 36 BauGB",
        t.weiter(),
        behoerde,
        ort,
        [
            f"uns liegt der Bauantrag von {bauherr.mit_anrede} für das Vorhaben „{vorhaben}“ "
            f"auf dem Grundstück {lage} vor.",
            f"Das Grundstück liegt im Geltungsbereich des Bebauungsplans {bplan}. Wir bitten "
            "um Entscheidung über das gemeindliche Einvernehmen nach § 36 BauGB. Das "
            "Einvernehmen gilt als erteilt, wenn es nicht binnen zwei Monaten nach Eingang "
            "des Ersuchens verweigert wird.",
            "Die Bauvorlagen (Lageplan, Bauzeichnungen, Baubeschreibung, Berechnung der "
            "Grundflächen- und Geschossflächenzahl, Stellplatznachweis) sind beigefügt.",
        ],
    )
    eingang_datum = ersuchen.datum
    grz = f"0,{r.randint(25, 42)}"
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Vermerk: Prüfung Bauantrag {bauherr.name}",
        t.weiter(3, 14),
        ort,
        [
            f"Prüfung des Vorhabens „{vorhaben}“ ({lage}) gegen den Bebauungsplan {bplan}:",
            f"Art der baulichen Nutzung: allgemeines Wohngebiet (WA), eingehalten. "
            f"Grundflächenzahl: festgesetzt 0,4, beantragt {grz}. Zahl der Vollgeschosse: II, "
            "eingehalten. Dachform Satteldach 30–45°, eingehalten.",
            "Stellplätze: zwei Stellplätze nach der Stellplatzsatzung nachgewiesen. "
            "Erschließung gesichert; Anschluss an Kanal und Wasserleitung vorhanden.",
            "Vorschlag: Einvernehmen erteilen. Vorlage an den "
            f"{ort.organ.removeprefix('Der ')} zur Sitzung am "
            f"{datum_kurz(t.datum + datetime.timedelta(days=r.randint(5, 12)))}.",
        ],
        von=reg,
    )
    abweichung = r.random() < 0.25
    dokumente = [ersuchen, vermerk]
    abgeschlossen = t.alt(75)
    if abgeschlossen or r.random() < 0.5:
        dokumente.append(
            ausgang(
                Dokumenttyp.STELLUNGNAHME,
                f"Gemeindliches Einvernehmen zum Bauantrag {bauherr.name}",
                t.weiter(7, 20),
                behoerde,
                ort,
                [
                    f"der {ort.organ.removeprefix('Der ')} hat in seiner Sitzung am "
                    f"{datum_kurz(t.datum - datetime.timedelta(days=2))} beschlossen, das "
                    f"Einvernehmen nach § 36 BauGB zum Vorhaben „{vorhaben}“ ({lage}) zu "
                    "erteilen."
                    + (
                        " Einer Befreiung nach § 31 Abs. 2 BauGB für die Überschreitung der "
                        "Baugrenze um 1,20 m wird zugestimmt."
                        if abweichung
                        else ""
                    ),
                    "Wir bitten, uns eine Abschrift der Baugenehmigung zu übersenden.",
                ],
                von=reg,
            )
        )
    vorgaenge = [
        VorgangPlan(
            "Gemeindliches Einvernehmen nach § 36 BauGB",
            dokumente,
            frist=None
            if abgeschlossen
            else max(ort.heute, eingang_datum + datetime.timedelta(days=61)),
            zda_verfuegung=zda("Einvernehmen erteilt; Frist nach § 36 Abs. 2 BauGB gewahrt.")
            if abgeschlossen
            else None,
        )
    ]
    if r.random() < 0.4:
        nachbar = person(r, ort)
        widerspruch = eingang(
            Dokumenttyp.SCHREIBEN,
            f"Einwendungen des Nachbarn {nachbar.name} gegen das Bauvorhaben",
            t.weiter(5, 30),
            nachbar,
            ort,
            [
                f"als Eigentümer/in des Nachbargrundstücks erhebe ich Einwendungen gegen das "
                f"Vorhaben „{vorhaben}“ von {bauherr.mit_anrede}. Die Abstandsflächen nach § 6 "
                "HBO werden zu meinem Grundstück nicht eingehalten, und das Gebäude verschattet "
                "meinen Garten.",
                "Ich bitte, dies bei der Entscheidung zu berücksichtigen, und widerspreche einer "
                "Befreiung von den Festsetzungen des Bebauungsplans.",
            ],
        )
        antwort = ausgang(
            Dokumenttyp.SCHREIBEN,
            f"Antwort auf die Einwendungen von {nachbar.name}",
            t.weiter(5, 15),
            nachbar,
            ort,
            [
                "vielen Dank für Ihr Schreiben. Zuständig für die Entscheidung über den "
                "Bauantrag und die Prüfung der Abstandsflächen ist die Bauaufsicht des "
                "Werra-Meißner-Kreises. Wir haben Ihr Schreiben dorthin weitergeleitet.",
                "Die Gemeinde prüft im Verfahren nach § 36 BauGB nur die planungsrechtliche "
                "Zulässigkeit des Vorhabens.",
            ],
            von=reg,
        )
        vorgaenge.append(
            VorgangPlan(
                f"Einwendungen Nachbar {nachbar.name}",
                [widerspruch, antwort],
                zda_verfuegung=zda("Einwendungen an die Bauaufsicht weitergeleitet.")
                if abgeschlossen
                else None,
            )
        )
    if abgeschlossen and r.random() < 0.6:
        vorgaenge.append(
            VorgangPlan(
                "Baugenehmigung (Abschrift der Bauaufsicht)",
                [
                    eingang(
                        Dokumenttyp.BESCHEID,
                        f"Baugenehmigung {bauherr.name} (Abschrift)",
                        t.weiter(20, 60),
                        behoerde,
                        ort,
                        [
                            f"Abschrift zur Kenntnis: Die Baugenehmigung für das Vorhaben "
                            f"„{vorhaben}“ ({lage}) wurde am {datum_kurz(t.datum)} erteilt. "
                            "Nebenbestimmungen: Baubeginnsanzeige eine Woche vor Beginn; "
                            "Niederschlagswasser ist auf dem Grundstück zu versickern.",
                        ],
                    )
                ],
                zda_verfuegung=zda("Zur Kenntnis genommen."),
            )
        )
    return AktePlan(
        "630",
        f"Bauantrag {bauherr.name}: {vorhaben}, {bauherr.strasse} ({ortsteil})",
        "60",
        Rolle.REGISTRATUR,
        vorgaenge,
        beschreibung=lage,
        zda_verfuegung=zda("Bauvorhaben genehmigt, Vorgänge abgeschlossen.")
        if abgeschlossen and all(v.zda_verfuegung for v in vorgaenge) and r.random() < 0.5
        else None,
    )


def bauvoranfrage(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    reg = ort.personen[Rolle.REGISTRATUR]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 400))
    ortsteil = ort.ortsteil(r)
    vorhaben = r.choice(VORHABEN)
    anfrage = eingang(
        Dokumenttyp.ANTRAG,
        f"Bauvoranfrage {p.name}",
        t.weiter(),
        p,
        ort,
        [
            f"ich möchte auf meinem Grundstück in {ortsteil} ({p.strasse}) folgendes Vorhaben "
            f"verwirklichen: {vorhaben}. Das Grundstück liegt nicht im Geltungsbereich eines "
            "Bebauungsplans. Ist das Vorhaben nach § 34 BauGB planungsrechtlich zulässig?",
        ],
    )
    stellungnahme = ausgang(
        Dokumenttyp.STELLUNGNAHME,
        f"Stellungnahme zur Bauvoranfrage {p.name}",
        t.weiter(10, 30),
        p,
        ort,
        [
            "das Grundstück liegt innerhalb eines im Zusammenhang bebauten Ortsteils. Ein "
            "Vorhaben dieser Art fügt sich nach Art und Maß der baulichen Nutzung in die "
            "Eigenart der näheren Umgebung ein, wenn die Firsthöhe der Nachbargebäude nicht "
            "überschritten wird.",
            "Über die Bauvoranfrage entscheidet die Bauaufsicht des Werra-Meißner-Kreises; "
            "die Gemeinde wird das Einvernehmen voraussichtlich erteilen.",
        ],
        von=reg,
    )
    return AktePlan(
        "631",
        f"Bauvoranfrage {p.name}, {p.strasse} ({ortsteil})",
        "60",
        Rolle.REGISTRATUR,
        [
            VorgangPlan(
                f"Voranfrage: {vorhaben}",
                [anfrage, stellungnahme],
                zda_verfuegung=zda("Auskunft erteilt.") if t.alt(30) else None,
            )
        ],
    )


def strassenschaden(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    reg = ort.personen[Rolle.REGISTRATUR]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(3, 200))
    thema, text = r.choice(BESCHWERDEN)
    strasse = r.choice(STRASSEN)
    meldung = email(
        f"{thema} in der {strasse}",
        t.weiter(0, 2),
        von=f"{p.name} <{p.email}>",
        an=f"Bürgerbüro <buergerbuero@{ort.name.lower().translate(_ASCII)}.example>",
        richtung=Richtung.EINGANG,
        anrede="Sehr geehrte Damen und Herren,",
        absaetze=[
            f"ich möchte Ihnen mitteilen, dass {text.format(s=strasse)}. Bitte kümmern Sie sich "
            "darum.",
        ],
        unterzeichnet=p.name,
    )
    auftrag = intern(
        Dokumenttyp.VERMERK,
        f"Auftrag an den Bauhof: {thema}",
        t.weiter(0, 3),
        ort,
        [
            f"Meldung von {p.name} ({datum_kurz(meldung.datum)}): {thema}, {strasse}.",
            "Der Bauhof wird gebeten, die Stelle zu prüfen, die Verkehrssicherheit "
            "herzustellen und die Erledigung mit Datum zurückzumelden.",
        ],
        von=reg,
    )
    erledigt = t.alt(20)
    dokumente = [meldung, auftrag]
    if erledigt:
        dokumente.append(
            ausgang(
                Dokumenttyp.SCHREIBEN,
                f"Antwort an {p.name}: {thema}",
                t.weiter(3, 15),
                p,
                ort,
                [
                    f"vielen Dank für Ihren Hinweis vom {datum_kurz(meldung.datum)}. Unser "
                    "Bauhof hat den Schaden inzwischen behoben.",
                ],
                von=reg,
            )
        )
    return AktePlan(
        "661",
        f"Straßenunterhaltung {strasse}: {thema}",
        "60",
        Rolle.REGISTRATUR,
        [
            VorgangPlan(
                f"Meldung {p.name}: {thema}",
                dokumente,
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Schaden behoben, Bürger/in informiert.") if erledigt else None,
            )
        ],
    )


def spielplatz(r: random.Random, ort: Ort) -> AktePlan:
    reg = ort.personen[Rolle.REGISTRATUR]
    ortsteil = ort.ortsteil(r)
    strasse = r.choice(STRASSEN)
    jahr = ort.heute.year
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 200))
    vorgaenge = []
    for quartal in range(1, r.randint(2, 4) + 1):
        d = t.weiter(20, 60)
        maengel = r.choice(
            (
                "keine Mängel",
                "Schaukelkette am Doppelschaukelgestell verschlissen, Austausch veranlasst",
                "Fallschutzkies unter der Rutsche zu flach, 3 m³ nachgefüllt",
                "Holzpfosten des Klettergerüsts angefault, Gerät gesperrt",
            )
        )
        vorgaenge.append(
            VorgangPlan(
                f"Sichtkontrolle {quartal}. Quartal {jahr}",
                [
                    intern(
                        Dokumenttyp.PROTOKOLL,
                        f"Prüfprotokoll Spielplatz {strasse} ({ortsteil}), {datum_kurz(d)}",
                        d,
                        ort,
                        [
                            f"Operative Inspektion nach DIN EN 1176-7 am {datum_kurz(d)}.",
                            "Geprüft: Schaukeln, Rutsche, Sandkasten, Klettergerüst, Zäune, "
                            f"Bänke, Fallschutz. Ergebnis: {maengel}.",
                        ],
                        von=reg,
                    )
                ],
                zda_verfuegung=zda("Kontrolle dokumentiert.")
                if "Gerät gesperrt" not in maengel
                else None,
                frist=frist(r, ort) if "Gerät gesperrt" in maengel else None,
            )
        )
    return AktePlan(
        "55",
        f"Spielplatz {strasse} ({ortsteil}): Kontrollen {jahr}",
        "60",
        Rolle.REGISTRATUR,
        vorgaenge,
    )


# --- Steuern und Finanzen (Kämmerei, OE 20) ---------------------------------------


def hundesteuer(r: random.Random, ort: Ort) -> AktePlan:
    halter = person(r, ort)
    sb = ort.personen[Rolle.KAEMMEREI]
    hund, rasse = r.choice(HUNDENAMEN), r.choice(HUNDERASSEN)
    satz = Decimal(r.choice(("60.00", "72.00", "84.00", "90.00", "96.00")))
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 700))
    marke = r.randint(100, 999)
    anmeldung = eingang(
        Dokumenttyp.ANTRAG,
        f"Anmeldung zur Hundesteuer, Hund „{hund}“",
        t.weiter(),
        halter,
        ort,
        [
            f"hiermit melde ich meinen Hund zur Hundesteuer an. Name: {hund}, Rasse: {rasse}, "
            f"gehalten seit {datum_kurz(t.datum - datetime.timedelta(days=r.randint(1, 14)))}. "
            "Es handelt sich um meinen ersten Hund.",
        ],
    )
    jahr = t.datum.year
    monate = 12 - t.datum.month + 1
    betrag = (satz * monate / 12).quantize(Decimal("0.01"))
    bescheid_text = [
        f"nach der Hundesteuersatzung der {ort.briefkopf} wird für das Halten des Hundes "
        f"„{hund}“ ({rasse}) die Hundesteuer wie folgt festgesetzt:",
        f"Jahressteuer für den ersten Hund: {euro(satz)}. Für das Jahr {jahr} anteilig für "
        f"{monate} Monate: {euro(betrag)}. Ab dem 1. Januar {jahr + 1} jährlich {euro(satz)}, "
        "fällig zum 1. Juli.",
        f"Ihre Hundesteuermarke trägt die Nummer {marke}. Der Hund muss sie außerhalb Ihrer "
        "Wohnung sichtbar tragen.",
    ]
    bescheid = ausgang(
        Dokumenttyp.BESCHEID,
        f"Hundesteuerbescheid {jahr}, Hund „{hund}“",
        t.weiter(3, 12),
        halter,
        ort,
        bescheid_text,
        von=sb,
    )
    if r.random() < 0.15:
        bescheid.version2 = (
            "Bankverbindung im Bescheid berichtigt",
            [
                *bescheid_text,
                "Berichtigte Fassung: Bitte überweisen Sie den Betrag auf das Konto der "
                f"Gemeindekasse bei der Sparkasse Werra-Meißner, Verwendungszweck „Hundesteuer "
                f"Marke {marke}“.",
            ],
        )
    vorgaenge = [
        VorgangPlan(
            f"Anmeldung Hund „{hund}“ ({rasse})",
            [anmeldung, bescheid],
            zda_verfuegung=zda("Bescheid bestandskräftig.") if t.alt(45) else None,
        )
    ]
    if r.random() < 0.3:
        widerspruch = eingang(
            Dokumenttyp.SCHREIBEN,
            f"Widerspruch gegen den Hundesteuerbescheid {jahr}",
            t.weiter(5, 25),
            halter,
            ort,
            [
                f"gegen den Hundesteuerbescheid vom {datum_kurz(bescheid.datum)} lege ich "
                "Widerspruch ein. "
                + r.choice(
                    (
                        f"„{hund}“ stammt aus dem Tierheim Eschwege; nach § 6 der Satzung ist "
                        "die Steuer für das erste Jahr zu erlassen.",
                        f"„{hund}“ ist als Rettungshund geprüft; ich beantrage die "
                        "Steuerbefreiung nach der Satzung.",
                        "Ich beziehe Leistungen nach dem SGB XII und beantrage die "
                        "Ermäßigung um die Hälfte.",
                    )
                ),
                "Einen Nachweis füge ich bei.",
            ],
        )
        vermerk = intern(
            Dokumenttyp.VERMERK,
            "Vermerk zum Widerspruch Hundesteuer",
            t.weiter(2, 10),
            ort,
            [
                "Der Nachweis liegt vor und ist ausreichend. Die Voraussetzungen der Satzung "
                "sind erfüllt. Vorschlag: dem Widerspruch abhelfen, Änderungsbescheid erlassen, "
                "zu viel gezahlte Steuer erstatten.",
            ],
            von=sb,
        )
        erledigt = t.alt(20)
        vorgaenge.append(
            VorgangPlan(
                f"Widerspruch gegen den Hundesteuerbescheid {jahr}",
                [widerspruch, vermerk],
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Dem Widerspruch wurde abgeholfen.") if erledigt else None,
            )
        )
    return AktePlan(
        "922",
        f"Hundesteuer {halter.name}, {halter.strasse}",
        "20",
        Rolle.KAEMMEREI,
        vorgaenge,
        beschreibung=f"Steuermarke Nr. {marke}",
    )


def grundsteuer(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    sb = ort.personen[Rolle.KAEMMEREI]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 500))
    flur, flurstueck = r.randint(1, 14), f"{r.randint(12, 480)}/{r.randint(1, 9)}"
    messbetrag = Decimal(r.randint(3000, 25000)) / 100
    hebesatz = r.choice((365, 420, 480, 510, 600))
    steuer = (messbetrag * hebesatz / 100).quantize(Decimal("0.01"))
    messbescheid = eingang(
        Dokumenttyp.BESCHEID,
        f"Grundsteuermessbescheid (Abschrift), Flur {flur}, Flurstück {flurstueck}",
        t.weiter(),
        (FINANZAMT, f"{FINANZAMT}\n37269 Eschwege"),
        ort,
        [
            f"Mitteilung über den Grundsteuermessbetrag für das Grundstück {p.strasse}, Flur "
            f"{flur}, Flurstück {flurstueck}, Eigentümer/in {p.name}: Grundsteuermessbetrag "
            f"ab 1. Januar 2025: {euro(messbetrag)}.",
        ],
    )
    jahr = ort.heute.year
    bescheid = ausgang(
        Dokumenttyp.BESCHEID,
        f"Grundsteuerbescheid {jahr}, {p.strasse}",
        t.weiter(5, 30),
        p,
        ort,
        [
            f"für das Grundstück {p.strasse} (Flur {flur}, Flurstück {flurstueck}) wird die "
            f"Grundsteuer B für {jahr} festgesetzt: Messbetrag {euro(messbetrag)} × Hebesatz "
            f"{hebesatz} % = {euro(steuer)}.",
            f"Fällig sind vier Raten von je {euro((steuer / 4).quantize(Decimal('0.01')))} am "
            "15. Februar, 15. Mai, 15. August und 15. November.",
        ],
        von=sb,
    )
    vorgaenge = [
        VorgangPlan(
            f"Grundsteuerbescheid {jahr}",
            [messbescheid, bescheid],
            zda_verfuegung=zda("Bescheid bestandskräftig.") if t.alt(40) else None,
        )
    ]
    if r.random() < 0.35:
        widerspruch = eingang(
            Dokumenttyp.SCHREIBEN,
            f"Widerspruch gegen den Grundsteuerbescheid {jahr}",
            t.weiter(5, 25),
            p,
            ort,
            [
                "gegen den Grundsteuerbescheid lege ich Widerspruch ein. Die Grundsteuer ist "
                "nach der Reform fast doppelt so hoch wie bisher; die Wohnfläche ist im "
                "Messbescheid zu hoch angesetzt.",
            ],
        )
        antwort = ausgang(
            Dokumenttyp.SCHREIBEN,
            f"Hinweis zum Widerspruch gegen den Grundsteuerbescheid {jahr}",
            t.weiter(5, 20),
            p,
            ort,
            [
                "Einwendungen gegen die Wohnfläche und den Messbetrag richten sich gegen den "
                f"Grundlagenbescheid des {FINANZAMT}s; bitte wenden Sie sich dorthin. Der "
                "Grundsteuerbescheid der Gemeinde folgt dem Messbetrag.",
                "Wir bitten um Mitteilung bis zum "
                f"{datum_kurz(t.datum + datetime.timedelta(days=21))}, ob Sie den Widerspruch "
                "aufrechterhalten.",
            ],
            von=sb,
        )
        erledigt = t.alt(30)
        vorgaenge.append(
            VorgangPlan(
                f"Widerspruch gegen den Grundsteuerbescheid {jahr}",
                [widerspruch, antwort],
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Widerspruch zurückgenommen.") if erledigt else None,
            )
        )
    return AktePlan(
        "920",
        f"Grundsteuer B {p.strasse}, Flur {flur}, Flurstück {flurstueck}",
        "20",
        Rolle.KAEMMEREI,
        vorgaenge,
    )


def mahnverfahren(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    sb = ort.personen[Rolle.KAEMMEREI]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(20, 300))
    abgabe = r.choice(("Grundsteuer B", "Hundesteuer", "Abwassergebühren", "Kita-Gebühren"))
    betrag = Decimal(r.randint(4000, 90000)) / 100
    mahnung = ausgang(
        Dokumenttyp.SCHREIBEN,
        f"Mahnung {abgabe}",
        t.weiter(),
        p,
        ort,
        [
            f"nach unseren Unterlagen ist der Betrag von {euro(betrag)} für {abgabe} seit dem "
            f"{datum_kurz(t.datum - datetime.timedelta(days=30))} fällig und noch nicht bezahlt.",
            f"Bitte überweisen Sie den Betrag zuzüglich Mahngebühr von {euro(Decimal('5.00'))} "
            "innerhalb einer Woche. Andernfalls müssen wir die Vollstreckung einleiten.",
        ],
        von=sb,
    )
    rate = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Ratenzahlung {abgabe}",
        t.weiter(3, 10),
        p,
        ort,
        [
            f"ich kann den Betrag von {euro(betrag)} derzeit nicht auf einmal bezahlen und bitte "
            f"um Ratenzahlung in monatlichen Raten von {euro(Decimal(r.choice((25, 50, 75))))}.",
        ],
    )
    erledigt = t.alt(30)
    return AktePlan(
        "913",
        f"Mahnverfahren {p.name}: {abgabe}",
        "20",
        Rolle.KAEMMEREI,
        [
            VorgangPlan(
                f"Rückstand {abgabe} {euro(betrag)}",
                [mahnung, rate],
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Ratenzahlung bewilligt, Rückstand getilgt.")
                if erledigt
                else None,
            )
        ],
    )


def gewerbesteuer_stundung(r: random.Random, ort: Ort) -> AktePlan:
    """Steuergeheimnis: a vertrauliche Akte, open to the Kämmerei and the Amtsleitung."""
    f = firma(r, ort)
    sb = ort.personen[Rolle.KAEMMEREI]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(10, 200))
    betrag = Decimal(r.randint(300000, 4500000)) / 100
    antrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Stundung der Gewerbesteuer, {f.name}",
        t.weiter(),
        f,
        ort,
        [
            f"wir beantragen die Stundung der Gewerbesteuer-Nachzahlung von {euro(betrag)} nach "
            "§ 222 AO bis zum Ende des Quartals. Grund sind Zahlungsausfälle eines "
            "Großkunden; eine Liquiditätsübersicht unserer Steuerberatung liegt bei.",
        ],
    )
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Vermerk: Prüfung der Stundung {f.name}",
        t.weiter(2, 8),
        ort,
        [
            "Die Einziehung bei Fälligkeit wäre eine erhebliche Härte; der Anspruch erscheint "
            "durch die Stundung nicht gefährdet. Vorschlag: Stundung gegen Stundungszinsen von "
            "0,5 % je Monat (§ 238 AO).",
            "Steuergeheimnis (§ 30 AO): Akte vertraulich, Zugriff nur Kämmerei und Amtsleitung.",
        ],
        von=sb,
    )
    erledigt = t.alt(30)
    return AktePlan(
        "921",
        f"Gewerbesteuer {f.name}: Stundung",
        "20",
        Rolle.KAEMMEREI,
        [
            VorgangPlan(
                f"Stundungsantrag {euro(betrag)}",
                [antrag, vermerk],
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Stundung bewilligt, Betrag eingegangen.") if erledigt else None,
            )
        ],
        vertraulich=True,
        zugriff=[(Rolle.AMTSLEITUNG, Recht.LESEN)],
    )


def haushaltsaufstellung(r: random.Random, ort: Ort, jahr: int) -> AktePlan:
    sb = ort.personen[Rolle.KAEMMEREI]
    al = ort.personen[Rolle.AMTSLEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(60, 120))
    aufruf = email(
        f"Mittelanmeldungen für den Haushalt {jahr}",
        t.weiter(),
        von=rathaus_mail(ort, sb),
        an="Fachbereiche und Ämter",
        richtung=Richtung.AUSGANG,
        anrede="Liebe Kolleginnen und Kollegen,",
        absaetze=[
            f"für die Aufstellung des Haushaltsplans {jahr} bitte ich um Ihre Mittelanmeldungen "
            "für Ergebnis- und Finanzhaushalt bis zum "
            f"{datum_kurz(spaeter(t.datum, 21))}. "
            "Investitionen bitte mit Kostenschätzung und Priorität, Personalkosten mit einer "
            "Tarifsteigerung von 3 %.",
        ],
        unterzeichnet=sb,
    )
    anmeldung_bau = email(
        f"AW: Mittelanmeldungen für den Haushalt {jahr}",
        t.weiter(5, 15),
        von=rathaus_mail(ort, ort.personen[Rolle.REGISTRATUR]),
        an=rathaus_mail(ort, sb),
        richtung=Richtung.INTERN,
        absaetze=[
            f"Bauamt: Straßenunterhaltung {euro(Decimal(r.randint(40, 180) * 1000))}, "
            f"Sanierung Dorfgemeinschaftshaus {ort.ortsteil(r)} "
            f"{euro(Decimal(r.randint(80, 400) * 1000))}, Ersatzbeschaffung Bauhof-Fahrzeug "
            f"{euro(Decimal(r.randint(45, 120) * 1000))}.",
        ],
    )
    ergebnis = Decimal(r.randint(-900, 250) * 1000)
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Eckdaten des Haushaltsentwurfs {jahr}",
        t.weiter(10, 20),
        ort,
        [
            f"Ordentliches Ergebnis laut Entwurf: {euro(ergebnis)}. "
            + (
                "Der Haushalt ist ausgeglichen."
                if ergebnis >= 0
                else "Der Haushalt ist nicht ausgeglichen; ein Haushaltssicherungskonzept "
                "nach § 92a HGO ist zu prüfen."
            ),
            f"Hebesätze unverändert; Kreis- und Schulumlage steigen um "
            f"{euro(Decimal(r.randint(50, 300) * 1000))}. Kredite für Investitionen: "
            f"{euro(Decimal(r.randint(0, 1500) * 1000))}.",
        ],
        von=sb,
    )
    vermerk.version2 = (
        "Überarbeitet nach der Klausur des Gemeindevorstands",
        [
            *vermerk.absaetze,
            f"Nach der Klausur am {datum_kurz(t.datum)} wurden Investitionen von "
            f"{euro(Decimal(r.randint(50, 200) * 1000))} in das Folgejahr verschoben.",
        ],
    )
    return AktePlan(
        "900.1",
        f"Aufstellung des Haushaltsplans {jahr}",
        "20",
        Rolle.KAEMMEREI,
        [
            VorgangPlan(f"Mittelanmeldungen der Ämter {jahr}", [aufruf, anmeldung_bau]),
            VorgangPlan(
                f"Entwurf des Haushaltsplans {jahr}",
                [vermerk],
                bearbeitung=Rolle.AMTSLEITUNG if al else None,
                frist=frist(r, ort),
            ),
        ],
    )


def haushaltssatzung(r: random.Random, ort: Ort, jahr: int) -> AktePlan:
    sb = ort.personen[Rolle.KAEMMEREI]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(100, 200))
    beschluss = intern(
        Dokumenttyp.BESCHLUSS,
        f"Beschluss der {ort.vertretung} über die Haushaltssatzung {jahr}",
        t.weiter(),
        ort,
        [
            f"Die {ort.vertretung} der {ort.briefkopf} hat in ihrer Sitzung am "
            f"{datum_kurz(t.datum)} die Haushaltssatzung mit Haushaltsplan für das Jahr {jahr} "
            f"beschlossen (Ja-Stimmen: {r.randint(12, 20)}, Nein-Stimmen: {r.randint(0, 5)}, "
            f"Enthaltungen: {r.randint(0, 3)}).",
            "Gesamtbetrag der ordentlichen Erträge: "
            f"{euro(Decimal(r.randint(4, 30) * 1_000_000))}; "
            f"Kredite für Investitionen: {euro(Decimal(r.randint(0, 1500) * 1000))}; "
            f"Höchstbetrag der Liquiditätskredite: {euro(Decimal(r.randint(1, 4) * 500_000))}.",
            f"Steuersätze: Grundsteuer A {r.choice((332, 350, 400))} %, Grundsteuer B "
            f"{r.choice((365, 420, 480, 510))} %, Gewerbesteuer {r.choice((357, 380, 400))} %.",
        ],
        von=sb,
    )
    vorlage = ausgang(
        Dokumenttyp.SCHREIBEN,
        f"Vorlage der Haushaltssatzung {jahr} bei der Kommunalaufsicht",
        t.weiter(3, 10),
        (KOMMUNALAUFSICHT, "Landrat des Werra-Meißner-Kreises\nKommunalaufsicht\n37269 Eschwege"),
        ort,
        [
            f"als Anlage legen wir die von der {ort.vertretung} am {datum_kurz(beschluss.datum)} "
            f"beschlossene Haushaltssatzung {jahr} mit ihren Anlagen nach § 97 Abs. 4 HGO vor "
            "und bitten um Genehmigung der genehmigungspflichtigen Teile.",
        ],
        von=sb,
    )
    genehmigung = eingang(
        Dokumenttyp.BESCHEID,
        f"Genehmigung der Haushaltssatzung {jahr}",
        t.weiter(20, 45),
        (KOMMUNALAUFSICHT, "Landrat des Werra-Meißner-Kreises\nKommunalaufsicht\n37269 Eschwege"),
        ort,
        [
            f"die Haushaltssatzung {jahr} wird hinsichtlich des Gesamtbetrags der Kredite für "
            "Investitionen genehmigt. Die Genehmigung ergeht mit der Auflage, bis zum 30. Juni "
            "über die Entwicklung der Liquidität zu berichten.",
        ],
    )
    bekanntmachung = intern(
        Dokumenttyp.VERMERK,
        f"Öffentliche Bekanntmachung der Haushaltssatzung {jahr}",
        t.weiter(3, 10),
        ort,
        [
            f"Die Haushaltssatzung {jahr} wurde im Mitteilungsblatt vom {datum_kurz(t.datum)} "
            "öffentlich bekannt gemacht. Der Haushaltsplan liegt vom Tag nach der "
            "Bekanntmachung an eine Woche im Rathaus zur Einsichtnahme aus.",
        ],
        von=sb,
    )
    vorjahr = jahr < ort.heute.year
    return AktePlan(
        "900.2",
        f"Haushaltssatzung {jahr}: Beschluss, Genehmigung und Bekanntmachung",
        "20",
        Rolle.KAEMMEREI,
        [
            VorgangPlan(
                f"Beschluss der Haushaltssatzung {jahr}",
                [beschluss],
                zda_verfuegung=zda("Beschluss gefasst.") if vorjahr else None,
            ),
            VorgangPlan(
                f"Genehmigung durch die Kommunalaufsicht {jahr}",
                [vorlage, genehmigung],
                zda_verfuegung=zda("Genehmigung erteilt.") if vorjahr else None,
            ),
            VorgangPlan(
                f"Bekanntmachung der Haushaltssatzung {jahr}",
                [bekanntmachung],
                zda_verfuegung=zda("Bekanntmachung erfolgt.") if vorjahr else None,
            ),
        ],
        zda_verfuegung=zda(f"Haushaltsjahr {jahr} abgeschlossen.") if vorjahr else None,
    )


def jahresabschluss(r: random.Random, ort: Ort, jahr: int) -> AktePlan:
    sb = ort.personen[Rolle.KAEMMEREI]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 90))
    ergebnis = Decimal(r.randint(-600, 400) * 1000 + r.randint(0, 99))
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Aufstellung des Jahresabschlusses {jahr}",
        t.weiter(),
        ort,
        [
            f"Der Jahresabschluss {jahr} ist nach § 112 HGO aufgestellt. Ordentliches Ergebnis: "
            f"{euro(ergebnis)}; Bilanzsumme {euro(Decimal(r.randint(20, 90) * 1_000_000))}.",
            "Die Inventur der Anlagen ist abgeschlossen; Rückstellungen für Urlaub und "
            "Überstunden wurden neu bewertet.",
        ],
        von=sb,
    )
    pruefung = eingang(
        Dokumenttyp.SCHREIBEN,
        f"Prüfung des Jahresabschlusses {jahr}: Anforderung von Unterlagen",
        t.weiter(10, 30),
        (
            "Revisionsamt des Werra-Meißner-Kreises",
            "Kreisausschuss des Werra-Meißner-Kreises\nRevisionsamt\n37269 Eschwege",
        ),
        ort,
        [
            f"für die Prüfung des Jahresabschlusses {jahr} nach § 128 HGO bitten wir um die "
            "Übersendung der Anlagenübersicht, der Forderungsübersicht, der "
            "Verbindlichkeitenübersicht und der Kontoauszüge zum 31. Dezember.",
        ],
    )
    return AktePlan(
        "904.1",
        f"Jahresabschluss {jahr}",
        "20",
        Rolle.KAEMMEREI,
        [
            VorgangPlan(f"Aufstellung Jahresabschluss {jahr}", [vermerk]),
            VorgangPlan(
                f"Prüfung durch das Revisionsamt {jahr}",
                [pruefung],
                frist=frist(r, ort),
            ),
        ],
    )


def rechnungspruefung(r: random.Random, ort: Ort, partner: str) -> AktePlan:
    """The Akte Bad Sooden-Allendorf grants to Berkatal's Kämmerei."""
    sb = ort.personen[Rolle.KAEMMEREI]
    jahr = ort.heute.year - 1
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 60))
    vereinbarung = intern(
        Dokumenttyp.VERTRAG,
        f"Vereinbarung über die gegenseitige Kassenprüfung mit {partner}",
        t.weiter(),
        ort,
        [
            f"§ 1 Die {ort.briefkopf} und die Gemeinde {partner} prüfen ihre Gemeindekassen "
            "gegenseitig nach § 131 HGO (unvermutete Kassenprüfung).",
            "§ 2 Die prüfende Kommune erhält Lesezugriff auf die Prüfungsakte im Aktenbund.",
            "§ 3 Die Vereinbarung gilt ab Unterzeichnung und kann mit einer Frist von drei "
            "Monaten zum Jahresende gekündigt werden.",
        ],
        von=sb,
    )
    protokoll = intern(
        Dokumenttyp.PROTOKOLL,
        f"Niederschrift über die unvermutete Kassenprüfung {jahr}",
        t.weiter(5, 20),
        ort,
        [
            "Kassenbestand laut Tagesabschluss: "
            f"{euro(Decimal(r.randint(20000, 90000)) + Decimal('0.37'))}; "
            "Ist-Bestand stimmt mit dem Soll-Bestand überein. Bargeldkasse Bürgerbüro geprüft, "
            "ohne Beanstandung.",
            f"Prüferinnen und Prüfer: Kämmerei der Gemeinde {partner}.",
        ],
        von=sb,
    )
    return AktePlan(
        "970",
        f"Örtliche Rechnungsprüfung {jahr}: gegenseitige Kassenprüfung mit {partner}",
        "20",
        Rolle.KAEMMEREI,
        [VorgangPlan(f"Kassenprüfung {jahr}", [vereinbarung, protokoll], frist=frist(r, ort))],
        schluessel="kassenpruefung",
    )


# --- Hauptamt (OE 10): Personal, Friedhof, Gremien, Liegenschaften ------------------


def personalakte(r: random.Random, ort: Ort) -> AktePlan:
    """Personalakten are vertraulich: the Hauptamt's clerk, the Amtsleitung, the admin."""
    p = person(r, ort)
    stelle, entgelt = r.choice(STELLEN)
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(200, 700))
    vertrag = intern(
        Dokumenttyp.VERTRAG,
        f"Arbeitsvertrag {p.name}",
        t.weiter(),
        ort,
        [
            f"Zwischen der {ort.briefkopf}, vertreten durch den {ort.organ.removeprefix('Der ')}, "
            f"und {p.mit_anrede}, {p.strasse}, {p.ort}, wird folgender Arbeitsvertrag "
            "geschlossen:",
            f"§ 1 {p.mit_anrede.split(' ')[0]} {p.nachname} wird ab dem "
            f"{datum_kurz(t.datum + datetime.timedelta(days=30))} als Beschäftigte/r auf der "
            f"Stelle „{stelle}“ unbefristet in Vollzeit eingestellt.",
            "§ 2 Das Arbeitsverhältnis bestimmt sich nach dem Tarifvertrag für den öffentlichen "
            "Dienst (TVöD-VKA) in der jeweils geltenden Fassung.",
            f"§ 3 Die Beschäftigte/der Beschäftigte wird in die Entgeltgruppe {entgelt} "
            "eingruppiert. Die Probezeit beträgt sechs Monate.",
        ],
        von=sb,
    )
    vorgaenge = [
        VorgangPlan(
            f"Einstellung {p.name}: {stelle}",
            [vertrag],
            zda_verfuegung=zda("Einstellung abgeschlossen."),
        )
    ]
    thema, anbieter = r.choice(FORTBILDUNGEN)
    anmeldung = email(
        f"Anmeldung Fortbildung „{thema}“",
        t.weiter(60, 200),
        von=rathaus_mail(ort, sb),
        an=anbieter,
        richtung=Richtung.AUSGANG,
        anrede="Sehr geehrte Damen und Herren,",
        absaetze=[
            f"hiermit melden wir {p.mit_anrede} verbindlich zum Seminar „{thema}“ an. Die "
            "Rechnung senden Sie bitte an die Gemeindekasse.",
        ],
        unterzeichnet=sb,
    )
    vorgaenge.append(
        VorgangPlan(
            f"Fortbildung „{thema}“",
            [anmeldung],
            zda_verfuegung=zda("Teilnahme bestätigt.") if t.alt(30) else None,
        )
    )
    return AktePlan(
        "032",
        f"Personalakte {p.nachname}, {p.vorname}",
        "10",
        Rolle.SACHBEARBEITUNG,
        vorgaenge,
        beschreibung=f"{stelle}, {entgelt}",
        vertraulich=True,
        zugriff=[(Rolle.AMTSLEITUNG, Recht.BEARBEITEN), (Rolle.KOMMUNE_ADMIN, Recht.LESEN)],
    )


def stellenausschreibung(r: random.Random, ort: Ort) -> AktePlan:
    stelle, entgelt = r.choice(STELLEN)
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(15, 300))
    text = intern(
        Dokumenttyp.VERMERK,
        f"Ausschreibungstext {stelle}",
        t.weiter(),
        ort,
        [
            f"Die {ort.briefkopf} sucht zum nächstmöglichen Zeitpunkt eine engagierte "
            f"Persönlichkeit für die Stelle „{stelle}“ ({entgelt}), unbefristet, in Voll- oder "
            "Teilzeit.",
            "Wir bieten einen sicheren Arbeitsplatz, flexible Arbeitszeiten, Fortbildungen und "
            "die Zusatzversorgung des öffentlichen Dienstes. Schwerbehinderte Menschen werden "
            "bei gleicher Eignung bevorzugt berücksichtigt.",
            f"Bewerbungsschluss: {datum_kurz(t.datum + datetime.timedelta(days=28))}.",
        ],
        von=sb,
    )
    protokoll = intern(
        Dokumenttyp.PROTOKOLL,
        f"Niederschrift Auswahlgespräche {stelle}",
        t.weiter(30, 50),
        ort,
        [
            f"Eingegangen sind {r.randint(4, 23)} Bewerbungen; {r.randint(3, 5)} Personen wurden "
            "zu Gesprächen eingeladen. Der Personalrat und die Gleichstellungsbeauftragte waren "
            "beteiligt.",
            "Die Auswahlkommission schlägt einstimmig die Einstellung der erstplatzierten "
            "Person vor.",
        ],
        von=sb,
    )
    return AktePlan(
        "031",
        f"Stellenausschreibung {stelle} ({t.datum.year})",
        "10",
        Rolle.SACHBEARBEITUNG,
        [
            VorgangPlan(
                f"Ausschreibung und Auswahl {stelle}",
                [text, protokoll],
                bearbeitung=Rolle.AMTSLEITUNG,
                zda_verfuegung=zda("Stelle besetzt; Bewerbungsunterlagen vernichtet.")
                if t.alt(60)
                else None,
            )
        ],
    )


def grabstaette(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    verstorben = person(r, ort)
    verstorben = Person(verstorben.vorname, p.nachname, verstorben.weiblich, p.strasse, p.ort)
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    ortsteil = ort.ortsteil(r)
    feld, reihe, nr = r.choice("ABCDEFG"), r.randint(1, 18), r.randint(1, 30)
    art = r.choice(
        ("Wahlgrab, zweistellig", "Urnenwahlgrab", "Reihengrab", "Urnengemeinschaftsgrab")
    )
    t = Zeitstrahl(r, ort.heute, vor_tagen=(20, 600))
    bestatter = f"Bestattungshaus {r.choice(NACHNAMEN)}"
    auftrag = eingang(
        Dokumenttyp.ANTRAG,
        f"Antrag auf Bestattung und Erwerb des Nutzungsrechts, {verstorben.name}",
        t.weiter(),
        (
            f"{bestatter}, im Auftrag von {p.name}",
            f"{bestatter}\n{r.choice(STRASSEN)} 2\n{ort.plz} {ort.name}",
        ),
        ort,
        [
            f"im Auftrag von {p.mit_anrede} beantragen wir die Bestattung von "
            f"{verstorben.name}, verstorben am {datum_kurz(t.datum - datetime.timedelta(days=3))}, "
            f"auf dem Friedhof {ortsteil} ({art}) sowie den Erwerb des Nutzungsrechts.",
            "Als Termin für die Trauerfeier ist der "
            f"{datum_kurz(spaeter(t.datum, 6))} "
            "um 13 Uhr vorgesehen.",
        ],
    )
    gebuehr = Decimal(r.choice(("980.00", "1240.00", "1650.00", "2100.00")))
    bescheid = ausgang(
        Dokumenttyp.BESCHEID,
        f"Friedhofsgebührenbescheid, Grabstätte {feld}-{reihe}-{nr}",
        t.weiter(5, 15),
        p,
        ort,
        [
            f"für die Bestattung von {verstorben.name} auf dem Friedhof {ortsteil} setzen wir "
            "nach der Friedhofsgebührenordnung folgende Gebühren fest:",
            f"Nutzungsrecht {art} (25 Jahre): {euro(gebuehr)}; Benutzung der Trauerhalle: "
            f"{euro(Decimal('180.00'))}; Grabherstellung: {euro(Decimal('420.00'))}. "
            f"Gesamt: {euro(gebuehr + Decimal('600.00'))}.",
            f"Das Nutzungsrecht an der Grabstätte Feld {feld}, Reihe {reihe}, Nr. {nr} läuft bis "
            f"zum {datum_kurz(jahre_spaeter(t.datum, 25))}.",
        ],
        von=sb,
    )
    vorgaenge = [
        VorgangPlan(
            f"Bestattung {verstorben.name}",
            [auftrag, bescheid],
            zda_verfuegung=zda("Gebühren bezahlt.") if t.alt(40) else None,
        )
    ]
    if r.random() < 0.45:
        steinmetz = f"Steinmetzbetrieb {r.choice(NACHNAMEN)}"
        antrag = eingang(
            Dokumenttyp.ANTRAG,
            f"Antrag auf Genehmigung eines Grabmals, Grabstätte {feld}-{reihe}-{nr}",
            t.weiter(60, 200),
            (f"{steinmetz}", f"{steinmetz}\nIndustriestraße 4\n37269 Eschwege"),
            ort,
            [
                f"für die Grabstätte Feld {feld}, Reihe {reihe}, Nr. {nr} beantragen wir die "
                "Genehmigung eines stehenden Grabmals aus Granit, 90 × 55 × 16 cm, Inschrift "
                f"„{verstorben.name}“, mit Fundamentplatte nach der TA Grabmal.",
            ],
        )
        genehmigung = ausgang(
            Dokumenttyp.BESCHEID,
            f"Genehmigung Grabmal {feld}-{reihe}-{nr}",
            t.weiter(5, 15),
            (steinmetz, f"{steinmetz}\nIndustriestraße 4\n37269 Eschwege"),
            ort,
            [
                "das beantragte Grabmal wird nach der Friedhofssatzung genehmigt. Die "
                "Standsicherheit ist nach der Aufstellung durch eine Prüfbescheinigung "
                f"nachzuweisen. Genehmigungsgebühr: {euro(Decimal('45.00'))}.",
            ],
            von=sb,
        )
        vorgaenge.append(
            VorgangPlan(
                f"Grabmalgenehmigung ({steinmetz})",
                [antrag, genehmigung],
                frist=None if t.alt(30) else frist(r, ort),
                zda_verfuegung=zda("Grabmal aufgestellt und abgenommen.") if t.alt(30) else None,
            )
        )
    return AktePlan(
        "751",
        f"Grabstätte Friedhof {ortsteil}, Feld {feld}, Reihe {reihe}, Nr. {nr} ({p.nachname})",
        "10",
        Rolle.SACHBEARBEITUNG,
        vorgaenge,
        beschreibung=f"{art}; Nutzungsberechtigt: {p.name}",
    )


def sitzungen(r: random.Random, ort: Ort, jahr: int) -> AktePlan:
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(90, 150))
    vorgaenge = []
    for nummer in range(r.randint(2, 4)):
        if nummer and not t.alt(21):
            break
        termin = t.weiter(21, 35)
        top = r.sample(
            [
                "Haushaltssatzung und Haushaltsplan",
                "Bebauungsplan Nr. 21 „Am Sportplatz“: Aufstellungsbeschluss",
                "Änderung der Friedhofsgebührenordnung",
                "Neufassung der Hundesteuersatzung",
                "Anfrage der Fraktion zur Kinderbetreuung",
                "Vergabe der Straßenbauarbeiten Kirchstraße",
                "Bericht des Bürgermeisters",
                "Jahresabschluss und Entlastung des Gemeindevorstands",
            ],
            3,
        )
        einladung = ausgang(
            Dokumenttyp.SCHREIBEN,
            f"Einladung zur Sitzung der {ort.vertretung} am {datum_kurz(termin)}",
            termin - datetime.timedelta(days=8),
            ("Mitglieder der " + ort.vertretung, f"An die Mitglieder der {ort.vertretung}"),
            ort,
            [
                f"hiermit lade ich Sie zur Sitzung der {ort.vertretung} am {wochentag(termin)}, "
                f"{datum_lang(termin)}, 19:30 Uhr, in das Bürgerhaus ein.",
                "Tagesordnung: " + "; ".join(f"{i}. {p}" for i, p in enumerate(top, 1)) + ".",
            ],
            von=sb,
            anrede="Sehr geehrte Damen und Herren,",
        )
        niederschrift = intern(
            Dokumenttyp.PROTOKOLL,
            f"Niederschrift der Sitzung vom {datum_kurz(termin)}",
            termin + datetime.timedelta(days=r.randint(2, 7)),
            ort,
            [
                f"Sitzung der {ort.vertretung} am {datum_lang(termin)}, Beginn 19:30 Uhr, Ende "
                f"{r.choice(('21:10', '21:45', '22:20'))} Uhr. Anwesend: "
                f"{r.randint(13, 23)} Mitglieder; die Versammlung ist beschlussfähig.",
                *(f"TOP {i}: {p}. Beschluss: einstimmig angenommen." for i, p in enumerate(top, 1)),
            ],
            von=sb,
        )
        dokumente = [einladung] + ([niederschrift] if niederschrift.datum <= ort.heute else [])
        vorgaenge.append(
            VorgangPlan(
                f"Sitzung am {datum_kurz(termin)}",
                dokumente,
                zda_verfuegung=zda("Niederschrift genehmigt.")
                if termin < ort.heute - datetime.timedelta(days=30)
                else None,
            )
        )
    return AktePlan(
        "010",
        f"Sitzungen der {ort.vertretung} {jahr}",
        "10",
        Rolle.SACHBEARBEITUNG,
        vorgaenge,
    )


def beschwerde(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(5, 250))
    thema, text = r.choice(BESCHWERDEN)
    strasse = r.choice(STRASSEN)
    mail = email(
        f"Beschwerde: {thema}",
        t.weiter(),
        von=f"{p.name} <{p.email}>",
        an=f"Bürgermeister <buergermeister@{ort.name.lower().translate(_ASCII)}.example>",
        richtung=Richtung.EINGANG,
        anrede="Sehr geehrte Damen und Herren,",
        absaetze=[
            f"ich beschwere mich hiermit, weil {text.format(s=strasse)}. Ich habe das schon "
            "einmal telefonisch gemeldet, aber es ist nichts passiert.",
        ],
        unterzeichnet=p.name,
    )
    antwort = ausgang(
        Dokumenttyp.SCHREIBEN,
        f"Ihre Beschwerde vom {datum_kurz(mail.datum)}: {thema}",
        t.weiter(3, 14),
        p,
        ort,
        [
            "vielen Dank für Ihre Nachricht. Wir bedauern, dass Ihr Anliegen nicht sofort "
            "bearbeitet wurde. Die zuständige Stelle hat den Sachverhalt geprüft und Abhilfe "
            "veranlasst.",
        ],
        von=sb,
    )
    erledigt = t.alt(14)
    return AktePlan(
        "053",
        f"Beschwerde {p.name}: {thema}",
        "10",
        Rolle.SACHBEARBEITUNG,
        [
            VorgangPlan(
                f"Beschwerde {thema}",
                [mail, antwort] if erledigt else [mail],
                frist=None if erledigt else frist(r, ort),
                zda_verfuegung=zda("Beschwerde beantwortet.") if erledigt else None,
            )
        ],
    )


def dgh_vermietung(r: random.Random, ort: Ort) -> AktePlan:
    ortsteil = ort.ortsteil(r)
    jahr = ort.heute.year
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(100, 300))
    vorgaenge = []
    for nummer in range(r.randint(1, 4)):
        if nummer and not t.alt(10):
            break
        mieter = person(r, ort)
        anlass = r.choice(
            ("Geburtstagsfeier", "Hochzeit", "Konfirmation", "Trauerkaffee", "Vereinsversammlung")
        )
        termin = t.weiter(10, 50)
        entgelt = Decimal(r.choice(("120.00", "180.00", "250.00")))
        antrag = eingang(
            Dokumenttyp.ANTRAG,
            f"Antrag auf Überlassung des DGH {ortsteil}, {datum_kurz(termin)}",
            termin - datetime.timedelta(days=r.randint(20, 60)),
            mieter,
            ort,
            [
                f"ich möchte das Dorfgemeinschaftshaus {ortsteil} am {datum_kurz(termin)} für eine "
                f"{anlass} mit etwa {r.randint(30, 120)} Personen mieten, einschließlich Küche.",
            ],
        )
        vertrag = ausgang(
            Dokumenttyp.VERTRAG,
            f"Nutzungsvertrag DGH {ortsteil}, {datum_kurz(termin)}",
            antrag.datum + datetime.timedelta(days=3),
            mieter,
            ort,
            [
                f"die {ort.briefkopf} überlässt Ihnen das Dorfgemeinschaftshaus {ortsteil} am "
                f"{datum_kurz(termin)} nach der Benutzungs- und Entgeltordnung. Nutzungsentgelt: "
                f"{euro(entgelt)}, Kaution {euro(Decimal('150.00'))}.",
                "Schlüsselübergabe am Vortag beim Hausmeister; die Räume sind besenrein zu "
                "übergeben. Ab 22 Uhr sind Fenster und Türen geschlossen zu halten.",
            ],
            von=sb,
        )
        vorgaenge.append(
            VorgangPlan(
                f"Vermietung an {mieter.name} am {datum_kurz(termin)} ({anlass})",
                [antrag, vertrag],
                zda_verfuegung=zda("Abgerechnet, Kaution erstattet.")
                if termin < ort.heute - datetime.timedelta(days=14)
                else None,
            )
        )
    return AktePlan(
        "770",
        f"Dorfgemeinschaftshaus {ortsteil}: Vermietungen {jahr}",
        "10",
        Rolle.SACHBEARBEITUNG,
        vorgaenge,
    )


def pachtvertrag(r: random.Random, ort: Ort) -> AktePlan:
    p = person(r, ort)
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 500))
    flur, flurstueck = r.randint(1, 20), f"{r.randint(1, 300)}"
    flaeche = Decimal(r.randint(3000, 60000)) / 10000
    pacht = (flaeche * Decimal(r.choice((180, 220, 260)))).quantize(Decimal("0.01"))
    ortsteil = ort.ortsteil(r)
    vertrag = ausgang(
        Dokumenttyp.VERTRAG,
        f"Landpachtvertrag Flur {flur}, Flurstück {flurstueck}",
        t.weiter(),
        p,
        ort,
        [
            f"§ 1 Die {ort.briefkopf} verpachtet an {p.mit_anrede} das Grünland in der "
            f"Gemarkung {ortsteil}, Flur {flur}, Flurstück {flurstueck}, Größe "
            f"{str(flaeche).replace('.', ',')} ha.",
            f"§ 2 Die Pacht beträgt jährlich {euro(pacht)} und ist am 1. Oktober fällig.",
            "§ 3 Die Pachtzeit beträgt neun Jahre. Eine Düngung über die gute fachliche "
            "Praxis hinaus und ein Umbruch zu Ackerland sind nicht gestattet.",
        ],
        von=sb,
        anrede="",
    )
    return AktePlan(
        "822",
        f"Pachtvertrag Grünland {ortsteil}, Flur {flur}, Flurstück {flurstueck} ({p.nachname})",
        "10",
        Rolle.SACHBEARBEITUNG,
        [
            VorgangPlan(
                "Abschluss des Pachtvertrags",
                [vertrag],
                zda_verfuegung=zda("Vertrag unterzeichnet."),
            )
        ],
    )


def kooperation_bauhof(r: random.Random, ort: Ort, partner: str) -> AktePlan:
    """Sontra and Herleshausen: a Vorgang granted to the whole partner Kommune."""
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 60))
    entwurf = intern(
        Dokumenttyp.VERTRAG,
        f"Entwurf: Öffentlich-rechtliche Vereinbarung gemeinsamer Bauhof {ort.name}–{partner}",
        t.weiter(),
        ort,
        [
            f"§ 1 Die {ort.briefkopf} und die Gemeinde {partner} betreiben nach dem Gesetz über "
            "kommunale Gemeinschaftsarbeit (KGG) einen gemeinsamen Bauhof mit Sitz in "
            f"{ort.name}.",
            "§ 2 Die Kosten werden nach Einwohnerzahl und geleisteten Arbeitsstunden verteilt; "
            "die Abrechnung erfolgt quartalsweise.",
            "§ 3 Winterdienst und Grünpflege werden nach einem gemeinsamen Einsatzplan erledigt.",
        ],
        von=sb,
    )
    mail = email(
        "Gemeinsamer Bauhof: Anmerkungen zum Vereinbarungsentwurf",
        t.weiter(3, 10),
        von=f"Bauamt {partner} <bauamt@{partner.lower()}.example>",
        an=rathaus_mail(ort, sb),
        richtung=Richtung.EINGANG,
        absaetze=[
            "wir haben den Entwurf im Gemeindevorstand beraten. Wir schlagen vor, in § 2 die "
            "Fahrzeugkosten gesondert nach Betriebsstunden abzurechnen.",
        ],
        unterzeichnet=f"Bauamt {partner}",
    )
    return AktePlan(
        "028",
        f"Interkommunale Zusammenarbeit {ort.name}–{partner}: gemeinsamer Bauhof",
        "10",
        Rolle.SACHBEARBEITUNG,
        [
            VorgangPlan(
                "Öffentlich-rechtliche Vereinbarung: Entwurf und Abstimmung",
                [entwurf, mail],
                frist=frist(r, ort),
            ),
        ],
        schluessel="bauhof",
    )


def breitband(r: random.Random, ort: Ort, partner: str) -> AktePlan:
    """Witzenhausen and Neu-Eichenberg: an Akte granted to the whole partner Kommune."""
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    t = Zeitstrahl(r, ort.heute, vor_tagen=(40, 90))
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Breitbandausbau: Abstimmung mit {partner}",
        t.weiter(),
        ort,
        [
            f"Besprechung mit der Gemeinde {partner} am {datum_kurz(t.datum)}: Die unterversorgten "
            f"Adressen in {', '.join(ort.ortsteile[1:3])} und in {partner} sollen in einem "
            "gemeinsamen Markterkundungsverfahren erfasst werden.",
            "Förderung über das Gigabit-Förderprogramm des Bundes mit Kofinanzierung des Landes "
            "Hessen; Eigenanteil je Kommune rund 10 %.",
        ],
        von=sb,
    )
    markterkundung = ausgang(
        Dokumenttyp.SCHREIBEN,
        "Markterkundungsverfahren Gigabitausbau",
        t.weiter(10, 20),
        ("Telekommunikationsunternehmen (Verteiler)", "An die Telekommunikationsunternehmen"),
        ort,
        [
            f"die {ort.briefkopf} und die Gemeinde {partner} führen ein Markterkundungsverfahren "
            "durch. Bitte teilen Sie binnen acht Wochen mit, ob Sie in den nächsten drei "
            "Jahren einen eigenwirtschaftlichen Ausbau mit mindestens 1 Gbit/s planen.",
        ],
        von=sb,
    )
    return AktePlan(
        "792",
        f"Breitbandausbau: gemeinsames Markterkundungsverfahren mit {partner}",
        "10",
        Rolle.SACHBEARBEITUNG,
        [VorgangPlan("Markterkundungsverfahren", [vermerk, markterkundung], frist=frist(r, ort))],
        schluessel="breitband",
    )


# --- local Aktenplaneinheiten ------------------------------------------------------------


def campingplatz(r: random.Random, ort: Ort) -> AktePlan:
    """Meinhard's local node 56.50.1."""
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    paechter = firma(r, ort)
    t = Zeitstrahl(r, ort.heute, vor_tagen=(200, 400))
    abrechnung = eingang(
        Dokumenttyp.RECHNUNG,
        f"Pachtabrechnung Campingplatz Werratalsee {t.datum.year}",
        t.weiter(),
        paechter,
        ort,
        [
            f"Umsatzabhängige Pacht {t.datum.year}: Übernachtungen {r.randint(9000, 16000)}, "
            f"Umsatz {euro(Decimal(r.randint(300, 600) * 1000))}; Pacht 6 % = "
            f"{euro(Decimal(r.randint(18, 36) * 1000))}.",
        ],
    )
    pruefung = intern(
        Dokumenttyp.VERMERK,
        "Vermerk: Prüfung der Pachtabrechnung",
        t.weiter(5, 20),
        ort,
        [
            "Die Übernachtungszahlen stimmen mit den Meldungen zur Tourismusabgabe überein. "
            "Die Pacht ist rechnerisch richtig; Sollstellung an die Gemeindekasse veranlasst.",
        ],
        von=sb,
    )
    return AktePlan(
        "56.50.1",
        "Pachtvertrag Campingplatz am Werratalsee: Abrechnungen",
        "10",
        Rolle.SACHBEARBEITUNG,
        [
            VorgangPlan(
                f"Pachtabrechnung {t.datum.year}", [abrechnung, pruefung], frist=frist(r, ort)
            )
        ],
    )


def kirschenmarkt(r: random.Random, ort: Ort) -> AktePlan:
    """Witzenhausen's local node 35.50."""
    sb = ort.personen[Rolle.SACHBEARBEITUNG]
    jahr = ort.heute.year
    t = Zeitstrahl(r, ort.heute, vor_tagen=(30, 120))
    vermerk = intern(
        Dokumenttyp.VERMERK,
        f"Kirschenmarkt {jahr}: Planung",
        t.weiter(),
        ort,
        [
            f"Der Witzenhäuser Kirschenmarkt {jahr} findet am zweiten Juliwochenende statt. "
            f"Bewerbungen für Standplätze: {r.randint(80, 140)}; vergeben werden "
            f"{r.randint(60, 90)} Plätze nach den Marktrichtlinien.",
            "Sicherheitskonzept mit Polizei, Feuerwehr und DRK abgestimmt; Straßensperrungen "
            "in der Innenstadt von Freitag 12 Uhr bis Montag 6 Uhr.",
        ],
        von=sb,
    )
    return AktePlan(
        "35.50",
        f"Witzenhäuser Kirschenmarkt {jahr}",
        "10",
        Rolle.SACHBEARBEITUNG,
        [VorgangPlan(f"Planung Kirschenmarkt {jahr}", [vermerk], frist=frist(r, ort))],
    )


# --- what each Kommune has ----------------------------------------------------------------

# Fall scenarios, drawn at random with these weights (what a small Kommune files most).
SZENARIEN: list[tuple[Callable[[random.Random, Ort], AktePlan], int]] = [
    (gewerbeanmeldung, 12),
    (gewerbeummeldung, 5),
    (gewerbeabmeldung, 5),
    (gestattung, 5),
    (gefaehrlicher_hund, 2),
    (sondernutzung, 4),
    (bauantrag, 12),
    (bauvoranfrage, 4),
    (strassenschaden, 5),
    (spielplatz, 2),
    (hundesteuer, 12),
    (grundsteuer, 6),
    (mahnverfahren, 4),
    (gewerbesteuer_stundung, 1),
    (grabstaette, 9),
    (stellenausschreibung, 3),
    (beschwerde, 5),
    (dgh_vermietung, 3),
    (pachtvertrag, 3),
]

# Akten only some Kommunen have: the Freigaben of the demo and the local nodes.
# Kommune → [(plan function, partner Kommune or None)].
BESONDERE: dict[str, list[tuple[Callable[..., AktePlan], str | None]]] = {
    "Meinhard": [(reisegewerbekarte, None), (campingplatz, None)],
    "Sontra": [(kooperation_bauhof, "Herleshausen")],
    "Bad Sooden-Allendorf": [(rechnungspruefung, "Berkatal")],
    "Witzenhausen": [(breitband, "Neu-Eichenberg"), (kirschenmarkt, None)],
}


def anzahl_akten(einwohner: int) -> int:
    """25 Akten for the smallest Kommune, 50 for Witzenhausen (15 000 Einwohner)."""
    return max(25, min(50, round(25 + 25 * (einwohner - 1000) / 14000)))


def plane_akten(ort: Ort, seed: str, anzahl: int) -> list[AktePlan]:
    """The first `anzahl` Akten of the Kommune's demo file, the same on every run.

    Order: the special Akten, a vertrauliche Personalakte, the Haushalt, then
    random cases; a smaller `anzahl` gives a prefix of a larger one.
    """
    r = random.Random(seed)
    jahr = ort.heute.year
    feste: list[Callable[[], AktePlan]] = [
        (lambda f=f, p=p: f(r, ort, p) if p else f(r, ort)) for f, p in BESONDERE.get(ort.name, [])
    ]
    feste += [
        lambda: personalakte(r, ort),
        lambda: haushaltsaufstellung(r, ort, jahr + 1),
        lambda: haushaltssatzung(r, ort, jahr - 1),
        lambda: sitzungen(r, ort, jahr),
        lambda: haushaltssatzung(r, ort, jahr),
        lambda: jahresabschluss(r, ort, jahr - 2),
    ]
    funktionen = [f for f, _ in SZENARIEN]
    gewichte = [w for _, w in SZENARIEN]
    plaene: list[AktePlan] = []
    vergeben: set[tuple[str, str]] = set()
    while len(plaene) < anzahl:
        plan = feste.pop(0)() if feste else r.choices(funktionen, gewichte)[0](r, ort)
        schluessel = (plan.kennzeichen, plan.betreff)
        if schluessel in vergeben:
            continue
        vergeben.add(schluessel)
        plaene.append(plan)
    return plaene
