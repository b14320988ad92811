"""Portico's WebAuthn against soft-webauthn (PyPI), a software authenticator we did not write: its
SoftWebauthnDevice registers (ES256, attestation none) and answers the second step, and the answers it gives
for a wrong origin, replayed, with a counter set back, or with a broken signature are refused with nothing
changed. (It never sets user verification, so passkey sign-in is shown with python-fido2 in
test_webauthn_protocol.py.)"""

import base64

import pytest
import requests
from soft_webauthn import SoftWebauthnDevice

from conftest import ADMIN_EMAIL, WebAuthnPortico
from soft_authenticator import page_challenge
from test_console_federation import apply_directory_file
from test_sign_in import csrf_field, sign_in

PASSWORD = "soft-webauthn interop password"
USERS = ["alice", "origin", "replay", "counter", "signature"]
DIRECTORY = {"users": [{"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True}]
             + [{"email": f"{name}@example.com", "display_name": name.title(), "password": PASSWORD} for name in USERS]}


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.fixture(scope="module")
def portico():
    server = WebAuthnPortico()
    apply_directory_file(server, DIRECTORY)
    yield server
    assert server.stop() == 0


def register(portico, email):
    """Signs in with the password and registers a SoftWebauthnDevice at /me/mfa from the page's own options."""
    http = requests.Session()
    assert sign_in(portico, http, email=email, password=PASSWORD).status_code == 303
    page = http.get(portico.url("/me/mfa")).text
    device = SoftWebauthnDevice()
    options = {"publicKey": {
        "challenge": page_challenge(page), "rp": {"id": portico.rp_id, "name": "Portico"},
        "user": {"id": email.encode(), "name": email, "displayName": email},
        "pubKeyCredParams": [{"alg": -7, "type": "public-key"}], "attestation": "none"}}
    credential = device.create(options, portico.origin)
    response = http.post(portico.url("/me/mfa/security-keys"), allow_redirects=False, data={
        "csrf": csrf_field(page), "name": "soft-webauthn", "credential_id": b64url(credential["rawId"]),
        "client_data": b64url(credential["response"]["clientDataJSON"]),
        "attestation_object": b64url(credential["response"]["attestationObject"]), "transports": "usb",
        "discoverable": "false"})
    assert response.status_code == 200 and "recovery" in response.text.lower()
    return device


def answer(portico, device, origin=None):
    """A browser past the password, and the device's answer to its /mfa page."""
    http = requests.Session()
    assert sign_in(portico, http, email=device_email(portico, device), password=PASSWORD).headers["Location"] == "/mfa"
    page = http.get(portico.url("/mfa")).text
    assertion = device.get({"publicKey": {"challenge": page_challenge(page), "rpId": portico.rp_id}}, origin or portico.origin)
    return http, csrf_field(page), assertion


def device_email(portico, device):
    return portico.query("SELECT u.email FROM users u JOIN webauthn_credentials w ON w.user_id = u.id WHERE w.credential_id = ?",
                         device.credential_id)[0][0]


def post(portico, http, csrf, assertion):
    response = assertion["response"]
    return http.post(portico.url("/mfa/security-key"), allow_redirects=False, data={
        "csrf": csrf, "credential_id": b64url(assertion["rawId"]), "client_data": b64url(response["clientDataJSON"]),
        "authenticator_data": b64url(response["authenticatorData"]), "signature": b64url(response["signature"]),
        "return_to": "/me/sessions"})


def stored(portico, device):
    return portico.query("SELECT sign_count, last_used_at FROM webauthn_credentials WHERE credential_id = ?", device.credential_id)


def refused(portico, http, response, device, before, reason):
    assert response.status_code == 200 and "flash-error" in response.text
    assert "portico_session" not in http.cookies
    assert stored(portico, device) == before
    [(details,)] = portico.query("SELECT details FROM audit_events WHERE action = 'auth.signin' AND outcome = 'failure'"
                                 " ORDER BY id DESC LIMIT 1")
    assert reason in details


def test_a_soft_webauthn_key_registers_and_signs_in_as_the_second_step(portico):
    device = register(portico, "alice@example.com")
    http, csrf, assertion = answer(portico, device)
    response = post(portico, http, csrf, assertion)
    assert response.status_code == 303 and response.headers["Location"] == "/me/sessions"
    assert http.get(portico.url("/me/sessions")).status_code == 200
    assert stored(portico, device)[0][0] == 1


def test_a_wrong_origin_is_refused(portico):
    device = register(portico, "origin@example.com")
    before = stored(portico, device)
    http, csrf, assertion = answer(portico, device, origin="https://portico.evil.example")
    refused(portico, http, post(portico, http, csrf, assertion), device, before, "webauthn_wrong_origin")


def test_an_answer_replayed_from_another_sign_in_is_refused(portico):
    device = register(portico, "replay@example.com")
    http, csrf, assertion = answer(portico, device)
    assert post(portico, http, csrf, assertion).status_code == 303
    before = stored(portico, device)
    again, csrf, _ = answer(portico, device)
    refused(portico, again, post(portico, again, csrf, assertion), device, before, "webauthn_challenge")


def test_a_counter_set_back_is_refused_and_audited(portico):
    device = register(portico, "counter@example.com")
    device.sign_count = 40
    http, csrf, assertion = answer(portico, device)
    assert post(portico, http, csrf, assertion).status_code == 303
    before = stored(portico, device)
    device.sign_count = 10
    http, csrf, assertion = answer(portico, device)
    refused(portico, http, post(portico, http, csrf, assertion), device, before, "webauthn_counter")
    [(details,)] = portico.query("SELECT details FROM audit_events WHERE action = 'mfa.webauthn.counter' ORDER BY id DESC LIMIT 1")
    assert '"received_count":11' in details and '"stored_count":41' in details


def test_a_broken_signature_is_refused(portico):
    device = register(portico, "signature@example.com")
    before = stored(portico, device)
    http, csrf, assertion = answer(portico, device)
    signature = bytearray(assertion["response"]["signature"])
    signature[len(signature) // 2] ^= 1
    assertion["response"]["signature"] = bytes(signature)
    refused(portico, http, post(portico, http, csrf, assertion), device, before, "webauthn_bad_signature")
