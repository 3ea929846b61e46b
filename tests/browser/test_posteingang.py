"""The Posteingang in a real browser: batch upload with progress bar, state in the
list, filing into a Vorgang from the detail page; every page passes axe-core."""

from __future__ import annotations

import socket

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.capture import dateien as d
from tests.capture.conftest import *  # noqa: F403 (fixtures)


@pytest.fixture
def szene(sb_a, vorgang_a):
    return sb_a, vorgang_a


def test_clerk_uploads_a_batch_and_files_it(page: Page, live_server, szene, tmp_path):
    sb_a, vorgang_a = szene
    (tmp_path / "antrag.pdf").write_bytes(d.text_pdf("Antrag auf Sondernutzung der Straße"))
    (tmp_path / "kaputt.pdf").write_bytes(b"%PDF-1.4 kaputt")
    sign_in(page, live_server.url, sb_a.username)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Posteingang"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Posteingang")
    assert_no_axe_violations(page, "Posteingang leer")

    page.locator("#id_dateien").set_input_files(
        [str(tmp_path / "antrag.pdf"), str(tmp_path / "kaputt.pdf")]
    )
    page.get_by_role("button", name="Hochladen").click()
    # The XHR upload shows its progress, then the page reloads with both Eingänge.
    expect(page.get_by_role("cell", name="antrag.pdf")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Die PDF-Datei ist beschädigt.")).to_be_visible()
    assert_no_axe_violations(page, "Posteingang mit Eingängen")

    page.get_by_role("row").filter(has_text="antrag.pdf").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eingang")
    assert_no_axe_violations(page, "Eingang")
    page.locator("#id_vorgang").select_option(str(vorgang_a.pk))
    page.get_by_role("button", name="Ablegen", exact=True).click()
    expect(page.get_by_text(f"Abgelegt in {vorgang_a.aktenzeichen}.")).to_be_visible()


def test_msg_onto_vorgang_page_with_drop_zone(page: Page, live_server, szene, tmp_path):
    from tests.capture.msg_fixture import msg

    sb_a, vorgang_a = szene
    (tmp_path / "Widerspruch.msg").write_bytes(
        msg(
            betreff="Widerspruch Müller",
            anhaenge=[("Begründung.pdf", d.text_pdf("Begründung des Widerspruchs"))],
        )
    )
    sign_in(page, live_server.url, sb_a.username)
    page.goto(f"{live_server.url}/akten/vorgaenge/{vorgang_a.pk}/")
    expect(page.get_by_role("heading", name="E-Mail ablegen")).to_be_visible()
    assert_no_axe_violations(page, "Vorgang mit E-Mail-Ablage")
    page.get_by_label("E-Mail hierher ziehen").set_input_files(str(tmp_path / "Widerspruch.msg"))
    page.get_by_role("region", name="E-Mail ablegen").get_by_role("button", name="Ablegen").click()
    # The upload reports in the live region, then the page reloads with the Dokumente.
    expect(page.get_by_role("link", name="Widerspruch Müller", exact=True)).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("link", name="Anhang: Begründung.pdf", exact=True)).to_be_visible()
    assert_no_axe_violations(page, "Vorgang mit abgelegter E-Mail")


def test_admin_sets_up_a_mailkonto(page: Page, live_server, admin_a, settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free once closed: nothing listens there
    # The Verbund opened loopback and this port for Mailkonten (the default is neither).
    settings.AKTENBUND_IMAP_NETZE = ["127.0.0.0/8"]
    settings.AKTENBUND_IMAP_PORTS = [143, 993, port]
    sign_in(page, live_server.url, admin_a.username)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Mailkonten"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mailkonten")
    assert_no_axe_violations(page, "Mailkonten")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert_no_axe_violations(page, "Mailkonten mit Fehlern")
    page.get_by_label("Bezeichnung").fill("Poststelle")
    page.get_by_label("IMAP-Server").fill("127.0.0.1")
    page.get_by_label("Port").fill(str(port))
    page.get_by_label("Verschlüsselung").select_option("keine")
    page.get_by_label("Benutzername").fill("poststelle")
    page.get_by_label("Passwort").fill("geheim")
    page.get_by_role("button", name="Anlegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mailkonto Poststelle")
    assert page.get_by_label("Passwort").input_value() == ""
    page.get_by_role("button", name="Verbindung testen").click()
    expect(page.get_by_text("Verbindung abgelehnt")).to_be_visible()
    assert_no_axe_violations(page, "Mailkonto")
