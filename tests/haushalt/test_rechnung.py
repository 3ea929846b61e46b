"""The statements' arithmetic, table-driven: every subtotal of both statements, to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.services.rechnung import Posten
from aktenbund.haushalt.zeilen import ERGEBNIS_ZEILEN, FINANZ_ZEILEN

D = Decimal

# One amount per posting row (HJ column); other columns are multiples of it.
ERGEBNIS_POSTEN = {
    "01": "100.01", "02": "200.02", "03": "300.03", "04": "-40.04", "05": "5000.05",
    "06": "60.06", "07": "7000.07", "08": "80.08", "09": "90.09",
    "11": "4000.11", "12": "500.12", "13": "3000.13", "14": "900.14", "15": "150.15",
    "16": "4100.16", "17": "170.17", "18": "180.18",
    "21": "21.21", "22": "122.22", "25": "250.25", "26": "26.26",
}  # fmt: skip
ERGEBNIS_SUMMEN = [
    ("10", "Summe der ordentlichen Erträge", "12790.37"),
    ("19", "Summe der ordentlichen Aufwendungen", "13001.16"),
    ("20", "Verwaltungsergebnis", "-210.79"),
    ("23", "Finanzergebnis", "-101.01"),
    ("24", "Ordentliches Ergebnis", "-311.80"),
    ("27", "Außerordentliches Ergebnis", "223.99"),
    ("28", "Jahresergebnis", "-87.81"),
]
FINANZ_POSTEN = {
    "1": "1.01", "2": "2.02", "3": "3.03", "4": "4000.04", "5": "5.05", "6": "6000.06",
    "7": "7.07", "8": "8.08",
    "10": "3000.10", "11": "400.11", "12": "2500.12", "13": "130.13", "14": "140.14",
    "15": "4100.15", "16": "160.16", "17": "170.17",
    "20": "200.20", "21": "21.21", "22": "22.22",
    "24": "24.24", "25": "2500.25", "26": "260.26", "27": "27.27",
    "31": "3100.31", "32": "320.32",
}  # fmt: skip
FINANZ_SUMMEN = [
    ("9", "Summe der Einzahlungen aus laufender Verwaltungstätigkeit", "10026.36"),
    ("18", "Summe der Auszahlungen aus laufender Verwaltungstätigkeit", "10601.08"),
    ("19", "Zahlungsmittelüberschuss/-bedarf aus laufender Verwaltungstätigkeit", "-574.72"),
    ("23", "Summe der Einzahlungen aus Investitionstätigkeit", "243.63"),
    ("28", "Summe der Auszahlungen aus Investitionstätigkeit", "2812.02"),
    ("29", "Saldo aus Investitionstätigkeit", "-2568.39"),
    ("30", "Finanzmittelüberschuss/-fehlbetrag", "-3143.11"),
    ("33", "Saldo aus Finanzierungstätigkeit", "2779.99"),
    ("34", "Zahlungsmittelfluss des Haushaltsjahres", "-363.12"),
]


def _spalten(betrag: str) -> tuple[Decimal, ...]:
    # Column c holds (c + 1) × the amount, so each column is checked on its own.
    return tuple(D(betrag) * (c + 1) for c in range(6))


def _ergebnis_posten(bereich: str = "01") -> list[Posten]:
    return [Posten(nr, "", bereich, _spalten(b)) for nr, b in ERGEBNIS_POSTEN.items()]


def _finanz_posten(bereich: str = "01") -> list[Posten]:
    return [Posten("", nr, bereich, _spalten(b)) for nr, b in FINANZ_POSTEN.items()]


@pytest.mark.parametrize(("nr", "name", "erwartet"), ERGEBNIS_SUMMEN)
def test_ergebnishaushalt_subtotal(nr, name, erwartet):
    ergebnis = rechnung.ergebnishaushalt(_ergebnis_posten())
    assert ergebnis[nr] == tuple(D(erwartet) * (c + 1) for c in range(6)), name


@pytest.mark.parametrize(("nr", "name", "erwartet"), FINANZ_SUMMEN)
def test_finanzhaushalt_subtotal(nr, name, erwartet):
    finanz = rechnung.finanzhaushalt(_finanz_posten())
    assert finanz[nr] == tuple(D(erwartet) * (c + 1) for c in range(6)), name


def test_every_row_is_present_in_order_and_posting_rows_are_summed():
    posten = [*_ergebnis_posten(), *_ergebnis_posten("02")]  # every row twice
    ergebnis = rechnung.ergebnishaushalt(posten)
    assert [z.nr for z in ergebnis.zeilen] == [f"{n:02d}" for n in range(1, 29)]
    for nr, betrag in ERGEBNIS_POSTEN.items():
        assert ergebnis.wert(nr) == 2 * 3 * D(betrag)
    finanz = rechnung.finanzhaushalt(_finanz_posten())
    assert [z.nr for z in finanz.zeilen] == [str(n) for n in range(1, 35)]
    assert len(ERGEBNIS_ZEILEN) == 28 and len(FINANZ_ZEILEN) == 34


def test_empty_plan_is_all_zero():
    ergebnis = rechnung.ergebnishaushalt([])
    assert all(x == 0 for z in ergebnis.zeilen for x in z.betraege)


def test_results_are_exact_decimals_to_the_cent():
    posten = [Posten("01", "1", "01", (D("0.10"),) * 6) for _ in range(3)]
    ergebnis = rechnung.ergebnishaushalt(posten)
    assert ergebnis.wert("10") == D("0.30")  # 0.1 + 0.1 + 0.1 in float would not be
    assert all(isinstance(x, Decimal) for x in ergebnis["28"])


def test_a_konto_mapped_to_both_counts_in_both_statements():
    posten = [Posten("11", "10", "01", _spalten("10.00")), Posten("14", "", "01", _spalten("5"))]
    h = rechnung.haushalt(posten)
    assert h.ergebnis.wert("19") == D("45.00")  # HJ column = 3 ×
    assert h.finanz.wert("18") == D("30.00")  # Abschreibungen are not paid out


@pytest.mark.parametrize(
    ("ordentlich", "lfd", "tilgung", "ergebnis_ok", "finanz_ok"),
    [
        ("100", "500", "400", True, True),
        ("0", "400", "400", True, True),
        ("-0.01", "500", "400", False, True),
        ("100", "399.99", "400", True, False),
        ("-1", "0", "1", False, False),
    ],
)
def test_haushaltsausgleich(ordentlich, lfd, tilgung, ergebnis_ok, finanz_ok):
    posten = [
        Posten("01", "", "01", (D(ordentlich),) * 6),
        Posten("", "1", "01", (D(lfd),) * 6),
        Posten("", "32", "01", (D(tilgung),) * 6),
    ]
    h = rechnung.haushalt(posten)
    pruefung = rechnung.ausgleich(h.ergebnis, h.finanz, [2024, 2025, 2026, 2027, 2028, 2029])
    assert [a.jahr for a in pruefung] == [2026, 2027, 2028, 2029]
    assert all(a.ergebnis_ausgeglichen is ergebnis_ok for a in pruefung)
    assert all(a.finanz_ausgeglichen is finanz_ok for a in pruefung)


def test_zahlungsmittelbestand_carries_forward():
    posten = [Posten("", "1", "01", (D(0), D(0), D(100), D(200), D(-50), D(0)))]
    finanz = rechnung.finanzhaushalt(posten)
    assert rechnung.zahlungsmittelbestand(finanz, D("1000.00")) == [
        D("1100.00"),
        D("1300.00"),
        D("1250.00"),
        D("1250.00"),
    ]


def test_teilhaushalte_add_up_to_the_whole():
    posten = [*_ergebnis_posten("01"), *_ergebnis_posten("02"), *_ergebnis_posten("16")]
    posten += [*_finanz_posten("01"), *_finanz_posten("16")]
    teile = rechnung.teilhaushalte(posten, {"01": "A", "02": "A", "16": "B"})
    gesamt = rechnung.haushalt(posten)
    assert set(teile) == {"A", "B"}
    for nr in ("10", "19", "24", "28"):
        assert teile["A"].ergebnis[nr] == tuple(2 * x for x in teile["B"].ergebnis[nr])
        assert (
            tuple(
                a + b for a, b in zip(teile["A"].ergebnis[nr], teile["B"].ergebnis[nr], strict=True)
            )
            == (gesamt.ergebnis[nr])
        )
    for nr in ("9", "18", "34"):
        assert (
            tuple(a + b for a, b in zip(teile["A"].finanz[nr], teile["B"].finanz[nr], strict=True))
            == (gesamt.finanz[nr])
        )


def test_unassigned_produktbereiche_form_their_own_group():
    posten = [*_ergebnis_posten("01"), *_ergebnis_posten("05")]
    teile = rechnung.teilhaushalte(posten, {"01": "A"})
    assert teile[""].ergebnis.wert("10") == D("12790.37") * 3


def test_nach_produktbereich():
    posten = [*_ergebnis_posten("01"), Posten("05", "4", "16", (D("7.00"),) * 6)]
    werte = rechnung.nach_produktbereich(posten)
    # Erträge incl. Finanzerträge (10 + 21), Aufwendungen incl. Zinsen (19 + 22), HJ column.
    assert werte["01"] == ((D("12790.37") + D("21.21")) * 3, (D("13001.16") + D("122.22")) * 3)
    assert werte["16"] == (D("7.00"), D("0"))
