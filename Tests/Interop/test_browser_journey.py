"""The portal as a person uses it, in Debian's Chromium driven by Playwright: sign in, filter the tiles as
you type, star a role, open the console, build a shortcut and follow it signed out, and follow a link made
for AWS's own portal (`/start/#/console?…`).

Nothing leaves the machine: every request to the AWS sign-in endpoint is intercepted, its form fields
recorded, and answered with a stub page; the SAML Response in it is decoded and checked.

Every test runs on a port chosen beforehand: Chromium sends `Origin` with each form post, and Portico refuses
one that is not its base URL, which on port 0 would name port 0."""
import base64
import urllib.parse

import pytest
from lxml import etree
from playwright.sync_api import expect

from conftest import ADMIN_EMAIL
from test_console_federation import apply_directory_file

SIGNIN = "https://signin.aws.amazon.com/saml"
ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/"
NS = {"saml": "urn:oasis:names:tc:SAML:2.0:assertion"}
PROD, DEV, SANDBOX = "111111111111", "222222222222", "333333333333"
USER, PASSWORD = "dev@example.com", "journey password 1"
DIRECTORY = {
    "users": [
        {"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True},
        {"email": USER, "display_name": "Dana Developer", "password": PASSWORD},
    ],
    "groups": [{"name": "app-developers", "members": [USER]}],
    "accounts": [
        {"id": PROD, "name": "app-prod", "email": "aws+prod@example.com", "ou": "root/service/app/prod", "environment": "prod"},
        {"id": DEV, "name": "app-dev", "email": "aws+dev@example.com", "ou": "root/service/app/dev", "environment": "dev"},
        {"id": SANDBOX, "name": "sandbox", "email": "aws+sandbox@example.com", "ou": "root/sandbox", "environment": "sandbox"},
    ],
    "permission_sets": [
        {"name": "ReadOnlyAccess", "session_duration": "PT8H"},
        {"name": "PowerUserAccess", "session_duration": "PT2H",
         "relay_state": "https://console.aws.amazon.com/cloudwatch/home"},
    ],
    "assignments": [
        {"account": PROD, "permission_set": "ReadOnlyAccess", "group": "app-developers"},
        {"account": DEV, "permission_set": "PowerUserAccess", "group": "app-developers"},
        {"account": DEV, "permission_set": "ReadOnlyAccess", "user": USER},
    ],
}


@pytest.fixture(scope="module")
def browser(chromium_browser):
    """conftest's Chromium under the name the journeys (and the modules importing this fixture) use."""
    return chromium_browser


class AWSSignIn:
    """Stands in for https://signin.aws.amazon.com/saml in one browser context: records each POST's fields."""

    def __init__(self, context):
        self.posts = []
        context.route(SIGNIN + "**", self._answer)

    def _answer(self, route):
        request = route.request
        if urllib.parse.urlsplit(request.url).path == "/favicon.ico":
            # The browser may ask the stand-in page's host for its icon; that is no sign-in.
            route.fulfill(status=404)
            return
        self.posts.append({key: values[0] for key, values in urllib.parse.parse_qs(request.post_data or "").items()}
                          | {"method": request.method})
        route.fulfill(status=200, content_type="text/html", body="<title>AWS console (stand-in)</title>")

    def wait_for_post(self, page):
        page.wait_for_url(SIGNIN + "**", timeout=15000)
        assert self.posts, "nothing was posted to the AWS sign-in URL"
        return self.posts[-1]


def assertion_attributes(saml_response):
    root = etree.fromstring(base64.b64decode(saml_response))
    return {a.get("Name").removeprefix(ATTRIBUTE): [v.text for v in a.findall("saml:AttributeValue", NS)]
            for a in root.iter("{%s}Attribute" % NS["saml"])}


def sign_in(page, portico, path="/start"):
    page.goto(portico.url(path))
    fill_in_sign_in(page)


def fill_in_sign_in(page):
    """Completes the sign-in form the page has been sent to."""
    page.wait_for_url("**/login**")
    page.fill("input[name=email]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")


def tiles_shown(page):
    return page.locator("[data-tile]:not([hidden])").count()


def test_sign_in_filter_star_and_open_the_console(portico_on_known_port, browser):
    portico_with_admin = portico_on_known_port
    apply_directory_file(portico_with_admin, DIRECTORY)
    context = browser.new_context()
    aws = AWSSignIn(context)
    page = context.new_page()
    sign_in(page, portico_with_admin)
    page.wait_for_url(portico_with_admin.url("/start"))
    assert tiles_shown(page) == 2, "exactly the two accounts Dana holds; sandbox is not hers"
    assert page.get_by_text("sandbox").count() == 0

    page.fill("[data-portal-filter]", "app-pro")
    page.wait_for_function("document.querySelectorAll('[data-tile]:not([hidden])').length === 1")
    assert page.locator("[data-tile]:not([hidden])").inner_text().count("app-prod") >= 1
    page.fill("[data-portal-filter]", "PowerUser")
    page.wait_for_function("document.querySelectorAll('[data-tile]:not([hidden])').length === 1")
    page.fill("[data-portal-filter]", "")
    page.wait_for_function("document.querySelectorAll('[data-tile]:not([hidden])').length === 2")

    # Starring reloads the page at the same star: keyboard focus stays on it and a live region says which role.
    page.locator(f"[data-tile][data-id='{DEV}'] button.star").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#favorites-title")
    favorites = page.locator("section[aria-labelledby=favorites-title]").inner_text()
    assert "app-dev" in favorites
    # (Waits go through locators: the page's CSP forbids the eval that wait_for_function polls with.)
    expect(page.locator(f"[data-tile][data-id='{DEV}'] button.star").first).to_be_focused()
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('aria-pressed'),"
                            " document.activeElement.closest('[data-tile]').getAttribute('data-id')]")
    assert focused == ["star", "true", DEV]
    status = page.locator("[data-star-status]")
    assert status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text("PowerUserAccess in app-dev starred")
    assert "starred=" not in page.url, "a reload does not announce it again"

    # "Copy link" puts the role's shortcut on the clipboard (and only with the script; without it, it is a link).
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portico_with_admin.base_url)
    page.locator(f"[data-tile][data-id='{PROD}'] [data-copy-link]").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == portico_with_admin.url(f"/start/console?account_id={PROD}&role_name=ReadOnlyAccess")

    # "Open console" opens the console in a new tab, as AWS's portal does; the portal stays in this one.
    portal_url = page.url
    with context.expect_page() as opened:
        page.locator(f"[data-tile][data-id='{DEV}'] a", has_text="Open console").first.click()
    console_tab = opened.value
    post = aws.wait_for_post(console_tab)
    assert page.url == portal_url
    assert console_tab.evaluate("window.opener") is None, "rel=noopener"
    assert post["method"] == "POST"
    attributes = assertion_attributes(post["SAMLResponse"])
    role, session = attributes["Role"][0], attributes["RoleSessionName"][0]
    assert role.startswith(f"arn:aws:iam::{DEV}:role/") and role.endswith(f",arn:aws:iam::{DEV}:saml-provider/Portico")
    assert session == USER
    role_name = role.split(",")[0].rsplit("/", 1)[1]
    expected = {"PowerUserAccess": ("7200", "https://console.aws.amazon.com/cloudwatch/home"),
                "ReadOnlyAccess": ("28800", "https://console.aws.amazon.com/")}[role_name]
    assert (attributes["SessionDuration"][0], post["RelayState"]) == expected

    # "same tab" opens it here instead.
    page.locator(f"[data-tile][data-id='{PROD}'] a.role-same-tab").first.click()
    assert aws.wait_for_post(page)["SAMLResponse"]
    assert len(context.pages) == 2

    # Favorites live on the server: a second browser of the same person shows the star too.
    other = browser.new_context()
    second = other.new_page()
    sign_in(second, portico_with_admin)
    second.wait_for_url(portico_with_admin.url("/start"))
    assert "app-dev" in second.locator("section[aria-labelledby=favorites-title]").inner_text()
    other.close()
    context.close()


def at_the_shortcut_form(browser, portico):
    """A new browser context signed in to the demo directory's admin, on the shortcut form; (context, page)."""
    apply_directory_file(portico, DIRECTORY)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, portico, "/start/shortcuts/new")
    page.wait_for_url("**/start/shortcuts/new**")
    return context, page


def test_build_a_shortcut_and_follow_it_signed_out(portico_on_known_port, browser):
    portico_with_admin = portico_on_known_port
    context, page = at_the_shortcut_form(browser, portico_with_admin)
    page.select_option("#account_id", PROD)
    page.click("form[action='/start/shortcuts/new'] button[type=submit]")
    page.select_option("#role_name", "ReadOnlyAccess")
    page.select_option("#service", index=1)
    page.select_option("#region", "eu-west-1")
    page.click("form[action='/start/shortcuts/new'] button[type=submit]")
    link = page.input_value("#shortcut-link")
    assert link.startswith(portico_with_admin.url("/start/console?"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert urllib.parse.urlsplit(link).path == "/start/console"
    assert query["account_id"] == [PROD] and query["role_name"] == ["ReadOnlyAccess"]
    destination = query["destination"][0]
    assert destination.startswith("https://") and "eu-west-1" in destination
    context.close()

    # A colleague's browser, signed out: the link goes through sign-in and on to the console.
    colleague = browser.new_context()
    aws = AWSSignIn(colleague)
    page = colleague.new_page()
    page.goto(link)
    fill_in_sign_in(page)
    post = aws.wait_for_post(page)
    assert post["RelayState"] == destination
    assert assertion_attributes(post["SAMLResponse"])["Role"][0].startswith(f"arn:aws:iam::{PROD}:role/ReadOnlyAccess,")
    colleague.close()


def test_a_link_made_for_the_aws_portal_works_after_swapping_the_host(portico_on_known_port, browser):
    portico_with_admin = portico_on_known_port
    apply_directory_file(portico_with_admin, DIRECTORY)
    context = browser.new_context()
    aws = AWSSignIn(context)
    page = context.new_page()
    sign_in(page, portico_with_admin)
    page.wait_for_url(portico_with_admin.url("/start"))
    destination = "https://us-east-1.console.aws.amazon.com/s3/buckets?region=us-east-1"
    fragment = urllib.parse.urlencode({"account_id": DEV, "role_name": "ReadOnlyAccess", "destination": destination})
    page.goto(portico_with_admin.url("/start/#/console?" + fragment))
    post = aws.wait_for_post(page)
    assert post["RelayState"] == destination
    assert assertion_attributes(post["SAMLResponse"])["Role"][0].startswith(f"arn:aws:iam::{DEV}:role/ReadOnlyAccess,")

    # Refusals are pages of Portico's, never a redirect: a role Dana does not hold.
    response = page.goto(portico_with_admin.url(f"/start/console?account_id={SANDBOX}&role_name=ReadOnlyAccess"))
    assert response.status == 403
    assert SANDBOX in page.inner_text("main")
    context.close()


MANY_ROLES = ["Billing", "DataScientist", "NetworkAdmin", "SecurityAudit"]


def test_many_roles_fold_away_and_the_filter_opens_them(portico_on_known_port, browser):
    """Dana holds six roles in app-dev: four are listed, two fold into "2 more roles"."""
    portico_with_admin = portico_on_known_port
    directory = dict(DIRECTORY)
    directory["permission_sets"] = DIRECTORY["permission_sets"] + [{"name": name} for name in MANY_ROLES]
    directory["assignments"] = DIRECTORY["assignments"] + [
        {"account": DEV, "permission_set": name, "user": USER} for name in MANY_ROLES]
    apply_directory_file(portico_with_admin, directory)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, portico_with_admin)
    page.wait_for_url(portico_with_admin.url("/start"))
    fold = page.locator(f"[data-tile][data-id='{DEV}'] details[data-role-more]")
    assert fold.locator("summary").inner_text() == "2 more roles"
    assert fold.evaluate("details => details.open") is False
    assert not page.locator(f"[data-tile][data-id='{DEV}'] li[data-role='SecurityAudit']").is_visible()
    assert page.locator(f"[data-tile][data-id='{DEV}'] li[data-role='Billing']").is_visible()

    page.fill("[data-portal-filter]", "security")
    expect(page.locator(f"[data-tile][data-id='{DEV}'] details[open]")).to_have_count(1)
    assert page.locator(f"[data-tile][data-id='{DEV}'] li[data-role='SecurityAudit']").is_visible()
    assert tiles_shown(page) == 1
    page.fill("[data-portal-filter]", "")
    expect(page.locator(f"[data-tile][data-id='{DEV}'] details[open]")).to_have_count(0)
    assert tiles_shown(page) == 2

    # The fold still opens by hand, and the server's filter opens it without the script.
    fold.locator("summary").click()
    assert page.locator(f"[data-tile][data-id='{DEV}'] li[data-role='SecurityAudit']").is_visible()
    page.goto(portico_with_admin.url("/start?q=readonly"))
    assert page.locator(f"[data-tile][data-id='{DEV}'] details[data-role-more]").evaluate("details => details.open")
    context.close()


def test_the_shortcut_forms_roles_follow_the_account(portico_on_known_port, browser):
    portico_with_admin = portico_on_known_port
    context, page = at_the_shortcut_form(browser, portico_with_admin)

    def roles():
        return page.eval_on_selector_all("#role_name option", "options => options.map(o => o.value)")

    page.select_option("#account_id", DEV)
    assert roles() == ["", "PowerUserAccess", "ReadOnlyAccess"]
    page.select_option("#role_name", "PowerUserAccess")
    page.select_option("#account_id", PROD)
    assert roles() == ["", "ReadOnlyAccess"]
    assert page.input_value("#role_name") == "", "a role not held there is dropped"
    page.select_option("#role_name", "ReadOnlyAccess")
    page.select_option("#account_id", DEV)
    assert page.input_value("#role_name") == "ReadOnlyAccess", "a role held in both stays"

    # No role: the link asks which of Dana's roles in the account to open.
    page.select_option("#role_name", "")
    page.click("form[action='/start/shortcuts/new'] button[type=submit]")
    link = page.input_value("#shortcut-link")
    assert link == portico_with_admin.url(f"/start/console?account_id={DEV}")
    page.goto(link)
    assert page.locator("#roles-title").inner_text() == "Choose a role"
    assert sorted(page.locator(".role-choices a").all_inner_texts()) == ["PowerUserAccess", "ReadOnlyAccess"]
    context.close()
