"""A day's filing work in a real browser, across three Kommunen.

A clerk of Meinhard creates an Akte and a Vorgang, uploads two PDFs, previews
one, uploads a new Version, grants the Vorgang to a named person of
Witzenhausen and closes it zdA; editing is refused afterwards. A user of
Sontra cannot reach the Vorgang by URL; the named person of Witzenhausen can
read it (and a colleague of hers cannot). axe-core checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.factories import make_kommune, make_oe, make_user
from tests.records.factories import make_kleiner_aktenplan, make_verbund_registratur, pdf_bytes


@pytest.fixture
def welt(kommune_a, kommune_b, admin_a, verbund):
    make_kleiner_aktenplan(make_verbund_registratur())
    oe = make_oe(admin_a, kommune_a, "32", "Ordnungsamt")
    make_user(kommune_a, "meinhard.ordnung", ["sachbearbeitung"], [oe.pk])
    make_user(kommune_b, "sontra.sb", ["sachbearbeitung"])
    witzenhausen = make_kommune(verbund, "Witzenhausen", "06636016", 15000)
    make_user(witzenhausen, "witzenhausen.gewerbe", ["sachbearbeitung"])
    make_user(witzenhausen, "witzenhausen.andere", ["sachbearbeitung"])
    return witzenhausen


def _pdf(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(text)}


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()


def test_akte_vorgang_dokumente_zda_and_freigabe(page: Page, live_server, welt):
    base = live_server.url
    heute = datetime.date.today()
    sign_in(page, base, "meinhard.ordnung")
    assert_no_axe_violations(page, "Startseite")

    # --- Akte anlegen -------------------------------------------------------------
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Akten", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akten")
    assert_no_axe_violations(page, "Aktenliste")
    page.get_by_role("link", name="Akte anlegen").click()
    assert_no_axe_violations(page, "Akte anlegen")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.locator("#id_betreff_error")).to_be_visible()
    assert_no_axe_violations(page, "Akte anlegen mit Fehlern")
    page.get_by_label("Aktenplaneinheit").select_option(label="121 Gewerbeanzeigen (§ 14 GewO)")
    page.get_by_label("Betreff").fill("Gewerbe Müller, Hauptstraße 3")
    page.get_by_label("Federführende OE").select_option(label="32 Ordnungsamt")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gewerbe Müller")
    aktenzeichen = f"121-1/{heute.year}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(aktenzeichen)
    assert_no_axe_violations(page, "Akte")

    # --- Vorgang anlegen --------------------------------------------------------
    page.locator("summary", has_text="Vorgang anlegen").click()
    page.locator("#id_neu-betreff").fill("Gewerbeanmeldung")
    page.get_by_role("button", name="Vorgang anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{aktenzeichen}/1")
    expect(page.get_by_label("Brotkrumen")).to_contain_text("121 Gewerbeanzeigen")
    assert_no_axe_violations(page, "Vorgang")
    vorgang_url = page.url

    # --- two PDFs at once ----------------------------------------------------------
    page.get_by_label("Dateien auswählen oder hierher ziehen").set_input_files(
        [_pdf("anmeldung.pdf", "Anmeldung"), _pdf("ausweis.pdf", "Ausweis")]
    )
    expect(page.locator("fieldset.datei-zeile")).to_have_count(2)
    expect(page.locator("#id_datei1-titel")).to_have_value("ausweis.pdf")
    page.locator("#id_datei0-titel").fill("Gewerbeanmeldung Müller")
    page.locator("#id_datei0-typ").select_option(label="Antrag")
    page.locator("#id_datei0-absender").fill("Hans Müller")
    assert_no_axe_violations(page, "Vorgang mit ausgewählten Dateien")
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("status")).to_contain_text("2 Dokumente wurden hinzugefügt.")
    dokumente = page.get_by_role("table", name="Dokumente dieses Vorgangs mit ihren Versionen")
    expect(dokumente).to_contain_text("Gewerbeanmeldung Müller")
    expect(dokumente).to_contain_text("ausweis.pdf")
    assert_no_axe_violations(page, "Vorgang mit Dokumenten")

    # --- preview one ---------------------------------------------------------------
    vorschau = page.get_by_role("link", name="Vorschau Gewerbeanmeldung Müller Version 1")
    antwort = page.request.get(base + vorschau.get_attribute("href"))
    assert antwort.status == 200
    assert antwort.headers["content-type"] == "application/pdf"
    assert antwort.headers["content-disposition"].startswith("inline")
    assert antwort.headers["x-content-type-options"] == "nosniff"
    assert antwort.headers["content-security-policy"].startswith("sandbox")
    assert antwort.body().startswith(b"%PDF")
    # The sandbox does not block the preview: Chromium's PDF viewer opens inside it.
    ansicht = page.context.new_page()
    ansicht.goto(base + vorschau.get_attribute("href"))
    for _ in range(100):
        if any(f.url.startswith("chrome-extension://") for f in ansicht.frames):
            break
        ansicht.wait_for_timeout(100)
    assert any(f.url.startswith("chrome-extension://") for f in ansicht.frames), ansicht.content()
    ansicht.close()

    # --- a new Version -----------------------------------------------------------------
    page.get_by_role("link", name="Gewerbeanmeldung Müller", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gewerbeanmeldung Müller")
    assert_no_axe_violations(page, "Dokument")
    page.get_by_label("Datei der neuen Version").set_input_files(
        [_pdf("anmeldung-unterschrieben.pdf", "Anmeldung v2")]
    )
    page.get_by_label("Kommentar").fill("mit Unterschrift")
    page.get_by_role("button", name="Version hochladen").click()
    expect(page.get_by_role("status")).to_contain_text("Version 2 wurde hochgeladen.")
    expect(page.get_by_role("table")).to_contain_text("anmeldung-unterschrieben.pdf")
    assert_no_axe_violations(page, "Dokument mit zwei Versionen")

    # --- Freigabe to a named person of Witzenhausen --------------------------------
    page.get_by_label("Brotkrumen").get_by_role("link", name=f"{aktenzeichen}/1").click()
    page.locator("summary", has_text="Freigabe erteilen").click()
    page.locator("#id_freigabe-empfaenger_kommune").select_option(label="Witzenhausen")
    person = page.get_by_label("Person dort (optional)")
    expect(person.locator("option", has_text="Witzenhausen Test")).to_have_count(2)
    gewerbe_id = _option_value_for(page, "witzenhausen.gewerbe")
    person.select_option(value=gewerbe_id)
    page.get_by_label("gültig bis").fill((heute + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Anlass").fill("Amtshilfe Gewerbeauskunft")
    assert_no_axe_violations(page, "Freigabe-Formular")
    page.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_role("status")).to_contain_text("für Witzenhausen freigegeben")
    expect(page.get_by_role("table", name="Freigaben an andere Kommunen")).to_contain_text("aktiv")

    # --- zdA -----------------------------------------------------------------------
    page.get_by_label("zdA-Verfügung").fill("Erledigt. Gewerbe angemeldet. zdA.")
    page.get_by_role("button", name="zdA verfügen").click()
    expect(page.get_by_text(f"zdA verfügt am {heute:%d.%m.%Y} – nur lesen.")).to_be_visible()
    expect(page.get_by_role("button", name="Hochladen")).to_have_count(0)
    expect(page.get_by_role("button", name="Speichern")).to_have_count(0)
    assert_no_axe_violations(page, "Vorgang zdA")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    refused = page.request.post(
        vorgang_url,
        form={"betreff": "Nachträglich geändert"},
        headers={"X-CSRFToken": csrf, "Referer": vorgang_url},
    )
    assert refused.status == 409
    assert "kann nur gelesen werden" in refused.text()
    _sign_out(page)

    # --- Sontra: not there -----------------------------------------------------------
    sign_in(page, base, "sontra.sb")
    response = page.goto(vorgang_url)
    assert response.status == 404
    assert_no_axe_violations(page, "404 für Sontra")
    _sign_out(page)

    # --- Witzenhausen: the named person reads it ------------------------------------
    sign_in(page, base, "witzenhausen.gewerbe")
    fuer_uns = page.get_by_role(
        "table", name="Akten und Vorgänge anderer Kommunen, die für Sie freigegeben sind"
    )
    expect(fuer_uns).to_contain_text("Meinhard")
    expect(fuer_uns).to_contain_text("lesen")
    expect(fuer_uns).to_contain_text(f"{heute + datetime.timedelta(days=14):%d.%m.%Y}")
    assert_no_axe_violations(page, "Startseite mit Freigabe")
    fuer_uns.get_by_role("link", name=f"{aktenzeichen}/1").click()
    expect(page.get_by_text("Freigabe der Kommune Meinhard")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Dokumente"))).to_contain_text(
        "Gewerbeanmeldung Müller"
    )
    assert_no_axe_violations(page, "Vorgang in Amtshilfe")
    href = page.get_by_role("link", name="Vorschau ausweis.pdf Version 1").get_attribute("href")
    assert page.request.get(base + href).status == 200
    _sign_out(page)

    sign_in(page, base, "witzenhausen.andere")
    assert page.goto(vorgang_url).status == 404


def _option_value_for(page: Page, username: str) -> str:
    from aktenbund.tenancy.models import User

    return str(User.objects.get(username=username).pk)
