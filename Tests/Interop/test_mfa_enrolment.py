"""Enrolling an authenticator through the HTML pages with a real TOTP implementation (pyotp), and
decoding the inline SVG QR code with a real decoder (zbarimg) when one is installed."""
import html
import os
import re
import subprocess
import tempfile
import time

import pyotp
import pytest

from test_sign_in import csrf_field, sign_in

SECRET = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
DEVICE_ID = re.compile(r'name="device_id" value="([0-9]+)"')
OTPAUTH = re.compile(r'href="(otpauth://[^"]+)"')
SVG = re.compile(r'<svg [^>]*viewBox="0 0 (\d+) (\d+)" role="img"[^>]*>(?:(?!</svg>).)*?<path fill="#000" d="([^"]*)"', re.S)
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-\d+z")
RECOVERY_CODE = re.compile(r"<li><code>([a-z0-9-]+)</code></li>")


def enrol_page(portico, http):
    page = http.get(portico.url("/me/mfa"))
    assert page.status_code == 200
    response = http.post(portico.url("/me/mfa/enrol"), data={"csrf": csrf_field(page.text), "name": "Phone"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.text


def sign_out(portico, http):
    page = http.get(portico.url("/me/sessions"))
    response = http.post(portico.url("/logout"), data={"csrf": csrf_field(page.text)}, allow_redirects=False)
    assert response.status_code == 303
    assert "portico_session" not in http.cookies


def code_step(portico, http, code):
    assert sign_in(portico, http).headers["Location"] == "/mfa"
    page = http.get(portico.url("/mfa"))
    return http.post(portico.url("/mfa"), allow_redirects=False, data={"csrf": csrf_field(page.text), "code": code})


def svg_as_pbm(svg_html, scale=4):
    """Rasterises the QR code's dark-module runs into a plain PBM image, `scale` pixels per module."""
    match = SVG.search(svg_html)
    assert match, "no QR code SVG in the page"
    extent = int(match.group(1))
    dark = set()
    for x, y, width in RUN.findall(match.group(3)):
        for dx in range(int(width)):
            dark.add((int(x) + dx, int(y)))
    pixels = ["1" if (x // scale, y // scale) in dark else "0" for y in range(extent * scale) for x in range(extent * scale)]
    # PBM readers may reject lines over 70 characters, so 32 pixels a line.
    lines = [" ".join(pixels[i:i + 32]) for i in range(0, len(pixels), 32)]
    return "P1\n%d %d\n%s\n" % (extent * scale, extent * scale, "\n".join(lines))


def test_enrol_with_pyotp_then_sign_in_with_codes_and_a_recovery_code(portico_with_admin, http):
    portico = portico_with_admin
    assert sign_in(portico, http).status_code == 303
    page = enrol_page(portico, http)
    assert '<svg ' in page and 'role="img"' in page
    secret = SECRET.search(page).group(1).replace(" ", "")
    uri = html.unescape(OTPAUTH.search(page).group(1))
    assert pyotp.parse_uri(uri).secret == secret
    assert uri.startswith("otpauth://totp/Portico:admin%40example.com?") and "issuer=Portico" in uri
    totp = pyotp.TOTP(secret)

    first_code = totp.now()
    confirmed = http.post(portico.url("/me/mfa/confirm"), data={
        "csrf": csrf_field(page), "device_id": DEVICE_ID.search(page).group(1), "code": first_code})
    assert confirmed.status_code == 200
    recovery_codes = RECOVERY_CODE.findall(confirmed.text)
    assert len(recovery_codes) == 10
    assert "Recovery codes left: <strong>10</strong>" in http.get(portico.url("/me/mfa")).text
    sign_out(portico, http)

    # The confirming code was used up; the next step's code is inside the ±1 window and newer.
    replay = code_step(portico, http, first_code)
    assert replay.status_code == 200 and "That code is not valid." in replay.text
    fresh = code_step(portico, http, totp.at(time.time() + 30))
    assert fresh.status_code == 303
    assert "portico_session" in http.cookies
    sign_out(portico, http)

    recovered = code_step(portico, http, recovery_codes[0].upper())
    assert recovered.status_code == 303
    sign_out(portico, http)
    again = code_step(portico, http, recovery_codes[0])
    assert again.status_code == 200 and "That code is not valid." in again.text
    assert "portico_session" not in http.cookies


@pytest.mark.skipif(not os.path.exists("/usr/bin/zbarimg"), reason="zbar-tools is not installed")
def test_the_qr_code_decodes_to_the_otpauth_uri(portico_with_admin, http):
    assert sign_in(portico_with_admin, http).status_code == 303
    page = enrol_page(portico_with_admin, http)
    with tempfile.NamedTemporaryFile("w", suffix=".pbm", delete=False) as image:
        image.write(svg_as_pbm(page))
    try:
        decoded = subprocess.run(["/usr/bin/zbarimg", "--raw", "-q", image.name], capture_output=True, text=True, check=True)
    finally:
        os.unlink(image.name)
    assert decoded.stdout.strip() == html.unescape(OTPAUTH.search(page).group(1))
