"""Browser tests: Playwright (Python) driving Debian's Chromium.

Never `playwright install`: the browser is Debian's package `chromium`
(installed by `make system-deps-test`), so nothing is downloaded at test time.
Every test in this folder gets the `browser` marker; run them alone with
`pytest -m browser`, or leave them out with `-m "not browser"`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")

# --headless/--no-sandbox: CI runs as root without a display. The rest keep
# Chromium off the network: this machine's network is closed, and without them
# Chromium keeps trying (and failing) to reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HERE = Path(__file__).resolve().parent
ARTIFACTS = Path(os.environ.get("AKTENBUND_TEST_ARTIFACTS", "test-artifacts")) / "browser"

# A failing browser test in CI must fail, not quietly skip.
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the items of the whole session, so pick ours by path.
    missing = not CHROMIUM.exists()
    for item in items:
        if HERE not in item.path.resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not IN_CI:
            item.add_marker(
                pytest.mark.skip(
                    reason=f"{CHROMIUM} not found; install it with `make system-deps-test`"
                )
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    # Keep each phase's report on the item so `page` can tell, at teardown,
    # whether the test failed and a screenshot is worth saving.
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # Only reached in CI (elsewhere the tests were marked skip above).
        pytest.fail(f"{CHROMIUM} is missing in CI; `make system-deps-test` should install it")

    # Playwright's sync API keeps an asyncio event loop running in this thread
    # for as long as it is started, and Django then refuses every ORM call
    # from this thread (SynchronousOnlyOperation), including those in test
    # bodies and fixtures. Nothing here is really async, so switch the check
    # off from now on (the browser stays open until the session ends).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page in its own context (no cookies shared between tests), in German."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    # Fail fast: Playwright's default of 30 s per action makes a broken page
    # look like a hang. Anything in this app should answer well within 10 s.
    context.set_default_timeout(10_000)
    # Chromium asks for /favicon.ico on its own, after the page has loaded. If
    # the test is over by then, that late request reaches the live server
    # after pytest-django has closed the database to it, and the server thread
    # prints tracebacks that have nothing to do with the test. Answer it here.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page = context.new_page()
    # The pages' Content-Security-Policy allows nothing inline: a template or
    # script that needs more fails its test here instead of breaking silently.
    verstoesse: list[str] = []
    page.on(
        "console",
        lambda msg: (
            verstoesse.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield page

    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if verstoesse:
        pytest.fail("Content-Security-Policy violated:\n" + "\n".join(verstoesse))
