"""The Content-Security-Policy (tongban.security) breaks nothing a browser runs: the portal, the
catalog's htmx search, the workbench, a staff form page and the Swagger page at /api/docs load and
work with no CSP violation reported, and the policy really is enforced."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from .personas import sign_in

pytestmark = pytest.mark.browser

# Registered before any page script: the browser reports every blocked load or inline code here.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.context.add_init_script(RECORD_VIOLATIONS)
    yield page, console


def violations(page: Page, console: list[str]) -> list[str]:
    reported = page.evaluate("window.__cspViolations")
    return reported + [text for text in console if "Content Security Policy" in text]


def test_portal_and_htmx_catalog_search_run_without_violations(watched, demo_site: str) -> None:
    page, console = watched
    response = page.goto(f"{demo_site}/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.goto(f"{demo_site}/catalog/")

    # when a citizen types into the htmx search box, the results are swapped in
    with page.expect_request(lambda request: "q=" in request.url and request.headers.get("hx-request")):
        page.get_by_label("搜索事项").fill("营业执照")
        page.get_by_label("搜索事项").press("Enter")
    expect(page.locator("#results")).to_contain_text("营业执照")

    assert violations(page, console) == []


def test_workbench_and_a_staff_form_page_run_without_violations(watched, demo_site: str) -> None:
    page, console = watched
    sign_in(page, demo_site, "shouli")
    page.goto(f"{demo_site}/workbench/")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    # the window intake form includes the cases stylesheet (<style nonce=…>) and htmx fields
    page.goto(f"{demo_site}/cases/window/")
    expect(page.locator("form").first).to_be_visible()
    nonced_rules = page.evaluate("document.querySelector('style[nonce]').sheet.cssRules.length")

    assert violations(page, console) == []
    assert nonced_rules > 0


def test_swagger_page_renders_the_operations_without_violations(watched, demo_site: str) -> None:
    page, console = watched
    page.goto(f"{demo_site}/api/docs")

    expect(page.locator(".opblock").first).to_be_visible()
    assert violations(page, console) == []


def test_the_policy_blocks_inline_script(watched, demo_site: str) -> None:
    # given a page under the policy, when code is injected inline, then it does not run
    page, console = watched
    page.goto(f"{demo_site}/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.appendChild(script);
    }""")

    assert page.evaluate("window.__injected === undefined")
    assert any("script-src" in violation for violation in violations(page, console))
