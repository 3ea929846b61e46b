"""Accessibility checks with axe-core inside a Playwright page.

axe-core is vendored (tests/browser/vendor/axe.min.js, from the npm package
pinned in package.json) so the tests need no network and no Node.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"

# The conformance target of German public bodies (BITV 2.0 refers to
# EN 301 549, which in turn refers to WCAG 2.1 level AA).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Runs in the page. Returns only what a failure message needs: axe's full
# result is large and not JSON-friendly in places.
_RUN_AXE = """
async ({tags, disabledRules}) => {
    const rules = Object.fromEntries(disabledRules.map((id) => [id, {enabled: false}]));
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules});
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
    }));
}
"""


@cache
def _axe_source() -> str:
    # `;true` gives the script a plain completion value, so Playwright does
    # not try to serialise whatever the last statement of axe.min.js yields.
    return AXE_JS.read_text(encoding="utf-8") + "\n;true"


def _inject(page: Page) -> None:
    # `page.evaluate` runs through the DevTools protocol, which the page's
    # Content-Security-Policy does not govern; `add_script_tag` would be
    # blocked by a CSP without 'unsafe-inline', and we want to keep the CSP on.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())


def axe_violations(page: Page, disable_rules: tuple[str, ...] = ()) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds in the page as it is now."""
    _inject(page)
    return page.evaluate(_RUN_AXE, {"tags": WCAG_TAGS, "disabledRules": list(disable_rules)})


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            # A target is a list of selectors (more than one across iframes).
            lines.append(f"    at {' >> '.join(node['target'])}")
    return "\n".join(lines)


def assert_no_axe_violations(
    page: Page, context_label: str, *, disable_rules: tuple[str, ...] = ()
) -> None:
    """Fail with a readable list if axe-core finds WCAG 2.1 A/AA violations.

    `context_label` names the page state in the message ("Anmeldeseite",
    "Akte nach dem Speichern", ...). `disable_rules` switches off single axe
    rules; use it sparingly and say why at the call site.
    """
    __tracebackhide__ = True  # point pytest at the calling test, not here
    violations = axe_violations(page, disable_rules)
    if violations:
        raise AssertionError(
            f"axe-core: {len(violations)} WCAG 2.1 A/AA violation(s) on {context_label} "
            f"({page.url}):\n{format_violations(violations)}"
        )
