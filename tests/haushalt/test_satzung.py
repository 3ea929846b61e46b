"""The Haushaltssatzung equals the statements: every figure of §§ 1–4, table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aktenbund.haushalt import services
from tests.haushalt.factories import make_ansatz, make_plan

pytestmark = pytest.mark.django_db
D = Decimal

# (Satzung field, statement, expression over rows) — the Hessian § 1.
PARAGRAPH_1 = [
    ("ertraege", lambda e, f, s: e.wert("10", s) + e.wert("21", s)),
    ("aufwendungen", lambda e, f, s: e.wert("19", s) + e.wert("22", s)),
    ("ordentliches_ergebnis", lambda e, f, s: e.wert("24", s)),
    ("ao_ertraege", lambda e, f, s: e.wert("25", s)),
    ("ao_aufwendungen", lambda e, f, s: e.wert("26", s)),
    ("ao_ergebnis", lambda e, f, s: e.wert("27", s)),
    ("jahresergebnis", lambda e, f, s: e.wert("28", s)),
    ("saldo_lfd", lambda e, f, s: f.wert("19", s)),
    ("einzahlungen_invest", lambda e, f, s: f.wert("23", s)),
    ("auszahlungen_invest", lambda e, f, s: f.wert("28", s)),
    ("saldo_invest", lambda e, f, s: f.wert("29", s)),
    ("einzahlungen_finanzierung", lambda e, f, s: f.wert("31", s)),
    ("auszahlungen_finanzierung", lambda e, f, s: f.wert("32", s)),
    ("saldo_finanzierung", lambda e, f, s: f.wert("33", s)),
    ("zahlungsmittelfluss", lambda e, f, s: f.wert("34", s)),
]


@pytest.fixture(params=[False, True], ids=["einjahr", "doppelhaushalt"])
def plan(request, frames, kaemmerei_a):
    plan = make_plan(
        kaemmerei_a,
        2026,
        doppelhaushalt=request.param,
        hebesatz_grundsteuer_a=350,
        hebesatz_grundsteuer_b=490,
        hebesatz_gewerbesteuer=380,
        liquiditaetskredite=D("1500000.00"),
    )
    for konto, produkt, *werte in [
        ("5552", "16.01.01", 0, 0, "1200000.00", "1250000.00", 0, 0),
        ("5411", "16.01.01", 0, 0, "800000.55", "810000", 0, 0),
        ("6021", "01.02.01", 0, 0, "950000.10", "980000", 0, 0),
        ("6521", "16.01.01", 0, 0, "700000", "720000", 0, 0),
        ("6611", "12.01.01", 0, 0, "150000", "155000", 0, 0),
        ("5711", "16.02.01", 0, 0, "1000.01", "1000", 0, 0),
        ("6811", "16.02.01", 0, 0, "30000", "28000", 0, 0),
        ("5811", "16.02.01", 0, 0, "20000", 0, 0, 0),
        ("6991", "16.02.01", 0, 0, "5000", 0, 0, 0),
        ("2311", "12.01.01", 0, 0, "300000", "100000", 0, 0),
        ("0961", "12.01.01", 0, 0, "650000", "200000", 0, 0),
        ("3211", "16.02.01", 0, 0, "250000", 0, 0, 0),
        ("3219", "16.02.01", 0, 0, "90000", "95000", 0, 0),
    ]:
        make_ansatz(kaemmerei_a, plan, konto, produkt, *werte)
    services.save_massnahme(
        kaemmerei_a,
        plan,
        nummer="I-2026-01",
        bezeichnung="Sanierung Dorfgemeinschaftshaus",
        produkt="01.02.03",
        ve_planung_1="120000",
        ve_planung_2="30000.50",
    )
    return plan


@pytest.mark.parametrize(("feld", "aus_rechnung"), PARAGRAPH_1, ids=[p[0] for p in PARAGRAPH_1])
def test_paragraph_1_equals_the_statements(plan, feld, aus_rechnung):
    berechnet = services.statements(plan)
    satzung = services.haushaltssatzung(plan, berechnet)
    spalten = [2, 3] if plan.doppelhaushalt else [2]
    assert [p.jahr for p in satzung.paragraph_1] == [plan.jahre()[s] for s in spalten]
    for p, spalte in zip(satzung.paragraph_1, spalten, strict=True):
        assert getattr(p, feld) == aus_rechnung(berechnet.ergebnis, berechnet.finanz, spalte)


def test_paragraph_1_known_figures(plan):
    p = services.haushaltssatzung(plan).paragraph_1[0]
    assert p.ertraege == D("2001000.56")  # 1 200 000 + 800 000.55 + 1 000.01
    assert p.aufwendungen == D("1830000.10")  # 950 000.10 + 700 000 + 150 000 + 30 000
    assert p.ordentliches_ergebnis == D("171000.46")
    assert p.jahresergebnis == D("186000.46")  # + 20 000 - 5 000
    assert p.saldo_lfd == D("336000.46")  # no Abschreibungen in cash
    assert p.zahlungsmittelfluss == D("146000.46")  # + (300 000 - 650 000) + (250 000 - 90 000)


def test_paragraphs_2_to_6(plan):
    satzung = services.haushaltssatzung(plan)
    berechnet = services.statements(plan)
    assert satzung.kredite[0] == (2026, berechnet.finanz.wert("31")) == (2026, D("250000.00"))
    assert satzung.verpflichtungsermaechtigungen == D("150000.50")
    assert satzung.liquiditaetskredite == D("1500000.00")
    assert satzung.hebesaetze == (350, 490, 380)
    assert satzung.gremium == "Gemeindevertretung"


def test_local_paragraphs_follow(plan, kaemmerei_a):
    from aktenbund.errors import ValidationError

    services.save_satzungsparagraph(
        kaemmerei_a, plan, nummer=7, ueberschrift="Budgetierung", text="Die Teilhaushalte …"
    )
    with pytest.raises(ValidationError):
        services.save_satzungsparagraph(kaemmerei_a, plan, nummer=3, ueberschrift="X", text="Y")
    assert [p.nummer for p in services.haushaltssatzung(plan).weitere] == [7]


def test_investitionsprogramm_totals_are_the_finanzhaushalt_rows(plan, kaemmerei_a):
    make_ansatz(kaemmerei_a, plan, "0711", "01.02.02", 0, 0, 40000, 0, 0, 0, massnahme="I-2026-01")
    berechnet = services.statements(plan)
    programm = services.investitionsprogramm(plan, berechnet.posten)
    assert programm.einzahlungen == berechnet.finanz["23"]
    assert programm.auszahlungen == berechnet.finanz["28"]
    by_nr = {i.massnahme.nummer if i.massnahme else "": i for i in programm.investitionen}
    assert by_nr["I-2026-01"].auszahlungen[2] == D("40000.00")
    assert by_nr[""].auszahlungen[2] == D("650000.00")
