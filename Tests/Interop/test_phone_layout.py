"""Every page at a phone's width (390 px): nothing scrolls sideways, and buttons keep their words on one line.

Chromium through Playwright visits each page of the demo organisation as its admin (and the signed-out pages
signed out), at 390 x 844, and checks `document.documentElement.scrollWidth <= innerWidth`. Screenshots of the
pages go to Tests/Interop/artifacts/phone/ for a person to look at."""

import pathlib
import re

import pytest

from conftest import Portico, free_port

ADMIN = "admin@example.com"
PASSWORD = "portico-demo"
WIDTH = 390
ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts" / "phone"

# An unknown reset link shows the error page, which must fit too.
SIGNED_OUT_PAGES = ["/login", "/reset-password?token=x"]

# Pages with an id in their path are found from the list pages (the first link to one).
PAGES = [
    "/start", "/start/shortcuts/new", "/me/sessions", "/me/cli", "/me/mfa", "/me/password",
    "/admin", "/admin/aws", "/admin/users", "/admin/users/new", "/admin/users/import", "{user}", "{user}/edit",
    "/admin/groups", "/admin/groups/new", "{group}", "{group}/edit",
    "/admin/accounts", "/admin/accounts/new", "{account}", "{account}/edit",
    "/admin/permission-sets", "/admin/permission-sets/new", "{permission_set}", "{permission_set}/edit",
    "/admin/identity-providers", "/admin/identity-providers/new", "/admin/provisioning", "/admin/settings", "/admin/audit",
    "/device",
]

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && getComputedStyle(element).position !== 'fixed') {
      wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') +
        (element.className && typeof element.className === 'string' ? '.' + element.className.split(' ').join('.') : '') +
        ' right=' + Math.round(box.right));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8)};
}"""

WRAPPED_BUTTONS = """() => {
  const wrapped = [];
  for (const button of document.querySelectorAll('button, a.button')) {
    const box = button.getBoundingClientRect();
    if (box.width === 0) continue;
    const line = parseFloat(getComputedStyle(button).lineHeight) || 20;
    const padding = parseFloat(getComputedStyle(button).paddingTop) + parseFloat(getComputedStyle(button).paddingBottom);
    if (box.height - padding > line * 1.6 && button.innerText.trim().split(/\\s+/).length <= 3) wrapped.push(button.innerText.trim());
  }
  return wrapped;
}"""


@pytest.fixture(scope="module")
def demo():
    server = Portico({"PORTICO_DEMO": "1", "PORTICO_LISTEN": "127.0.0.1:%d" % free_port()})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def phone(demo, chromium_browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Not `is_mobile`: a mobile layout viewport grows to fit wide content (the phone zooms out), which would
    # hide exactly the sideways scrolling this test looks for.
    context = chromium_browser.new_context(viewport={"width": WIDTH, "height": 844}, device_scale_factor=1, has_touch=True)
    yield context
    context.close()


def first_link(page, demo, prefix):
    page.goto(demo.url(prefix))
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    pattern = re.compile("^" + re.escape(prefix) + r"/[^/?#]+$")
    found = [href for href in hrefs if pattern.match(href) and not href.endswith("/new") and not href.endswith("/import")]
    assert found, "no item linked from " + prefix
    return found[0]


def check(page, demo, path, error_page=False):
    response = page.goto(demo.url(path))
    assert response is not None and (error_page or response.status < 400), "%s answered %s" % (path, response and response.status)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    page.screenshot(path=str(ARTIFACTS / (name + ".png")), full_page=True)
    layout = page.evaluate(OVERFLOW)
    assert layout["innerWidth"] == WIDTH and layout["scrollWidth"] <= WIDTH, "%s scrolls sideways: %s" % (path, layout)
    wrapped = page.evaluate(WRAPPED_BUTTONS)
    assert not wrapped, "%s: buttons whose words wrap: %s" % (path, wrapped)


def test_signed_out_pages_fit_a_phone(demo, phone):
    page = phone.new_page()
    failures = []
    for path in SIGNED_OUT_PAGES:
        try:
            check(page, demo, path, error_page=True)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)


def test_every_signed_in_page_fits_a_phone(demo, phone):
    page = phone.new_page()
    page.goto(demo.url("/login"))
    page.fill("input[name=email]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url("**/start**")
    ids = {
        "user": first_link(page, demo, "/admin/users"),
        "group": first_link(page, demo, "/admin/groups"),
        "account": first_link(page, demo, "/admin/accounts"),
        "permission_set": first_link(page, demo, "/admin/permission-sets"),
    }
    failures = []
    for template in PAGES:
        path = template.format(**ids)
        try:
            check(page, demo, path)
        except AssertionError as error:
            failures.append(str(error))
    assert not failures, "\n".join(failures)
