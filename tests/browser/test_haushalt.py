"""The Kämmerei of Witzenhausen enters Ansätze in the grid, sees the Ergebnishaushalt
update, reads the generated Satzung and downloads the PDF; axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from aktenbund.tenancy import services as tenancy
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.factories import make_user
from tests.haushalt.factories import load_frames, make_ansatz, make_plan


@pytest.fixture
def witzenhausen(verbund):
    kommune = tenancy.create_kommune(
        verbund.admin, name="Witzenhausen", ags="06636016", einwohner=15000, ist_stadt=True
    )
    kaemmerei = make_user(kommune, "witzenhausen.kaemmerei", ["kaemmerei"])
    load_frames()
    plan = make_plan(kaemmerei, 2027, hebesatz_grundsteuer_b=495)
    make_ansatz(kaemmerei, plan, "5552", "16.01.01", 0, 0, 0, 0, 0, 0)
    make_ansatz(kaemmerei, plan, "6021", "01.02.01", 0, 0, 0, 0, 0, 0)
    return plan


def test_kaemmerei_enters_ansaetze_and_generates_satzung_and_pdf(
    page: Page, live_server, witzenhausen
):
    plan = witzenhausen
    sign_in(page, live_server.url, "witzenhausen.kaemmerei")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Haushalt"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Haushalt Witzenhausen")
    assert_no_axe_violations(page, "Haushalt")
    page.get_by_role("link", name="Haushaltsplan 2027").click()
    assert_no_axe_violations(page, "Plan-Übersicht")
    page.get_by_role("navigation", name="Teile des Plans").get_by_role(
        "link", name="Planansätze"
    ).click()
    assert_no_axe_violations(page, "Planansätze")

    steuer = page.get_by_label("Ansatz 2027, Konto 5552 Grundsteuer B, Produkt 16.01.01")
    personal = page.get_by_label(
        "Ansatz 2027, Konto 6021 Entgelte der tariflich Beschäftigten, Produkt 01.02.01"
    )
    personal.fill("2000000")
    personal.press("Enter")  # moves down to the next row, saving the cell
    expect(steuer).to_be_focused()
    steuer.fill("1.800.000,00")
    steuer.press("Tab")
    status = page.locator("#raster-status")
    expect(status).to_contain_text("Gespeichert")
    ergebnis = page.locator('#rechnung td[data-zeile="24"][data-spalte="2"]')
    expect(ergebnis).to_have_text("-200.000,00")
    expect(page.locator("#ausgleich")).to_contain_text("nicht ausgeglichen")
    assert_no_axe_violations(page, "Planansätze nach der Eingabe")

    personal.fill("viel")
    personal.press("Tab")
    expect(status).to_contain_text("Nicht gespeichert")
    expect(personal).to_have_attribute("aria-invalid", "true")
    personal.fill("1500000")
    personal.press("Tab")
    expect(ergebnis).to_have_text("300.000,00")
    expect(page.locator("#ausgleich")).to_contain_text("ausgeglichen")

    page.get_by_role("navigation", name="Teile des Plans").get_by_role(
        "link", name="Haushaltssatzung"
    ).click()
    satzung = page.get_by_role("article", name="Text der Haushaltssatzung")
    expect(satzung).to_contain_text("Haushaltssatzung der Stadt Witzenhausen")
    expect(satzung.locator('[data-wert="ordentliches_ergebnis"]')).to_have_text("300.000,00 €")
    expect(satzung).to_contain_text("(Grundsteuer B): 495 v. H.")
    assert_no_axe_violations(page, "Haushaltssatzung")

    page.get_by_role("navigation", name="Teile des Plans").get_by_role(
        "link", name="Übersicht"
    ).click()
    # WeasyPrint needs a few seconds, more when the machine is busy.
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Ganzer Plan als PDF").click()
    pfad = download.value.path()
    with open(pfad, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert plan.pk
