"""Planansätze as xlsx/CSV: exact round trips; a malformed file imports nothing, errors per row."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from aktenbund.errors import Conflict, DomainError
from aktenbund.haushalt import services
from aktenbund.haushalt.models import Planansatz, Status
from aktenbund.haushalt.services.plan_io import SPALTEN
from aktenbund.haushalt.tabelle import ImportFehler
from aktenbund.tenancy.scope import kommune_scope
from tests.haushalt.factories import make_ansatz, make_plan, refresh

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plan(frames, kaemmerei_a):
    plan = make_plan(kaemmerei_a, 2026)
    make_ansatz(kaemmerei_a, plan, "5552", "16.01.01", "1234567.89", 0, "0.01", 1, 2, 3)
    # Bestandsveränderungen (row 04): the one Konto whose Ansätze may be negative.
    make_ansatz(
        kaemmerei_a,
        plan,
        "5041",
        "01.02.01",
        "9999999999999.99",
        "-12.30",
        "450.5",
        0,
        0,
        0,
        erlaeuterung="Tarifsteigerung 3 %\nzweite Zeile; mit Semikolon",
    )
    make_ansatz(
        kaemmerei_a,
        plan,
        "6111",
        "01.02.03",
        1,
        2,
        3,
        4,
        5,
        6,
        erlaeuterung='Text mit "Zitat" und 1.000,00 €',
    )
    return plan


def snapshot(plan):
    with kommune_scope(plan.kommune_id):
        return sorted(
            (a.konto.nummer, a.produkt.nummer, a.massnahme_id, a.betraege(), a.erlaeuterung)
            for a in Planansatz.objects.filter(haushaltsplan=plan).select_related(
                "konto", "produkt"
            )
        )


def xlsx(rows: list[list], header: list | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header or SPALTEN)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(konto="5011", produkt="01.02.03", *betraege, massnahme="", erlaeuterung=""):
    werte = list(betraege) or [0, 0, 0, 0, 0, 0]
    return [konto, "", produkt, "", massnahme, *werte, erlaeuterung]


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_export_import_round_trips_exactly(plan, kaemmerei_a, format):
    vorher = snapshot(plan)
    datei = services.export_planansaetze(kaemmerei_a, plan, format)
    ergebnis = services.import_planansaetze(kaemmerei_a, plan, datei.inhalt, format)
    assert (ergebnis.angelegt, ergebnis.geaendert, ergebnis.entfernt) == (0, 0, 0)
    assert ergebnis.unveraendert == 3
    assert snapshot(plan) == vorher
    # And into another plan: the same Ansätze, to the cent.
    other = make_plan(kaemmerei_a, 2030)
    services.import_planansaetze(kaemmerei_a, other, datei.inhalt, format)
    assert [s[:2] + s[3:] for s in snapshot(other)] == [s[:2] + s[3:] for s in vorher]


def test_export_is_a_real_spreadsheet_with_numbers(plan, kaemmerei_a):
    datei = services.export_planansaetze(kaemmerei_a, plan, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(datei.inhalt)).active
    assert [c.value for c in sheet[1]] == SPALTEN
    werte = {(r[0], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert werte[("5552", "16.01.01")][5] == pytest.approx(1234567.89)
    assert werte[("6111", "01.02.03")][11] == 'Text mit "Zitat" und 1.000,00 €'


def test_import_replaces_the_plans_ansaetze(plan, kaemmerei_a):
    data = xlsx(
        [
            row("5552", "16.01.01", "1234567.89", 0, 5, 1, 2, 3),  # changed HJ
            row("5553", "16.01.01", 0, 0, 1000, 1000, 1000, 1000, erlaeuterung="neu"),
        ]
    )
    ergebnis = services.import_planansaetze(kaemmerei_a, plan, data, "xlsx")
    assert (ergebnis.angelegt, ergebnis.geaendert, ergebnis.entfernt) == (1, 1, 2)
    assert [s[:2] for s in snapshot(plan)] == [("5552", "16.01.01"), ("5553", "16.01.01")]
    assert services.statements(plan).ergebnis.wert("05") == D("1005.00")


def test_malformed_file_imports_nothing_and_names_every_bad_row(plan, kaemmerei_a):
    vorher = snapshot(plan)
    data = xlsx(
        [
            row("5552", "16.01.01", 1, 2, 3, 4, 5, 6),
            row("9999", "16.01.01", 1, 2, 3, 4, 5, 6),  # unknown Konto
            row("5553", "16.01.01", 1, 2, "viel", 4, 5, 6),  # text in an amount
            row("5553", "99.99.99", 1, 2, 3, 4, 5, "1,005"),  # unknown Produkt, 3 decimals
            row("5552", "16.01.01", 1, 2, 3, 4, 5, 6),  # duplicate of row 2
            row("5011", "01.02.03", 1, 2, 3, 4, 5, 6, massnahme="I-1"),  # no such Maßnahme
        ]
    )
    with pytest.raises(ImportFehler) as info:
        services.import_planansaetze(kaemmerei_a, plan, data, "xlsx")
    fehler = [(f.zeile, f.spalte) for f in info.value.zeilenfehler]
    assert fehler == [
        (3, "Konto"),
        (4, "Ansatz Haushaltsjahr"),
        (5, "Produkt"),
        (5, "Finanzplanung HJ+3"),
        (6, "Konto"),
        (7, "Maßnahme"),
    ]
    meldungen = {(f.zeile, f.spalte): f.meldung for f in info.value.zeilenfehler}
    assert "„9999“ gibt es im Kontenrahmen nicht" in meldungen[(3, "Konto")]
    assert "„viel“ ist kein Betrag" in meldungen[(4, "Ansatz Haushaltsjahr")]
    assert "Zeile 2" in meldungen[(6, "Konto")]
    assert info.value.message.startswith("Die Datei wurde nicht importiert: 5 Zeilen")
    assert snapshot(plan) == vorher


def test_wrong_columns_are_refused(plan, kaemmerei_a):
    header = ["Konto", "Produkt", "Betrag"]
    with pytest.raises(DomainError) as info:
        services.import_planansaetze(
            kaemmerei_a, plan, xlsx([["5011", "01.02.03", 5]], header), "xlsx"
        )
    assert "„Ansatz Haushaltsjahr“" in info.value.errors["spalten"]
    assert "„Betrag“" in info.value.errors["spalten"]


def test_formulas_are_refused(plan, kaemmerei_a):
    data = xlsx([row("5011", "01.02.03", 1, 2, "=1+2", 4, 5, 6)])
    with pytest.raises(ImportFehler) as info:
        services.import_planansaetze(kaemmerei_a, plan, data, "xlsx")
    assert "Formeln" in info.value.zeilenfehler[0].meldung


def test_not_an_xlsx(plan, kaemmerei_a):
    with pytest.raises(DomainError) as info:
        services.import_planansaetze(kaemmerei_a, plan, b"Konto;Produkt\r\n", "xlsx")
    assert info.value.status == 415


def test_import_into_a_locked_plan_is_refused(plan, kaemmerei_a):
    datei = services.export_planansaetze(kaemmerei_a, plan, "xlsx")
    with kommune_scope(plan.kommune_id):
        type(plan).objects.filter(pk=plan.pk).update(status=Status.RECHTSKRAEFTIG)
    refresh(plan)
    with pytest.raises(Conflict):
        services.import_planansaetze(kaemmerei_a, plan, datei.inhalt, "xlsx")
