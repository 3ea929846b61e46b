"""The Gewerbeamt of Sontra records a GewA 1 for a GmbH with two Geschäftsführer in
the browser, sees the Empfangsbescheinigung, the Vorgang in the E-Akte and the
outbox entries; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.gewerbe.factories import make_gewerbeamt


@pytest.fixture
def sontra_gewerbeamt(kommune_b):
    return make_gewerbeamt(kommune_b, "sontra.gewerbeamt")


def _person(page: Page, i: int, name: str, vorname: str, geschlecht: str) -> None:
    p = f"#id_personen-{i}-"
    page.locator(p + "funktion").select_option("3")
    page.locator(p + "familienname").fill(name)
    page.locator(p + "vornamen").fill(vorname)
    page.locator(p + "geschlecht").select_option(geschlecht)
    page.locator(p + "geburtsdatum").fill("1978-05-20")
    page.locator(p + "geburtsort").fill("Eschwege")
    page.locator(p + "staatsangehoerigkeit").select_option("000")
    page.locator(p + "wohn_strasse").fill("Niederstadt")
    page.locator(p + "wohn_hausnummer").fill(str(i + 3))
    page.locator(p + "wohn_plz").fill("36205")
    page.locator(p + "wohn_ort").fill("Sontra")


def test_gewerbeamt_sontra_records_gmbh_with_two_geschaeftsfuehrer(
    page: Page, live_server, sontra_gewerbeamt
):
    page.set_default_timeout(30_000)  # WeasyPrint lays out the PDFs while the page waits
    sign_in(page, live_server.url, "sontra.gewerbeamt")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Gewerbe"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gewerberegister Sontra")
    assert_no_axe_violations(page, "Gewerberegister (leer)")

    page.get_by_role("link", name="Gewerbe-Anmeldung erfassen (GewA 1)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gewerbe-Anmeldung")
    assert_no_axe_violations(page, "Formular GewA 1")

    page.locator("#id_eingetragener_name").fill("Sontraer Metallbau GmbH")
    page.locator("#id_rechtsform").select_option("350")
    page.locator("#id_register_art").select_option("HRB")
    page.locator("#id_register_nummer").fill("4711")
    page.locator("#id_registergericht").fill("Kassel")
    page.locator("#id_zahl_vertreter").fill("2")
    page.locator("#id_betrieb_strasse").fill("Am Berg")
    page.locator("#id_betrieb_hausnummer").fill("5")
    page.locator("#id_betrieb_plz").fill("36205")
    page.locator("#id_betrieb_ort").fill("Sontra")
    page.locator("#id_datum").fill("2026-11-02")
    page.get_by_label("Handwerk", exact=True).check()
    page.locator("#id_niederlassungsart").select_option("1")
    page.locator("#id_grund_anmeldung").select_option("01")
    _person(page, 0, "König", "Sabine", "2")
    page.get_by_role("button", name="Weitere Person hinzufügen").click()
    expect(page.locator("#id_personen-1-familienname")).to_be_visible()
    expect(page.locator("#id_personen-0-familienname")).to_have_value("König")
    _person(page, 1, "Lange", "Frank", "1")

    page.locator("#id_taetigkeiten-0-schwerpunkt").check()
    page.locator("#id_taetigkeiten-0-beschreibung").fill("Metallbau, Schlosserei")
    page.get_by_label("WZ-Schlüssel suchen (Stichwort oder Ziffern)").fill("Metallkonstruktionen")
    page.get_by_role("button", name=re.compile(r"^25\.11\.0 ")).click()
    expect(page.locator("#id_taetigkeiten-0-wz_code")).to_have_value("25110")
    assert_no_axe_violations(page, "Formular GewA 1 ausgefüllt")

    # First without the register number: the error names field 2 at the field.
    page.locator("#id_register_nummer").fill("")
    page.get_by_role("button", name="Anzeige erfassen").first.click()
    expect(page.locator("#id_register_nummer_error")).to_contain_text("Feld 2")
    expect(page.locator("#id_register_nummer")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "Formular GewA 1 mit Fehlern")
    page.locator("#id_register_nummer").fill("4711")
    page.get_by_role("button", name="Anzeige erfassen").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Gewerbe-Anmeldung (GewA 1)")
    expect(page.get_by_text("ist erfasst, abgelegt")).to_be_visible()
    assert_no_axe_violations(page, "Anzeige nach dem Erfassen")
    quittung = page.get_by_role("link", name=re.compile("^Empfangsbescheinigung "))
    expect(quittung).to_be_visible()
    with page.expect_download() as download:
        quittung.click()
    pfad = download.value.path()
    with open(pfad, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    ausgang = page.get_by_role("region", name="Datenübermittlung (§ 14 Abs. 8 GewO)")
    expect(ausgang.get_by_role("row", name=re.compile("Handwerkskammer Kassel"))).to_contain_text(
        "erstellt"
    )
    expect(ausgang.get_by_role("row", name=re.compile("Statistisches Landesamt"))).to_be_visible()

    # The Vorgang in the E-Akte.
    page.get_by_role("link", name=re.compile(r"Gewerbe-Anmeldung \(GewA 1\) Nr\.")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gewerbe-Anmeldung")
    expect(page.get_by_role("link", name=re.compile("^Empfangsbescheinigung "))).to_be_visible()
    assert_no_axe_violations(page, "Vorgang in der E-Akte")

    page.goto(live_server.url + "/gewerbe/ausgang/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Datenübermittlung (Ausgang)")
    assert_no_axe_violations(page, "Ausgang")
    page.get_by_role("link", name="Empfänger", exact=True).click()
    assert_no_axe_violations(page, "Empfänger")
    page.get_by_role("link", name="Statistik", exact=True).click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_no_axe_violations(page, "Statistik")
    page.get_by_role("link", name="Gewerberegister", exact=True).click()
    page.get_by_role("link", name="Sontraer Metallbau GmbH").click()
    assert_no_axe_violations(page, "Betrieb")
    page.get_by_role("link", name="Ummeldung erfassen (GewA 2)").click()
    expect(page.locator("#id_eingetragener_name")).to_have_value("Sontraer Metallbau GmbH")
    assert_no_axe_violations(page, "Formular GewA 2")
