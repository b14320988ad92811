"""Security keys and passkeys as a person uses them: Debian's Chromium driven by Playwright, with Chromium's
own virtual authenticator (the DevTools `WebAuthn` domain) standing in for the key, so every byte goes through
the real pages, `Public/webauthn.js` and the browser's `navigator.credentials`.

Portico runs with the base URL `http://localhost:<port>` (WebAuthn needs a host name, and localhost is a
secure context); `--host-resolver-rules` sends localhost to 127.0.0.1, where the server listens.

Screenshots of `/me/mfa` with a key and of the `/mfa` step are saved in Tests/Interop/artifacts/."""
import base64
import pathlib
import time

import pyotp
import pytest

from conftest import ADMIN_EMAIL, WebAuthnPortico, chromium
from test_console_federation import apply_directory_file

ARTIFACTS = pathlib.Path(__file__).resolve().parent / "artifacts"
USER, PASSWORD = "dana@example.com", "passkey journey password"


def directory(rule=None):
    group = {"name": "admins", "members": [USER]} | ({"mfa": rule} if rule else {})
    return {"users": [{"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True},
                      {"email": USER, "display_name": "Dana Developer", "password": PASSWORD}],
            "groups": [group]}


@pytest.fixture(scope="module")
def browser():
    yield from chromium("--host-resolver-rules=MAP localhost 127.0.0.1")


@pytest.fixture
def portico():
    server = WebAuthnPortico()
    yield server
    assert server.stop() == 0


class VirtualKey:
    """Chromium's virtual authenticator on one page: a USB CTAP2 key that keeps passkeys (resident keys) and
    verifies its user, and answers at once."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")
        self.id = self.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
            "isUserVerified": True, "automaticPresenceSimulation": True}})["authenticatorId"]

    def credentials(self):
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})["credentials"]


def session_methods(portico):
    return [row[0] for row in portico.query("SELECT auth_method FROM portal_sessions ORDER BY id")]


def audit_details(portico, action, outcome="success"):
    rows = portico.query("SELECT details FROM audit_events WHERE action = ? AND outcome = ? ORDER BY id", action, outcome)
    return [row[0] for row in rows]


def sign_in_with_password(page, portico):
    page.goto(portico.origin + "/login")
    page.fill("input[name=email]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")


def sign_out(page):
    page.click("form[action='/logout'] button[type=submit]")
    page.wait_for_url("**/login**")


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def open_two_step_page(page):
    page.click("nav a[href='/me/mfa']")
    page.wait_for_url("**/me/mfa")
    assert page.inner_text("h1") == "Two-step verification"


def add_key(page, name):
    page.fill("#key-name", name)
    page.click("#add-security-key")


def test_add_a_passkey_sign_in_with_it_twice_and_remove_it(portico, browser):
    apply_directory_file(portico, directory())
    context = browser.new_context()
    page = context.new_page()
    key = VirtualKey(context, page)

    sign_in_with_password(page, portico)
    page.wait_for_url(portico.origin + "/start")
    open_two_step_page(page)
    assert "You have no security key or passkey yet." in page.inner_text("main")
    add_key(page, "Laptop passkey")
    # A first factor brings recovery codes, shown once.
    page.wait_for_selector("h1:has-text('Your recovery codes')")
    assert page.locator("ul.recovery-codes li").count() == 10
    [credential] = key.credentials()
    user_id = portico.query("SELECT id FROM users WHERE email = ?", USER)[0][0]
    assert credential["isResidentCredential"] and credential["rpId"] == "localhost"
    assert base64.b64decode(credential["userHandle"]) == user_id.encode()
    [(stored_id, discoverable, transports)] = portico.query(
        "SELECT credential_id, discoverable, transports FROM webauthn_credentials WHERE name = 'Laptop passkey'")
    assert base64.b64decode(credential["credentialId"]) == stored_id and discoverable == 1 and "usb" in transports

    page.click("text=I have saved them, continue")
    page.wait_for_url("**/me/mfa")
    row = page.locator("table[aria-labelledby=keys-title] tbody tr")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert (cells[0], cells[1], cells[3]) == ("Laptop passkey", "Passkey", "Never")
    assert "Recovery codes left: 10" in page.inner_text("#recovery-codes-left")
    screenshot(page, "me-mfa-with-key.png")
    sign_out(page)

    # The password, then "Use security key".
    sign_in_with_password(page, portico)
    page.wait_for_url("**/mfa**")
    assert page.locator("#use-security-key").is_visible()
    screenshot(page, "mfa-step.png")
    page.click("#use-security-key")
    page.wait_for_url(portico.origin + "/start")
    assert USER in page.inner_text("header")
    assert session_methods(portico) == ["password", "password+webauthn"]
    assert portico.query("SELECT sign_count > 0, last_used_at IS NOT NULL FROM webauthn_credentials") == [(1, 1)]
    sign_out(page)

    # The passkey alone: no email typed.
    assert page.input_value("input[name=email]") == ""
    page.click("#passkey-sign-in")
    page.wait_for_url(portico.origin + "/start")
    assert USER in page.inner_text("header")
    assert session_methods(portico)[-1] == "passkey"
    assert '"method":"passkey"' in audit_details(portico, "auth.signin")[-1].replace(" ", "")

    # Removed at /me/mfa: gone from the list, and the passkey (still on the authenticator) no longer signs in.
    open_two_step_page(page)
    page.click("table[aria-labelledby=keys-title] button:has-text('Remove')")
    page.wait_for_url("**/me/mfa**")
    assert page.locator("table[aria-labelledby=keys-title]").count() == 0
    assert "You have no security key or passkey yet." in page.inner_text("main")
    assert portico.query("SELECT count(*) FROM webauthn_credentials") == [(0,)]
    assert len(audit_details(portico, "mfa.webauthn.remove")) == 1
    sign_out(page)
    assert len(key.credentials()) == 1
    page.click("#passkey-sign-in")
    page.wait_for_selector("#login-error")
    assert "Portico does not know this security key or passkey" in page.inner_text("#login-error")
    assert "portico_session" not in {cookie["name"] for cookie in context.cookies()}
    assert '"reason":"webauthn_unknown_credential"' in audit_details(portico, "auth.signin", "failure")[-1].replace(" ", "")
    context.close()


def test_a_phishing_resistant_group_refuses_a_code_and_accepts_the_key(portico, browser):
    apply_directory_file(portico, directory())
    context = browser.new_context()
    page = context.new_page()
    VirtualKey(context, page)

    # An authenticator app (pyotp computes its codes) and a key, added at /me/mfa before the rule comes.
    sign_in_with_password(page, portico)
    page.wait_for_url(portico.origin + "/start")
    open_two_step_page(page)
    page.fill("#name", "Phone")
    page.click("form[action='/me/mfa/enrol'] button[type=submit]")
    secret = page.inner_text("#totp-secret").replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.fill("#code", totp.now())
    page.click("form[action='/me/mfa/confirm'] button[type=submit]")
    page.wait_for_selector("h1:has-text('Your recovery codes')")
    page.click("text=I have saved them, continue")
    add_key(page, "Work key")
    page.wait_for_url("**/me/mfa?added=key")
    assert "Work key" in page.inner_text("table[aria-labelledby=keys-title]")
    assert "Phone" in page.inner_text("table[aria-labelledby=apps-title]")
    sign_out(page)

    apply_directory_file(portico, directory("phishing-resistant"))
    sign_in_with_password(page, portico)
    page.wait_for_url("**/mfa**")
    assert page.locator("form[action='/mfa']").count() == 0, "no code form where codes do not count"
    assert page.locator("#use-security-key").is_visible()

    # A code posted anyway, with the page's CSRF token and the browser's cookies, is refused.
    csrf = page.locator("form[action='/mfa/security-key'] input[name=csrf]").input_value()
    code = totp.at(time.time() + 30)  # the confirming code was used up; the next step's is valid and new
    refused = page.request.post(portico.origin + "/mfa", form={"csrf": csrf, "code": code, "return_to": "/start"},
                                headers={"Origin": portico.origin}, max_redirects=0)
    assert refused.status == 200
    assert "codes are not accepted" in refused.text()
    assert "portico_session" not in {cookie["name"] for cookie in context.cookies()}
    assert '{"reason":"phishing_resistant_required"}' in audit_details(portico, "auth.signin", "failure")

    page.click("#use-security-key")
    page.wait_for_url(portico.origin + "/start")
    assert session_methods(portico)[-1] == "password+webauthn"
    context.close()


@pytest.mark.parametrize("rule", ["required", "phishing-resistant"])
def test_a_member_without_a_factor_is_led_to_enrol_and_finishes_with_the_key(portico, browser, rule):
    apply_directory_file(portico, directory(rule))
    context = browser.new_context()
    page = context.new_page()
    key = VirtualKey(context, page)

    sign_in_with_password(page, portico)
    page.wait_for_url("**/mfa/enrol**")
    assert "portico_session" not in {cookie["name"] for cookie in context.cookies()}
    # "required" lets the member choose an app or a key; "phishing-resistant" offers keys only.
    assert (page.locator("#totp-secret").count() == 1) == (rule == "required")
    add_key(page, "Enrolled key")
    if rule == "required":
        # Recovery codes come with a first factor where codes count; under "phishing-resistant" they would not.
        page.wait_for_selector("h1:has-text('Your recovery codes')")
        page.click("text=I have saved them, continue")
    page.wait_for_url(portico.origin + "/start")
    assert USER in page.inner_text("header")
    assert session_methods(portico) == ["password+webauthn"]
    assert portico.query("SELECT name FROM webauthn_credentials") == [("Enrolled key",)]
    codes = portico.query("SELECT count(*) FROM recovery_codes")[0][0]
    assert codes == (10 if rule == "required" else 0)
    assert len(key.credentials()) == 1
    context.close()
