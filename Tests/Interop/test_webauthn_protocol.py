"""Security keys and passkeys over plain HTTP (requests), answered by a software authenticator built from
python-fido2's encoders (soft_authenticator.py): registration, the second step and passkey sign-in succeed
for ES256, EdDSA and RS256 keys; every kind of wrong answer is refused with nothing changed: no session
cookie, no session row, the key's counter and last use as they were, and the audit event's reason."""
import hashlib
import json

import pytest
import requests

from conftest import ADMIN_EMAIL, WebAuthnPortico
from soft_authenticator import SoftAuthenticator, assertion_form, page_challenge, registration_form
from test_console_federation import apply_directory_file
from test_sign_in import csrf_field, sign_in

PASSWORD = "webauthn interop password"
USERS = ["es256", "eddsa", "rs256", "origin", "rpid", "signature", "authdata", "replay", "counter", "attestation",
         "unverified"]
DIRECTORY = {"users": [{"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True}]
             + [{"email": f"{name}@example.com", "display_name": name.title(), "password": PASSWORD} for name in USERS]}


@pytest.fixture(scope="module")
def portico():
    """One server for the module; each refusal below has a user of its own, so that no case's wrong answers
    count towards another's throttle."""
    server = WebAuthnPortico()
    apply_directory_file(server, DIRECTORY)
    yield server
    assert server.stop() == 0


def key_row(portico, email):
    """The stored key's counter and last use."""
    return portico.query("SELECT sign_count, last_used_at FROM webauthn_credentials WHERE user_id ="
                         " (SELECT id FROM users WHERE email = ?)", email)


def user_id(portico, email):
    return portico.query("SELECT id FROM users WHERE email = ?", email)[0][0]


def session_methods(portico):
    return [row[0] for row in portico.query("SELECT auth_method FROM portal_sessions ORDER BY id")]


def last_audit(portico, action):
    rows = portico.query("SELECT outcome, details, actor FROM audit_events WHERE action = ? ORDER BY id DESC LIMIT 1", action)
    return (rows[0][0], json.loads(rows[0][1]), rows[0][2]) if rows else None


def register(portico, email, key, name="YubiKey", tamper=None):
    """Signs `email` in with the password and registers `key` at /me/mfa, as webauthn.js would post it."""
    http = requests.Session()
    assert sign_in(portico, http, email=email, password=PASSWORD).status_code == 303
    page = http.get(portico.url("/me/mfa")).text
    client_data, attestation = key.register(page_challenge(page), portico.rp_id, portico.origin)
    if tamper:
        client_data, attestation = tamper(client_data, attestation)
    return http.post(portico.url("/me/mfa/security-keys"), allow_redirects=False,
                     data=registration_form(key, csrf_field(page), client_data, attestation, name=name))


def password_step(portico, email):
    """A browser past `email`'s password, at the second step."""
    http = requests.Session()
    response = sign_in(portico, http, email=email, password=PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/mfa"
    return http


def second_step(portico, http, key, tamper=None, **options):
    page = http.get(portico.url("/mfa")).text
    answer = key.assert_(page_challenge(page), portico.rp_id, portico.origin, **options)
    if tamper:
        answer = tamper(*answer)
    return http.post(portico.url("/mfa/security-key"), allow_redirects=False,
                     data=assertion_form(key, csrf_field(page), *answer, return_to="/me/sessions")), answer


@pytest.mark.parametrize("algorithm,cose", [("ES256", -7), ("EdDSA", -8), ("RS256", -257)])
def test_a_key_registers_signs_in_as_the_second_step_and_as_a_passkey(portico, algorithm, cose):
    email = f"{algorithm.lower()}@example.com"
    key = SoftAuthenticator(algorithm)
    registered = register(portico, email, key, name=algorithm)
    # A first factor brings recovery codes, shown once.
    assert registered.status_code == 200 and "recovery" in registered.text.lower()
    [(stored_algorithm, count, discoverable)] = portico.query(
        "SELECT algorithm, sign_count, discoverable FROM webauthn_credentials WHERE name = ?", algorithm)
    assert (stored_algorithm, count, discoverable) == (cose, 0, 1)
    outcome, details, actor = last_audit(portico, "mfa.webauthn.register")
    assert (outcome, actor, details["name"], details["algorithm"], details["kind"]) == ("success", email, algorithm, cose, "Passkey")

    http = password_step(portico, email)
    response, _ = second_step(portico, http, key)
    assert response.status_code == 303 and response.headers["Location"] == "/me/sessions"
    assert "portico_session" in http.cookies
    assert http.get(portico.url("/me/sessions")).status_code == 200
    assert session_methods(portico)[-1] == "password+webauthn"
    assert portico.query("SELECT sign_count, last_used_at IS NOT NULL FROM webauthn_credentials WHERE name = ?",
                         algorithm) == [(1, 1)]

    # A passkey: no email typed; the key names its user with the handle it stored.
    passkey = requests.Session()
    login = passkey.get(portico.url("/login")).text
    assert "Sign in with a passkey" in login
    answer = key.assert_(page_challenge(login), portico.rp_id, portico.origin)
    signed_in = passkey.post(portico.url("/login/passkey"), allow_redirects=False, data=assertion_form(
        key, csrf_field(login), *answer, user_handle=user_id(portico, email).encode(), return_to="/me/sessions"))
    assert signed_in.status_code == 303 and "portico_session" in passkey.cookies
    assert session_methods(portico)[-1] == "passkey"
    assert portico.query("SELECT sign_count FROM webauthn_credentials WHERE name = ?", algorithm) == [(2,)]


def flip_signature(client_data, auth_data, signature):
    return client_data, auth_data, signature[:-8] + bytes([signature[-8] ^ 1]) + signature[-7:]


def refusal_cases(portico):
    """Each case: (user, how the answer is made wrong, the audit reason)."""
    def wrong_origin(key, http):
        page = http.get(portico.url("/mfa")).text
        answer = key.assert_(page_challenge(page), portico.rp_id, "http://localhost.evil.example")
        return http.post(portico.url("/mfa/security-key"), allow_redirects=False,
                         data=assertion_form(key, csrf_field(page), *answer))

    def wrong_rp_id(key, http):
        page = http.get(portico.url("/mfa")).text
        answer = key.assert_(page_challenge(page), "evil.example", portico.origin)
        return http.post(portico.url("/mfa/security-key"), allow_redirects=False,
                         data=assertion_form(key, csrf_field(page), *answer))

    def bad_signature(key, http):
        return second_step(portico, http, key, tamper=flip_signature)[0]

    def malformed_authenticator_data(key, http):
        # The extensions flag (ED) set and a CBOR map cut short after it, signed properly: only the CBOR is wrong.
        def tamper(client_data, auth_data, signature):
            data = auth_data[:32] + bytes([auth_data[32] | 0x80]) + auth_data[33:] + b"\xbf\x61"
            return client_data, data, key.sign(data + hashlib.sha256(client_data).digest())
        return second_step(portico, http, key, tamper=tamper)[0]

    return [
        ("origin", wrong_origin, "webauthn_wrong_origin"),
        ("rpid", wrong_rp_id, "webauthn_wrong_relying_party"),
        ("signature", bad_signature, "webauthn_bad_signature"),
        ("authdata", malformed_authenticator_data, "webauthn_malformed_response"),
    ]


def assert_nothing_changed(portico, email, response, http, key_before, sessions_before, reason):
    assert response.status_code == 200
    assert "flash-error" in response.text
    assert "portico_session" not in http.cookies
    assert not any(c.startswith("portico_session=") for c in response.raw.headers.getlist("Set-Cookie"))
    assert key_row(portico, email) == key_before
    assert session_methods(portico) == sessions_before
    outcome, details, actor = last_audit(portico, "auth.signin")
    assert (outcome, details, actor) == ("failure", {"reason": reason}, email)


@pytest.mark.parametrize("case", ["origin", "rpid", "signature", "authdata"])
def test_a_wrong_answer_is_refused_with_nothing_changed(portico, case):
    [(user, make_wrong, reason)] = [entry for entry in refusal_cases(portico) if entry[0] == case]
    email = f"{user}@example.com"
    key = SoftAuthenticator()
    assert register(portico, email, key).status_code == 200
    before, sessions = key_row(portico, email), session_methods(portico)
    http = password_step(portico, email)
    response = make_wrong(key, http)
    assert_nothing_changed(portico, email, response, http, before, sessions, reason)
    # The key itself still works.
    assert second_step(portico, password_step(portico, email), key)[0].status_code == 303


def test_an_answer_replayed_from_another_sign_in_is_refused(portico):
    email = "replay@example.com"
    key = SoftAuthenticator()
    assert register(portico, email, key).status_code == 200
    first = password_step(portico, email)
    page = first.get(portico.url("/mfa")).text
    answer = key.assert_(page_challenge(page), portico.rp_id, portico.origin)
    assert first.post(portico.url("/mfa/security-key"), allow_redirects=False,
                      data=assertion_form(key, csrf_field(page), *answer)).status_code == 303
    before, sessions = key_row(portico, email), session_methods(portico)

    second = password_step(portico, email)
    page = second.get(portico.url("/mfa")).text
    replayed = second.post(portico.url("/mfa/security-key"), allow_redirects=False,
                           data=assertion_form(key, csrf_field(page), *answer))
    assert "already used or has expired" in replayed.text
    assert_nothing_changed(portico, email, replayed, second, before, sessions, "webauthn_challenge")


def test_a_counter_that_went_backwards_is_refused_audited_and_shown_to_admins(portico):
    email = "counter@example.com"
    key = SoftAuthenticator()
    assert register(portico, email, key).status_code == 200
    key.sign_count = 40
    assert second_step(portico, password_step(portico, email), key)[0].status_code == 303
    before, sessions = key_row(portico, email), session_methods(portico)
    assert before[0][0] == 41

    key.sign_count = 10  # a copy of the key that was used less
    http = password_step(portico, email)
    refused, _ = second_step(portico, http, key)
    assert "counter went backwards" in refused.text
    assert_nothing_changed(portico, email, refused, http, before, sessions, "webauthn_counter")
    outcome, details, actor = last_audit(portico, "mfa.webauthn.counter")
    assert outcome == "failure" and actor == email
    assert (details["stored_count"], details["received_count"]) == (41, 11)

    admin = requests.Session()
    assert sign_in(portico, admin).status_code == 303
    page = admin.get(portico.url("/admin/users/" + user_id(portico, email))).text
    assert "may have been copied" in page and "counted 11 after 41" in page


@pytest.mark.parametrize("what,tamper", [
    ("malformed CBOR", lambda client_data, attestation: (client_data, b"\xbf\x61\x61")),
    ("truncated", lambda client_data, attestation: (client_data, attestation[:-10])),
    ("wrong origin", lambda client_data, attestation: (
        client_data.replace(b'"origin":"http://localhost:', b'"origin":"http://evil.localhost:'), attestation)),
])
def test_a_malformed_registration_is_refused_and_stores_nothing(portico, what, tamper):
    email = "attestation@example.com"
    response = register(portico, email, SoftAuthenticator(), tamper=tamper)
    assert response.status_code == 422, what
    assert "flash-error" in response.text
    assert key_row(portico, email) == []
    outcome, details, _ = last_audit(portico, "mfa.webauthn.register")
    assert outcome == "failure" and details["reason"].startswith("webauthn_"), details


def test_a_passkey_that_did_not_verify_its_user_is_refused(portico):
    email = "unverified@example.com"
    key = SoftAuthenticator()
    assert register(portico, email, key, name="Unverified").status_code == 200
    http = requests.Session()
    login = http.get(portico.url("/login")).text
    answer = key.assert_(page_challenge(login), portico.rp_id, portico.origin, user_verified=False)
    refused = http.post(portico.url("/login/passkey"), allow_redirects=False, data=assertion_form(
        key, csrf_field(login), *answer, user_handle=user_id(portico, email).encode()))
    assert refused.status_code == 422 and "did not check that it is you" in refused.text
    assert "portico_session" not in http.cookies
    assert portico.query("SELECT sign_count, last_used_at FROM webauthn_credentials WHERE name = 'Unverified'") == [(0, None)]
    assert last_audit(portico, "auth.signin")[1] == {"reason": "webauthn_user_not_verified"}
