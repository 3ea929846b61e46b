"""The administration pages in a real browser: each works and passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from aktenbund.tenancy.models import Kommune, User
from tests.browser.axe import assert_no_axe_violations
from tests.factories import PASSWORD, make_oe, make_user


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Guten Tag")


@pytest.fixture
def meinhard(kommune_a, admin_a):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    make_user(kommune_a, "meinhard.sb", ["sachbearbeitung"])
    return kommune_a


def test_verbund_admin_creates_kommune_and_its_first_admin(page: Page, live_server, verbund):
    sign_in(page, live_server.url, "verbund.admin")
    assert_no_axe_violations(page, "Übersicht der Verbund-Administration")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kommunen"
    ).click()
    assert_no_axe_violations(page, "Kommunenliste")
    page.get_by_label("Name").fill("Ringgau")
    page.get_by_label("Amtlicher Gemeindeschlüssel (AGS)").fill("0663601")
    page.get_by_label("Einwohner").fill("2900")
    page.get_by_role("button", name="Kommune anlegen").click()
    expect(page.locator(".fehler").first).to_contain_text("8 Ziffern")
    assert_no_axe_violations(page, "Kommunenliste mit Fehlermeldung")

    page.get_by_label("Amtlicher Gemeindeschlüssel (AGS)").fill("06636010")
    page.get_by_role("button", name="Kommune anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ringgau")
    assert_no_axe_violations(page, "Seite einer Kommune")

    page.get_by_label("Benutzername").fill("ringgau.admin")
    page.get_by_label("Nachname").first.fill("Kraus")
    page.get_by_role("button", name="Person anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Einmalpasswort")
    password = page.locator("code.token").inner_text()
    assert_no_axe_violations(page, "Einmalpasswort")

    kommune = Kommune.objects.get(ags="06636010")
    admin = User.objects.get(username="ringgau.admin")
    assert admin.kommune == kommune and admin.is_kommune_admin
    page.get_by_role("button", name="Abmelden").click()

    # The new Kommune-Admin must choose a password first.
    page.get_by_label("Benutzername").fill("ringgau.admin")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort ändern")
    assert_no_axe_violations(page, "Passwort ändern")


def test_kommune_admin_pages_are_accessible(page: Page, live_server, meinhard):
    sign_in(page, live_server.url, "meinhard.admin")
    assert_no_axe_violations(page, "Übersicht Kommune-Admin")
    for path, label in [
        ("/verwaltung/organisationseinheiten/", "Organisationseinheiten"),
        ("/verwaltung/benutzer/", "Benutzerliste"),
        ("/verwaltung/vertretungen/", "Vertretungen"),
        ("/verwaltung/protokoll/", "Protokoll"),
        ("/konto/", "Mein Konto"),
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_no_axe_violations(page, label)

    page.goto(live_server.url + "/verwaltung/organisationseinheiten/")
    page.get_by_role("link", name="10 – Hauptamt").click()
    assert_no_axe_violations(page, "Organisationseinheit bearbeiten")

    page.goto(live_server.url + "/verwaltung/benutzer/")
    page.get_by_role("link", name="meinhard.sb").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("meinhard.sb")
    assert_no_axe_violations(page, "Person bearbeiten")


def test_clerk_creates_token_and_sees_it_once(page: Page, live_server, meinhard):
    sign_in(page, live_server.url, "meinhard.sb")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    expect(nav.get_by_role("link", name="Benutzer")).to_have_count(0)
    nav.get_by_role("link", name="Mein Konto").click()
    page.get_by_label("Bezeichnung").fill("Fachverfahren-Skript")
    page.get_by_role("button", name="Token erzeugen").click()
    expect(page.locator("code.token")).to_contain_text("abt_")
    assert_no_axe_violations(page, "Mein Konto mit neuem Token")
    page.get_by_role("button", name="Widerrufen (Fachverfahren-Skript)").click()
    expect(page.get_by_role("status").first).to_contain_text("widerrufen")


def test_error_pages_are_accessible(page: Page, live_server, meinhard):
    sign_in(page, live_server.url, "meinhard.sb")
    response = page.goto(live_server.url + "/verwaltung/benutzer/")
    assert response is not None and response.status == 404
    assert_no_axe_violations(page, "Seite „Nicht gefunden“")


def test_keyboard_user_skips_to_content(page: Page, live_server, meinhard):
    sign_in(page, live_server.url, "meinhard.sb")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#inhalt")).to_be_focused()
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        expect(page.get_by_role(landmark).first).to_be_attached()
