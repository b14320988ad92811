"""The browser halves of the AWS CLI's sign-in, in Debian's Chromium driven by Playwright: the device page a
person reaches from `verificationUriComplete`, and the PKCE consent page whose Allow button must reach the
CLI's loopback listener through the page's content security policy (which browsers apply to a form's
redirects too). The CLI's side is played by `requests`, as botocore sends it; nothing leaves the machine."""
import base64
import hashlib
import http.server
import secrets
import threading
import urllib.parse

import requests

from test_browser_journey import DIRECTORY, browser, fill_in_sign_in  # noqa: F401 (browser is a fixture)
from test_console_federation import apply_directory_file

def oidc(portico, path, body):
    return requests.post(portico.url("/aws/oidc" + path), json=body, timeout=10)


class LoopbackListener:
    """The CLI's `http://127.0.0.1:<port>/oauth/callback` listener: records the query it is sent."""

    def __init__(self):
        self.queries = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                listener.queries.append((urllib.parse.urlsplit(self.path).path,
                                         dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))))
                body = b"<title>Signed in</title>You can close this window."
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *arguments):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def test_the_device_page_from_the_complete_uri_signs_in_first_and_approves(portico_on_known_port, browser):
    portico = portico_on_known_port
    apply_directory_file(portico, DIRECTORY)
    client = oidc(portico, "/client/register", {"clientName": "botocore-client-portico", "clientType": "public"}).json()
    start = oidc(portico, "/device_authorization", {"clientId": client["clientId"], "clientSecret": client["clientSecret"],
                                                    "startUrl": portico.url("/start")}).json()
    page = browser.new_context().new_page()
    page.goto(start["verificationUriComplete"])
    fill_in_sign_in(page)
    page.wait_for_url("**/device?user_code=*")
    assert start["userCode"] in page.inner_text("main")
    assert "botocore-client-portico" in page.inner_text("main")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector("text=go back to your terminal")

    token = oidc(portico, "/token", {"clientId": client["clientId"], "clientSecret": client["clientSecret"],
                                     "grantType": "urn:ietf:params:oauth:grant-type:device_code",
                                     "deviceCode": start["deviceCode"]})
    assert token.status_code == 200, token.text
    accounts = requests.get(portico.url("/aws/portal/assignment/accounts"),
                            headers={"x-amz-sso_bearer_token": token.json()["accessToken"]}, timeout=10)
    assert {a["accountId"] for a in accounts.json()["accountList"]} == {"111111111111", "222222222222"}


def test_allowing_the_pkce_request_reaches_the_loopback_listener_in_a_real_browser(portico_on_known_port, browser):
    portico = portico_on_known_port
    apply_directory_file(portico, DIRECTORY)
    listener = LoopbackListener()
    try:
        client = oidc(portico, "/client/register", {
            "clientName": "botocore-client-portico", "clientType": "public", "scopes": ["sso:account:access"],
            "grantTypes": ["authorization_code", "refresh_token"], "redirectUris": ["http://127.0.0.1/oauth/callback"],
        }).json()
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        redirect = "http://127.0.0.1:%d/oauth/callback" % listener.port
        state = secrets.token_hex(8)
        authorize = portico.url("/aws/oidc/authorize?" + urllib.parse.urlencode({
            "response_type": "code", "client_id": client["clientId"], "redirect_uri": redirect, "state": state,
            "code_challenge_method": "S256", "scopes": "sso:account:access", "code_challenge": challenge}))

        page = browser.new_context().new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(authorize)
        fill_in_sign_in(page)
        page.wait_for_url("**/aws/oidc/authorize?*")
        assert "botocore-client-portico" in page.inner_text("main")
        page.click("button[name=decision][value=allow]")
        page.wait_for_url(redirect + "?*")
        assert not violations, violations

        # The browser may also ask the listener for /favicon.ico, before or after the callback.
        callbacks = [query for path, query in listener.queries if path == "/oauth/callback"]
        assert len(callbacks) == 1, listener.queries
        query = callbacks[0]
        assert query["state"] == state
        token = oidc(portico, "/token", {"clientId": client["clientId"], "clientSecret": client["clientSecret"],
                                         "grantType": "authorization_code", "code": query["code"],
                                         "redirectUri": redirect, "codeVerifier": verifier})
        assert token.status_code == 200, token.text
        assert token.json()["tokenType"] == "Bearer"
    finally:
        listener.close()
