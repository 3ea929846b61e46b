"""The statements of a Haushaltsplan, computed from its Planansätze: pure Decimal arithmetic.

Nothing here touches the database: `Posten` (one per Planansatz, with the
rows its Konto maps to) go in, `Rechnung`en come out. So every statement
(Gesamt-, Teilhaushalt, Satzung, Vergleich, charts) is computed the same
way, and always from the current Ansätze.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from aktenbund.haushalt.zeilen import ERGEBNIS, ERGEBNIS_ZEILEN, FINANZ_ZEILEN, Zeile

ZERO = Decimal("0.00")
SPALTEN = 6  # Ergebnis VVJ, Ansatz VJ, Ansatz HJ, Planung HJ+1 … HJ+3
HJ = 2  # index of the Haushaltsjahr's Ansatz
PLANJAHRE = (2, 3, 4, 5)  # Haushaltsjahr and the three years of the Finanzplanung
NULL = (ZERO,) * SPALTEN

Betraege = tuple[Decimal, ...]


@dataclass(frozen=True)
class Posten:
    """One Planansatz as the computation needs it."""

    ergebnis_zeile: str
    finanz_zeile: str
    produktbereich: str
    betraege: Betraege
    massnahme_id: int | None = None


@dataclass
class Zeilenwert:
    zeile: Zeile
    betraege: Betraege

    @property
    def nr(self) -> str:
        return self.zeile.nr


@dataclass
class Rechnung:
    """One statement: its rows in order, each with six amounts."""

    zeilen: list[Zeilenwert]
    _index: dict[str, Zeilenwert] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {z.nr: z for z in self.zeilen}

    def __getitem__(self, nr: str) -> Betraege:
        return self._index[nr].betraege

    def wert(self, nr: str, spalte: int = HJ) -> Decimal:
        return self._index[nr].betraege[spalte]


def _add(a: Betraege, b: Sequence[Decimal]) -> Betraege:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def rechne(zeilen: Iterable[Zeile], summen: dict[str, Betraege]) -> Rechnung:
    """The statement of `zeilen` from the posting rows' totals `summen`.

    Sum rows are computed in order from rows above them (the GemHVO
    numbering always refers upwards).
    """
    werte: dict[str, Betraege] = {}
    ergebnis = []
    for zeile in zeilen:
        if zeile.ist_summe:
            betraege = NULL
            for sign, nr in zeile.formel:
                betraege = _add(betraege, tuple(sign * x for x in werte[nr]))
        else:
            betraege = summen.get(zeile.nr, NULL)
        werte[zeile.nr] = betraege
        ergebnis.append(Zeilenwert(zeile, betraege))
    return Rechnung(ergebnis)


def _summen(posten: Iterable[Posten], attr: str) -> dict[str, Betraege]:
    summen: dict[str, Betraege] = {}
    for p in posten:
        nr = getattr(p, attr)
        if nr:
            summen[nr] = _add(summen.get(nr, NULL), p.betraege)
    return summen


def ergebnishaushalt(posten: Iterable[Posten]) -> Rechnung:
    """Rows 01–28 of the Ergebnishaushalt with all subtotals."""
    return rechne(ERGEBNIS_ZEILEN, _summen(posten, "ergebnis_zeile"))


def finanzhaushalt(posten: Iterable[Posten]) -> Rechnung:
    """Rows 1–34 of the Finanzhaushalt with all subtotals."""
    return rechne(FINANZ_ZEILEN, _summen(posten, "finanz_zeile"))


@dataclass
class Ausgleich:
    """The Haushaltsausgleich of one plan year (§ 92 HGO, § 3 III GemHVO)."""

    jahr: int
    ordentliches_ergebnis: Decimal
    zahlungsmittelfluss: Decimal
    tilgung: Decimal

    @property
    def ergebnis_ausgeglichen(self) -> bool:
        return self.ordentliches_ergebnis >= 0

    @property
    def finanz_ausgeglichen(self) -> bool:
        """The cash flow from current operations covers the ordentliche Tilgung."""
        return self.zahlungsmittelfluss >= self.tilgung

    @property
    def ausgeglichen(self) -> bool:
        return self.ergebnis_ausgeglichen and self.finanz_ausgeglichen


def ausgleich(ergebnis: Rechnung, finanz: Rechnung, jahre: Sequence[int]) -> list[Ausgleich]:
    """The check for the Haushaltsjahr and each year of the Finanzplanung."""
    return [
        Ausgleich(
            jahr=jahre[spalte],
            ordentliches_ergebnis=ergebnis.wert("24", spalte),
            zahlungsmittelfluss=finanz.wert("19", spalte),
            tilgung=finanz.wert("32", spalte),
        )
        for spalte in PLANJAHRE
    ]


def zahlungsmittelbestand(finanz: Rechnung, anfang: Decimal) -> list[Decimal]:
    """Bestand at the end of the Haushaltsjahr and each planning year."""
    bestand, werte = anfang, []
    for spalte in PLANJAHRE:
        bestand += finanz.wert("34", spalte)
        werte.append(bestand)
    return werte


@dataclass
class Haushalt:
    """The Ergebnis- and Finanzhaushalt of a set of Posten (whole plan or Teilhaushalt)."""

    ergebnis: Rechnung
    finanz: Rechnung


def haushalt(posten: Sequence[Posten]) -> Haushalt:
    return Haushalt(ergebnishaushalt(posten), finanzhaushalt(posten))


def teilhaushalte(posten: Sequence[Posten], zuordnung: dict[str, str]) -> dict[str, Haushalt]:
    """Ergebnis- and Finanzhaushalt per Teilhaushalt.

    `zuordnung` maps Produktbereich → Teilhaushalt key; Posten of a
    Produktbereich without Teilhaushalt go to the key "" (shown as
    "nicht zugeordnet", so the Teilhaushalte always add up to the whole).
    """
    gruppen: dict[str, list[Posten]] = {key: [] for key in dict.fromkeys(zuordnung.values())}
    for p in posten:
        gruppen.setdefault(zuordnung.get(p.produktbereich, ""), []).append(p)
    return {key: haushalt(gruppe) for key, gruppe in gruppen.items()}


def nach_produktbereich(
    posten: Iterable[Posten], spalte: int = HJ
) -> dict[str, tuple[Decimal, Decimal]]:
    """(ordentliche Erträge, ordentliche Aufwendungen) per Produktbereich in one column."""
    werte: dict[str, list[Decimal]] = {}
    for p in posten:
        zeile = ERGEBNIS.get(p.ergebnis_zeile)
        if zeile is None or p.ergebnis_zeile in ("25", "26"):
            continue
        paar = werte.setdefault(p.produktbereich, [ZERO, ZERO])
        paar[0 if zeile.richtung > 0 else 1] += p.betraege[spalte]
    return {bereich: (a, b) for bereich, (a, b) in sorted(werte.items())}
