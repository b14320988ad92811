"""Signing in with a real HTTP client (requests) and a real authenticator implementation (pyotp)."""
import re
import time

import pyotp
import requests

from conftest import ADMIN_EMAIL, ADMIN_PASSWORD

CSRF = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_field(html):
    match = CSRF.search(html)
    assert match, "no csrf field in the page"
    return match.group(1)


def set_cookies(response):
    return response.raw.headers.getlist("Set-Cookie")


def sign_in(portico, http, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, return_to=""):
    page = http.get(portico.url("/login"))
    assert page.status_code == 200
    return http.post(portico.url("/login"), allow_redirects=False, data={
        "csrf": csrf_field(page.text), "email": email, "password": password, "return_to": return_to})


def enrol_device(portico):
    """Enrols a TOTP device for the admin through the pages (`/me/mfa`) in a session of its own, then signs
    out; returns the base32 secret pyotp needs. The confirming code is used up, so callers sign in with a
    code of the next time step."""
    from test_mfa_enrolment import DEVICE_ID, SECRET, enrol_page, sign_out
    with requests.Session() as http:
        assert sign_in(portico, http).status_code == 303
        page = enrol_page(portico, http)
        secret = SECRET.search(page).group(1).replace(" ", "")
        confirmed = http.post(portico.url("/me/mfa/confirm"), data={
            "csrf": csrf_field(page), "device_id": DEVICE_ID.search(page).group(1), "code": pyotp.TOTP(secret).now()})
        assert confirmed.status_code == 200
        sign_out(portico, http)
    return secret


def test_sign_in_sets_a_strict_session_cookie(portico_with_admin, http):
    response = sign_in(portico_with_admin, http, return_to="/me/sessions")
    assert response.status_code == 303
    assert response.headers["Location"] == "/me/sessions"
    assert response.headers["Cache-Control"] == "no-store"
    [cookie] = [c for c in set_cookies(response) if c.startswith("portico_session=")]
    assert re.fullmatch(r"portico_session=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=/; HttpOnly; SameSite=Lax", cookie)

    sessions = http.get(portico_with_admin.url("/me/sessions"), allow_redirects=False)
    assert sessions.status_code == 200
    assert "This session" in sessions.text
    assert "Session ends in" in sessions.text


def test_wrong_password_is_answered_with_the_generic_message(portico_with_admin, http):
    response = sign_in(portico_with_admin, http, password="not the password")
    assert response.status_code == 200
    assert "Email or password is incorrect." in response.text
    assert "portico_session" not in http.cookies


def test_sign_out_ends_the_session(portico_with_admin, http):
    sign_in(portico_with_admin, http)
    token = http.cookies["portico_session"]
    page = http.get(portico_with_admin.url("/me/sessions"))
    response = http.post(portico_with_admin.url("/logout"), data={"csrf": csrf_field(page.text)}, allow_redirects=False)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    with requests.Session() as replay:
        replay.cookies.set("portico_session", token)
        assert replay.get(portico_with_admin.url("/me/sessions"), allow_redirects=False).status_code == 303


def test_totp_from_pyotp_signs_in_and_cannot_be_replayed(portico_with_admin, http):
    totp = pyotp.TOTP(enrol_device(portico_with_admin))
    response = sign_in(portico_with_admin, http)
    assert response.status_code == 303
    assert response.headers["Location"] == "/mfa"
    assert "portico_session" not in http.cookies

    form = http.get(portico_with_admin.url("/mfa"))
    assert form.status_code == 200
    code = totp.at(time.time() + 30)
    done = http.post(portico_with_admin.url("/mfa"), allow_redirects=False,
                     data={"csrf": csrf_field(form.text), "code": code, "return_to": ""})
    assert done.status_code == 303
    assert "portico_session" in http.cookies
    assert http.get(portico_with_admin.url("/me/sessions"), allow_redirects=False).status_code == 200

    with requests.Session() as attacker:
        assert sign_in(portico_with_admin, attacker).headers["Location"] == "/mfa"
        form = attacker.get(portico_with_admin.url("/mfa"))
        replay = attacker.post(portico_with_admin.url("/mfa"), allow_redirects=False,
                               data={"csrf": csrf_field(form.text), "code": code, "return_to": ""})
        assert replay.status_code == 200
        assert "That code is not valid." in replay.text
        assert "portico_session" not in attacker.cookies


def test_setup_link_from_the_log_works_once(portico, http):
    assert portico.setup_url.startswith(portico.base_url + "/setup?token=")
    form = http.get(portico.setup_url)
    assert form.status_code == 200
    token = portico.setup_url.split("token=", 1)[1]
    fields = {"csrf": csrf_field(form.text), "token": token, "email": "first@example.com", "display_name": "First",
              "password": "first admin password", "password_confirmation": "first admin password"}
    created = http.post(portico.url("/setup"), data=fields, allow_redirects=False)
    assert created.status_code == 303
    assert "portico_session" in http.cookies
    assert http.get(portico.setup_url).status_code == 404
