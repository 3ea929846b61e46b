"""The rows of the Hessian Ergebnishaushalt (§ 2 GemHVO) and Finanzhaushalt (§ 3 GemHVO).

A row is either a posting row (Konten are mapped to it) or a sum of other
rows with signs. Sources and open points: ../shared/standards/NOTES.md §4
and docs/haushalt.md. Row numbers are strings as printed: "01" … "28" in the
Ergebnishaushalt, "1" … "34" in the Finanzhaushalt.
"""

from __future__ import annotations

from dataclasses import dataclass

from aktenbund.eingaben import ist_ziffernfolge


@dataclass(frozen=True)
class Zeile:
    nr: str
    bezeichnung: str
    # Sum rows: (sign, row) pairs; empty for posting rows.
    formel: tuple[tuple[int, str], ...] = ()
    # Posting rows: +1 for Erträge/Einzahlungen, -1 for Aufwendungen/Auszahlungen.
    richtung: int = 0
    # A heading printed above the row.
    abschnitt: str = ""

    @property
    def ist_summe(self) -> bool:
        return bool(self.formel)


def _plus(*nrs: str) -> tuple[tuple[int, str], ...]:
    return tuple((1, nr) for nr in nrs)


ERGEBNIS_ZEILEN: tuple[Zeile, ...] = (
    Zeile("01", "Privatrechtliche Leistungsentgelte", richtung=1, abschnitt="Ordentliche Erträge"),
    Zeile("02", "Öffentlich-rechtliche Leistungsentgelte", richtung=1),
    Zeile("03", "Kostenersatzleistungen und -erstattungen", richtung=1),
    Zeile("04", "Bestandsveränderungen und aktivierte Eigenleistungen", richtung=1),
    Zeile(
        "05",
        "Steuern und steuerähnliche Erträge einschließlich Erträge aus gesetzlichen Umlagen",
        richtung=1,
    ),
    Zeile("06", "Erträge aus Transferleistungen", richtung=1),
    Zeile(
        "07",
        "Erträge aus Zuweisungen und Zuschüssen für laufende Zwecke und allgemeine Umlagen",
        richtung=1,
    ),
    Zeile(
        "08",
        "Erträge aus der Auflösung von Sonderposten aus Investitionszuweisungen, "
        "-zuschüssen und Investitionsbeiträgen",
        richtung=1,
    ),
    Zeile("09", "Sonstige ordentliche Erträge", richtung=1),
    Zeile(
        "10",
        "Summe der ordentlichen Erträge",
        _plus("01", "02", "03", "04", "05", "06", "07", "08", "09"),
    ),
    Zeile("11", "Personalaufwendungen", richtung=-1, abschnitt="Ordentliche Aufwendungen"),
    Zeile("12", "Versorgungsaufwendungen", richtung=-1),
    Zeile("13", "Aufwendungen für Sach- und Dienstleistungen", richtung=-1),
    Zeile("14", "Abschreibungen", richtung=-1),
    Zeile(
        "15",
        "Aufwendungen für Zuweisungen und Zuschüsse sowie besondere Finanzaufwendungen",
        richtung=-1,
    ),
    Zeile(
        "16",
        "Steueraufwendungen einschließlich Aufwendungen aus gesetzlichen Umlageverpflichtungen",
        richtung=-1,
    ),
    Zeile("17", "Transferaufwendungen", richtung=-1),
    Zeile("18", "Sonstige ordentliche Aufwendungen", richtung=-1),
    Zeile(
        "19",
        "Summe der ordentlichen Aufwendungen",
        _plus("11", "12", "13", "14", "15", "16", "17", "18"),
    ),
    Zeile("20", "Verwaltungsergebnis", ((1, "10"), (-1, "19"))),
    Zeile("21", "Finanzerträge", richtung=1, abschnitt="Finanzergebnis"),
    Zeile("22", "Zinsen und andere Finanzaufwendungen", richtung=-1),
    Zeile("23", "Finanzergebnis", ((1, "21"), (-1, "22"))),
    Zeile("24", "Ordentliches Ergebnis", _plus("20", "23")),
    Zeile("25", "Außerordentliche Erträge", richtung=1, abschnitt="Außerordentliches Ergebnis"),
    Zeile("26", "Außerordentliche Aufwendungen", richtung=-1),
    Zeile("27", "Außerordentliches Ergebnis", ((1, "25"), (-1, "26"))),
    Zeile("28", "Jahresergebnis (Überschuss/Fehlbetrag)", _plus("24", "27")),
)

FINANZ_ZEILEN: tuple[Zeile, ...] = (
    Zeile(
        "1",
        "Privatrechtliche Leistungsentgelte",
        richtung=1,
        abschnitt="Einzahlungen aus laufender Verwaltungstätigkeit",
    ),
    Zeile("2", "Öffentlich-rechtliche Leistungsentgelte", richtung=1),
    Zeile("3", "Kostenersatzleistungen und -erstattungen", richtung=1),
    Zeile(
        "4",
        "Steuern und Einzahlungen aus steuerähnlichen Erträgen einschließlich Einzahlungen "
        "aus Erträgen aus gesetzlichen Umlagen",
        richtung=1,
    ),
    Zeile("5", "Einzahlungen aus Transferleistungen", richtung=1),
    Zeile("6", "Zuweisungen und Zuschüsse für laufende Zwecke und allgemeine Umlagen", richtung=1),
    Zeile("7", "Zinsen und sonstige Finanzeinzahlungen", richtung=1),
    Zeile(
        "8",
        "Sonstige ordentliche und außerordentliche Einzahlungen, die sich nicht aus "
        "Investitionstätigkeit ergeben",
        richtung=1,
    ),
    Zeile(
        "9",
        "Summe der Einzahlungen aus laufender Verwaltungstätigkeit",
        _plus("1", "2", "3", "4", "5", "6", "7", "8"),
    ),
    Zeile(
        "10",
        "Personalauszahlungen",
        richtung=-1,
        abschnitt="Auszahlungen aus laufender Verwaltungstätigkeit",
    ),
    Zeile("11", "Versorgungsauszahlungen", richtung=-1),
    Zeile("12", "Auszahlungen für Sach- und Dienstleistungen", richtung=-1),
    Zeile("13", "Auszahlungen für Transferleistungen", richtung=-1),
    Zeile(
        "14",
        "Auszahlungen für Zuweisungen und Zuschüsse für laufende Zwecke sowie besondere "
        "Finanzauszahlungen",
        richtung=-1,
    ),
    Zeile(
        "15",
        "Auszahlungen für Steuern einschließlich Auszahlungen aus gesetzlichen "
        "Umlageverpflichtungen",
        richtung=-1,
    ),
    Zeile("16", "Zinsen und ähnliche Auszahlungen", richtung=-1),
    Zeile(
        "17",
        "Sonstige ordentliche und außerordentliche Auszahlungen, die sich nicht aus "
        "Investitionstätigkeit ergeben",
        richtung=-1,
    ),
    Zeile(
        "18",
        "Summe der Auszahlungen aus laufender Verwaltungstätigkeit",
        _plus("10", "11", "12", "13", "14", "15", "16", "17"),
    ),
    Zeile(
        "19",
        "Zahlungsmittelüberschuss/-bedarf aus laufender Verwaltungstätigkeit",
        ((1, "9"), (-1, "18")),
    ),
    Zeile(
        "20",
        "Einzahlungen aus Investitionszuweisungen und -zuschüssen sowie aus Investitionsbeiträgen",
        richtung=1,
        abschnitt="Investitionstätigkeit",
    ),
    Zeile(
        "21",
        "Einzahlungen aus Abgängen von Vermögensgegenständen des Sachanlagevermögens und "
        "des immateriellen Anlagevermögens",
        richtung=1,
    ),
    Zeile(
        "22",
        "Einzahlungen aus Abgängen von Vermögensgegenständen des Finanzanlagevermögens",
        richtung=1,
    ),
    Zeile("23", "Summe der Einzahlungen aus Investitionstätigkeit", _plus("20", "21", "22")),
    Zeile("24", "Auszahlungen für den Erwerb von Grundstücken und Gebäuden", richtung=-1),
    Zeile("25", "Auszahlungen für Baumaßnahmen", richtung=-1),
    Zeile(
        "26",
        "Auszahlungen für Investitionen in das sonstige Sachanlagevermögen und das "
        "immaterielle Anlagevermögen",
        richtung=-1,
    ),
    Zeile(
        "27",
        "Auszahlungen für Investitionen in das Finanzanlagevermögen und für "
        "Investitionsförderungsmaßnahmen",
        richtung=-1,
    ),
    Zeile("28", "Summe der Auszahlungen aus Investitionstätigkeit", _plus("24", "25", "26", "27")),
    Zeile(
        "29", "Saldo der Ein- und Auszahlungen aus Investitionstätigkeit", ((1, "23"), (-1, "28"))
    ),
    Zeile("30", "Finanzmittelüberschuss/-fehlbetrag", _plus("19", "29")),
    Zeile(
        "31",
        "Einzahlungen aus der Aufnahme von Krediten und inneren Darlehen für Investitionen",
        richtung=1,
        abschnitt="Finanzierungstätigkeit",
    ),
    Zeile(
        "32",
        "Auszahlungen für die Tilgung von Krediten und inneren Darlehen für Investitionen",
        richtung=-1,
    ),
    Zeile(
        "33", "Saldo der Ein- und Auszahlungen aus Finanzierungstätigkeit", ((1, "31"), (-1, "32"))
    ),
    Zeile(
        "34",
        "Zahlungsmittelüberschuss/-bedarf des Haushaltsjahres (Zahlungsmittelfluss)",
        _plus("30", "33"),
    ),
)

ERGEBNIS = {z.nr: z for z in ERGEBNIS_ZEILEN}
FINANZ = {z.nr: z for z in FINANZ_ZEILEN}
# Rows a Konto may be mapped to.
ERGEBNIS_BUCHUNGSZEILEN = tuple(z.nr for z in ERGEBNIS_ZEILEN if not z.ist_summe)
FINANZ_BUCHUNGSZEILEN = tuple(z.nr for z in FINANZ_ZEILEN if not z.ist_summe)
# Investment rows of the Finanzhaushalt (Teilfinanzhaushalt, Investitionsprogramm).
INVESTITIONS_ZEILEN = ("20", "21", "22", "24", "25", "26", "27")


def normalise_ergebnis_zeile(value: str) -> str:
    """ "5" and "05" → "05"; anything else stays as given (and is refused later)."""
    text = (value or "").strip()
    return f"{int(text):02d}" if ist_ziffernfolge(text) and len(text) <= 2 else text


def normalise_finanz_zeile(value: str) -> str:
    """ "05" and "5" → "5"; anything else stays as given (and is refused later)."""
    text = (value or "").strip()
    return str(int(text)) if ist_ziffernfolge(text) and len(text) <= 2 else text
