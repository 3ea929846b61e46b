"""/api/docs in a real browser: Swagger UI from this server, under the page's CSP."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_api_docs_render_offline_under_the_csp(page: Page, live_server, db):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs")
    expect(page.get_by_role("heading", name="Aktenbund API")).to_be_visible()
    expect(page.get_by_text("/api/v1/health").first).to_be_visible()
    # Everything came from this server (the page fixture fails on CSP violations).
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
