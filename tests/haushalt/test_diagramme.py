"""Charts: their figures are the statements' figures; the SVG is accessible and has its table."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from aktenbund.haushalt import services
from aktenbund.haushalt.services import rechnung
from aktenbund.haushalt.svg import balken
from tests.haushalt.factories import make_ansatz, make_plan

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def plan(frames, kaemmerei_a):
    plan = make_plan(kaemmerei_a, 2026, zahlungsmittelbestand=D("5000.00"))
    for konto, produkt, *werte in [
        ("5552", "16.01.01", 900, 950, 1000, 1010, 1020, 1030),  # Grundsteuer B: 05 / 4
        ("5022", "11.02.01", 100, 110, "120.55", 130, 140, 150),  # Gebühren
        ("6021", "01.02.01", 400, 420, "450.50", 460, 470, 480),  # Personal
        ("6611", "12.01.01", 10, 10, 10, 10, 10, 10),  # Abschreibungen (no cash)
        ("6521", "16.01.01", 300, 900, 900, 900, 700, 600),  # Umlage: a Fehlbetrag some years
        ("3219", "16.02.01", 0, 0, 20, 20, 20, 20),  # Tilgung
    ]:
        make_ansatz(kaemmerei_a, plan, konto, produkt, *werte)
    return plan


def test_chart_figures_equal_the_statements(plan):
    berechnet = services.statements(plan)
    bereiche, ergebnis, bestand = services.diagramme_of(plan)
    # Erträge/Aufwendungen by Produktbereich add up to the Gesamtergebnishaushalt.
    ertraege, aufwendungen = bereiche.reihen
    assert sum(ertraege.werte) == berechnet.ergebnis.wert("10") + berechnet.ergebnis.wert("21")
    assert sum(aufwendungen.werte) == (
        berechnet.ergebnis.wert("19") + berechnet.ergebnis.wert("22")
    )
    by_bereich = dict(
        zip(
            [k[:2] for k in bereiche.kategorien],
            zip(*[r.werte for r in bereiche.reihen], strict=True),
            strict=True,
        )
    )
    assert by_bereich == {
        "01": (D(0), D("450.50")),
        "11": (D("120.55"), D(0)),
        "12": (D(0), D(10)),
        "16": (D(1000), D(900)),
    }
    assert bereiche.kategorien[0] == "01 Innere Verwaltung"
    # Jahresergebnis: row 28 in all six columns.
    assert ergebnis.reihen[0].werte == list(berechnet.ergebnis["28"])
    assert ergebnis.reihen[0].werte[0] == D("290.00") and ergebnis.reihen[0].werte[2] == D(
        "-239.95"
    )
    assert ergebnis.kategorien == services.spalten_titel(plan)
    # Zahlungsmittelbestand: opening balance, then carried forward by row 34.
    fluss = [berechnet.finanz.wert("34", s) for s in rechnung.PLANJAHRE]
    assert bestand.reihen[0].werte[0] == D("5000.00")
    assert bestand.reihen[0].werte[1:] == berechnet.zahlungsmittelbestand
    assert bestand.reihen[0].werte[-1] == D("5000.00") + sum(fluss)


def test_svg_is_accessible_and_draws_every_value(plan):
    daten = services.diagramme_of(plan)[1]
    svg = str(balken(daten, "d1"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="d1-titel d1-beschreibung"' in svg
    assert '<title id="d1-titel">Entwicklung des Jahresergebnisses</title>' in svg
    assert '<desc id="d1-beschreibung">' in svg
    gezeichnet = [D(w) for w in re.findall(r'data-wert="([-0-9.]+)"', svg)]
    assert gezeichnet == daten.reihen[0].werte
    # A negative value is drawn left of the zero line, a positive one right of it.
    null = float(re.search(r'<line x1="([0-9.]+)"', svg).group(1))
    balken_ = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"', svg)[1:]
    balken_ = [b for b in balken_ if float(b[1]) != 14]  # skip the legend square
    for (x, breite), wert in zip(balken_, gezeichnet, strict=True):
        if wert < 0:
            assert float(x) + float(breite) == pytest.approx(null, abs=0.2)
        elif wert > 0:
            assert float(x) == pytest.approx(null, abs=0.2)


def test_svg_escapes_text():
    from aktenbund.haushalt.services.diagramme import Diagrammdaten, Reihe

    svg = str(balken(Diagrammdaten("<b>T</b>", "d & e", ["<x>"], [Reihe('R"', [D(1)])]), "z"))
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&lt;x&gt;" in svg


def test_chart_page_has_svg_and_data_tables(client, plan, clerk_a):
    client.force_login(clerk_a)  # every user of the Kommune reads the plan's charts
    page = client.get(reverse("haushalt:diagramme", args=[plan.pk])).content.decode()
    assert page.count('role="img"') == 3 and page.count("<table") == 3
    assert "Erträge und Aufwendungen nach Produktbereichen 2026" in page
    assert "-239,95" in page  # the Jahresergebnis 2026 in the data table
    assert "Daten zum Diagramm" in page


def test_chart_api_equals_statements(client, plan, kaemmerei_a, kaemmerei_b):
    client.force_login(kaemmerei_a)
    body = client.get(f"/api/v1/haushalt/plaene/{plan.pk}/diagramme").json()
    berechnet = services.statements(plan)
    assert [D(w) for w in body[1]["reihen"][0]["werte"]] == list(berechnet.ergebnis["28"])
    assert [D(w) for w in body[2]["reihen"][0]["werte"]][1:] == berechnet.zahlungsmittelbestand
    client.force_login(kaemmerei_b)
    assert client.get(f"/api/v1/haushalt/plaene/{plan.pk}/diagramme").status_code == 404
    assert client.get(reverse("haushalt:diagramme", args=[plan.pk])).status_code == 404
