"""Smoke test for the browser machinery: Chromium starts, the app answers,
axe-core runs."""

from playwright.sync_api import Page

from tests.browser.axe import assert_no_axe_violations


def test_anmeldeseite_hat_main_und_ist_barrierefrei(page: Page, live_server) -> None:
    response = page.goto(live_server.url + "/anmelden/")

    assert response is not None
    assert response.status == 200, f"/anmelden/ answered {response.status}"
    assert page.locator("main").count() == 1, "the page needs exactly one <main> landmark"
    assert_no_axe_violations(page, "Anmeldeseite")


def test_htmx_wird_ausgeliefert(page: Page, live_server) -> None:
    # htmx is vendored into the app's static files (`make vendor`), never
    # loaded from a CDN.
    response = page.goto(live_server.url + "/static/web/vendor/htmx.min.js")

    assert response is not None
    assert response.status == 200
    assert "htmx" in response.text()
