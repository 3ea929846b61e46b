"""The Aktenplan in a real browser: a Kommune's Registratur adds a local node,
the Verbund's Registratur closes one; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from aktenbund.records import services
from aktenbund.tenancy.scope import kommune_scope
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.factories import make_user
from tests.records.factories import make_kleiner_aktenplan, make_verbund_registratur
from tests.records.test_aktenplan_import import csv_bytes


@pytest.fixture
def aktenplan(kommune_a):
    registratur = make_verbund_registratur()
    make_user(kommune_a, "meinhard.registratur", ["registratur"])
    return make_kleiner_aktenplan(registratur)


def _open(page: Page, kennzeichen: str) -> None:
    """Unfold the children of the node with `kennzeichen` in the tree."""
    page.locator("summary").filter(has_text=re.compile(rf"von {re.escape(kennzeichen)}$")).click()


def test_registratur_of_meinhard_adds_local_sub_node(page: Page, live_server, aktenplan, kommune_a):
    sign_in(page, live_server.url, "meinhard.registratur")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Aktenplan"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktenplan")
    assert_no_axe_violations(page, "Aktenplan (zugeklappt)")

    _open(page, "0")
    _open(page, "02")
    assert_no_axe_violations(page, "Aktenplan (aufgeklappt)")
    page.get_by_role("link", name="021 Schriftgutverwaltung, Registratur").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schriftgutverwaltung")
    expect(page.get_by_text("ändern kann sie nur die Registratur des Verbunds")).to_be_visible()
    assert_no_axe_violations(page, "Einheit des Verbunds")

    page.get_by_role("link", name="Unterknoten anlegen").click()
    assert_no_axe_violations(page, "Unterknoten anlegen")
    page.get_by_label("Kennzeichen").fill("021.50")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.locator("#id_titel_error")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page, "Unterknoten anlegen mit Fehlern")

    page.get_by_label("Titel").fill("Posteingangsbuch Meinhard")
    page.get_by_label("Beschreibung").fill("Posteingang der Gemeindeverwaltung")
    page.get_by_label("dauernd aufbewahren").check()
    page.get_by_label("Aufbewahrungsfrist (Jahre)").fill("")
    page.get_by_label("Aussonderungsart").select_option("A")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("021.50 Posteingangsbuch Meinhard")
    expect(page.get_by_role("status")).to_contain_text("wurde angelegt")
    assert_no_axe_violations(page, "lokale Einheit")

    with kommune_scope(kommune_a):
        neu = services.aktenplan_for(kommune_a.pk).get(kennzeichen="021.50")
    assert neu.kommune_id == kommune_a.pk and neu.ist_dauernd and neu.aussonderungsart == "A"

    page.get_by_role("link", name="Aktenplan", exact=True).first.click()
    page.get_by_label("Kennzeichen beginnt mit").fill("021")
    page.get_by_role("button", name="Anzeigen").click()
    knoten = page.locator(".knoten-zeile").filter(has_text="Posteingangsbuch Meinhard")
    expect(knoten).to_contain_text("lokal")
    expect(knoten).to_contain_text("dauernd")
    assert_no_axe_violations(page, "Aktenplan gefiltert")


def test_sontra_does_not_see_meinhards_local_node(page: Page, live_server, aktenplan, kommune_b):
    make_user(kommune_b, "sontra.registratur", ["registratur"])
    sign_in(page, live_server.url, "sontra.registratur")
    page.goto(live_server.url + "/aktenplan/?alle=1")
    expect(page.get_by_text("Schriftgutverwaltung, Registratur")).to_be_visible()
    expect(page.locator(".etikett-lokal")).to_have_count(0)


def test_import_errors_and_closing_are_accessible(page: Page, live_server, aktenplan):
    sign_in(page, live_server.url, "verbund.registratur")
    page.goto(live_server.url + "/aktenplan/import/")
    assert_no_axe_violations(page, "Import")
    page.get_by_label("Datei").set_input_files(
        files=[
            {
                "name": "aktenplan.csv",
                "mimeType": "text/csv",
                "buffer": csv_bytes("122;12;;;5;B;;", "123;12;Gut;;viele;B;;"),
            }
        ]
    )
    page.get_by_role("button", name="Importieren").click()
    tabelle = page.get_by_role("table")
    expect(tabelle).to_contain_text("Aufbewahrungsfrist")
    expect(page.get_by_role("alert")).to_contain_text("nicht importiert")
    assert_no_axe_violations(page, "Import mit Fehlern")

    page.goto(live_server.url + "/aktenplan/?alle=1")
    page.get_by_role("link", name="12 Gewerbe").click()
    page.get_by_role("link", name="Schließen …").click()
    expect(page.get_by_text("Gewerbeanzeigen (§ 14 GewO)")).to_be_visible()
    assert_no_axe_violations(page, "Schließen bestätigen")
    page.get_by_role("button", name="Endgültig schließen").click()
    expect(page.get_by_role("status")).to_contain_text("ist geschlossen")
    assert_no_axe_violations(page, "geschlossene Einheit")
