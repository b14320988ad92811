"""The first hour of a new Portico, as a new admin lives it in Chromium: the one-time setup link, the
getting-started checklist leading through each step (how to connect AWS, a first account, a first permission
set, an assignment to oneself, the MFA policy), until the admin opens the AWS console as that role (the POST to
AWS is intercepted). Screenshots at 1280 and 390 px wide go to Tests/Interop/artifacts/first-run/."""

import pathlib
import re
import urllib.parse

import pytest

from conftest import Portico, free_port

SIGNIN = "https://signin.aws.amazon.com/"
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts" / "first-run"
EMAIL = "first.admin@example.com"
PASSWORD = "a long first-admin passphrase"
ACCOUNT = "123456789012"


@pytest.fixture
def fresh():
    """An empty data directory: Portico prints its one-time setup link."""
    server = Portico({"PORTICO_LISTEN": "127.0.0.1:%d" % free_port()})
    yield server
    assert server.stop() == 0


def shoot(browser, page, name):
    """Screenshots of the page the admin is on, at desktop and phone widths."""
    url = page.url
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, storage_state=page.context.storage_state())
        shot = context.new_page()
        shot.goto(url)
        shot.screenshot(path=str(ARTIFACTS / ("%s-%d.png" % (name, width))), full_page=True)
        width_used = shot.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert width_used <= width, "%s scrolls sideways at %d px (%d)" % (name, width, width_used)


def done_steps(page):
    return page.eval_on_selector_all(".checklist-done", "steps => steps.map(step => step.id.replace('step-', ''))")


def test_a_new_admin_is_led_from_the_setup_link_to_the_console(fresh, chromium_browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser = chromium_browser
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    posts = []

    def answer_for_aws(route):
        if urllib.parse.urlsplit(route.request.url).path == "/favicon.ico":
            route.fulfill(status=404)  # the browser asking the stand-in page's host for its icon
            return
        posts.append(urllib.parse.parse_qs(route.request.post_data or ""))
        route.fulfill(status=200, content_type="text/html", body="<title>AWS console (stand-in)</title>")

    context.route(SIGNIN + "**", answer_for_aws)
    page = context.new_page()

    # The setup link makes the first admin and lands on the checklist, not on an empty start page.
    page.goto(fresh.setup_url)
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=display_name]", "First Admin")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_confirmation]", PASSWORD)
    page.click("button:has-text('Create admin and sign in')")
    page.wait_for_url("**/admin")
    assert page.locator("h1").inner_text() == "Getting started"
    assert done_steps(page) == []
    assert "The base URL is http://127.0.0.1" in page.inner_text("#step-base-url")
    shoot(browser, page, "01-checklist-new")

    # How AWS comes to trust Portico is there before any account exists.
    page.click("#step-aws-trust a")
    page.wait_for_url("**/admin/aws")
    assert page.locator("a[href='/admin/aws/bootstrap.json']").count() == 1
    shoot(browser, page, "02-connect-aws")

    # A first account, from the checklist.
    page.goto(fresh.url("/admin"))
    page.click("#step-account a")
    page.wait_for_url("**/admin/accounts/new")
    page.fill("input[name=id]", ACCOUNT)
    page.fill("input[name=name]", "app-prod")
    page.fill("input[name=email]", "aws+prod@example.com")
    page.click("button:has-text('Create account')")
    page.wait_for_url(re.compile(r".*/admin/accounts/%s(\?.*)?$" % ACCOUNT))

    # A first permission set, in words for its duration.
    page.goto(fresh.url("/admin"))
    page.click("#step-permission-set a")
    page.wait_for_url("**/admin/permission-sets/new")
    page.fill("input[name=name]", "ReadOnlyAccess")
    page.fill("input[name=session_duration]", "2 hours")
    page.fill("textarea[name=managed_policies]", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    page.click("button:has-text('Create permission set')")
    page.wait_for_url(re.compile(r".*/admin/permission-sets/[0-9a-f-]+(\?.*)?$"))

    # An assignment to oneself, on the account's page.
    page.goto(fresh.url("/admin"))
    assert done_steps(page) == ["account", "permission-set"]
    page.click("#step-assignment a")
    page.wait_for_url("**/admin/accounts")
    page.click("a:has-text('app-prod')")
    page.fill("textarea[name=users]", EMAIL)
    page.check("input[name=permission_set]")
    page.click("button:has-text('Add assignments')")
    page.wait_for_load_state()

    # The MFA policy, on the settings page the checklist links to.
    page.goto(fresh.url("/admin"))
    page.click("#step-mfa a")
    page.wait_for_url("**/admin/settings*")
    page.check("input[name=mfa][value=new-device]")
    page.click("button:has-text('Save settings')")
    page.wait_for_url("**/admin/settings?done=saved")

    page.goto(fresh.url("/admin"))
    assert done_steps(page) == ["account", "permission-set", "assignment", "mfa"]
    shoot(browser, page, "03-checklist-four-done")

    # The admin now has a tile, and opens the console as the role.
    page.goto(fresh.url("/start"))
    tile = page.locator("[data-tile]").filter(has_text="app-prod")
    assert tile.count() == 1
    shoot(browser, page, "04-start")
    console = tile.locator("a:has-text('Open console')").first
    if console.get_attribute("target") == "_blank":
        with context.expect_page() as opened:
            console.click()
        launched = opened.value
    else:
        console.click()
        launched = page
    launched.wait_for_url(SIGNIN + "**", timeout=15000)
    assert posts and "SAMLResponse" in posts[-1]

    # AWS was given a signed response, but Portico never hears whether AWS took it: the trust step stays to do
    # (credentials issued through STS, or an account kept in sync, tick it) and says so.
    page.goto(fresh.url("/admin"))
    assert "aws-trust" not in done_steps(page)
    assert "Done once AWS has accepted Portico" in page.inner_text("#step-aws-trust")
    shoot(browser, page, "05-checklist-after-console")
    context.close()
