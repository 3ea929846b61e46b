"""The Posteingang in a real browser: batch upload with progress bar, state in the
list, filing into a Vorgang from the detail page; every page passes axe-core."""

from __future__ import annotations

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
