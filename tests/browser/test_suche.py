"""Search in a real browser: header box → results with facets; axe-core passes."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_verwaltung import sign_in
from tests.records.conftest import *  # noqa: F403 (fixtures shared with records)
from tests.search.conftest import korpus  # noqa: F401


def test_clerk_searches_from_the_header_and_narrows_by_facet(
    page: Page,
    live_server,
    korpus,  # noqa: F811
):
    sign_in(page, live_server.url, "meinhard.ordnung")
    page.get_by_role("searchbox", name="Dokumente durchsuchen").fill("Bescheid")
    page.get_by_role("searchbox", name="Dokumente durchsuchen").press("Enter")
    expect(page.get_by_role("heading", level=2, name="2 Treffer")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_no_axe_violations(page, "Suche mit Treffern")
    page.get_by_role("link", name="Schreiben").click()
    expect(page.get_by_role("heading", level=2, name="1 Treffer")).to_be_visible()
    expect(page.get_by_text("Widerspruch gegen Steuerfestsetzung")).to_be_visible()
    assert_no_axe_violations(page, "Suche mit Facette")
