"""Console federation as a third party sees it: the IdP metadata read with lxml, and the SAML Response the
launch page would post to AWS verified by signxml against the certificate from that metadata."""
import base64
import html
import json
import os
import re
import subprocess
import tempfile
import urllib.parse

import requests
from lxml import etree
from signxml import XMLVerifier

from conftest import ADMIN_EMAIL, portico_binary
from test_sign_in import sign_in

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
NS = {"md": MD, "ds": DS, "saml": SAML, "samlp": SAMLP}
ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/"

ACCOUNT = "123456789012"
DESTINATION = "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions"
DIRECTORY = {
    "accounts": [{"id": ACCOUNT, "name": "interop", "email": "aws+interop@example.com", "ou": "root/interop",
                  "environment": "dev"}],
    "permission_sets": [{"name": "Developer", "session_duration": "PT4H"}],
    "assignments": [{"account": ACCOUNT, "permission_set": "Developer", "user": ADMIN_EMAIL}],
}


def apply_directory(portico):
    apply_directory_file(portico, DIRECTORY)


def apply_directory_file(portico, directory):
    """`portico apply` in its own process beside the running server, as SPEC §7 allows."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(directory, file)
    try:
        subprocess.run([portico_binary(), "apply", "--data-dir", portico.data_dir, file.name], check=True,
                       capture_output=True, timeout=30)
    finally:
        os.unlink(file.name)


def metadata_certificates(portico):
    response = requests.get(portico.url("/saml/metadata"), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/samlmetadata+xml"
    assert response.content.startswith(b"<?xml"), "UTF-8 without a byte-order mark"
    root = etree.fromstring(response.content)
    assert root.tag == "{%s}EntityDescriptor" % MD
    descriptor = root.find("md:IDPSSODescriptor", NS)
    assert descriptor.get("protocolSupportEnumeration") == "urn:oasis:names:tc:SAML:2.0:protocol"
    assert [e.text for e in descriptor.findall("md:NameIDFormat", NS)] == [
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"]
    services = descriptor.findall("md:SingleSignOnService", NS)
    assert {s.get("Location") for s in services} == {root.get("entityID").replace("/saml/metadata", "/start")}
    certificates = [e.text.strip() for e in descriptor.findall("md:KeyDescriptor[@use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)]
    assert certificates
    pems = ["-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(c[i:i + 64] for i in range(0, len(c), 64))
            for c in certificates]
    return root.get("entityID"), pems


def form_field(page, name):
    match = re.search(r'name="%s" value="([^"]*)"' % name, page)
    assert match, "no %s field in the launch page" % name
    return html.unescape(match.group(1))


def launch_path(role="Developer", destination=DESTINATION):
    return "/start/console?" + urllib.parse.urlencode(
        {"account_id": ACCOUNT, "role_name": role, "destination": destination})


def test_signxml_verifies_the_launch_assertion_against_the_metadata_certificate(portico_with_admin, http):
    apply_directory(portico_with_admin)
    entity_id, [certificate] = metadata_certificates(portico_with_admin)
    assert sign_in(portico_with_admin, http).status_code == 303

    page = http.get(portico_with_admin.url(launch_path()), allow_redirects=False)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "form-action 'self' https://signin.aws.amazon.com " in page.headers["Content-Security-Policy"]
    assert re.search(r'<form id="console-launch"[^>]* method="post" action="https://signin.aws.amazon.com/saml"', page.text)
    assert form_field(page.text, "RelayState") == DESTINATION
    document = base64.b64decode(form_field(page.text, "SAMLResponse"), validate=True)

    # The Response's signature (the first in document order) and then the Assertion's, each on its own.
    response = XMLVerifier().verify(document, x509_cert=certificate).signed_xml
    assert response.tag == "{%s}Response" % SAMLP
    assertion = response.find("saml:Assertion", NS)
    verified = XMLVerifier().verify(etree.tostring(assertion), x509_cert=certificate).signed_xml
    assert verified.tag == "{%s}Assertion" % SAML

    assert verified.find("saml:Issuer", NS).text == entity_id
    assert response.get("Destination") == "https://signin.aws.amazon.com/saml"
    confirmation = verified.find("saml:Subject/saml:SubjectConfirmation", NS)
    assert confirmation.get("Method") == "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    assert confirmation.find("saml:SubjectConfirmationData", NS).get("Recipient") == "https://signin.aws.amazon.com/saml"
    assert verified.find("saml:Conditions/saml:AudienceRestriction/saml:Audience", NS).text == "urn:amazon:webservices"
    attributes = {a.get("Name")[len(ATTRIBUTE):]: a.find("saml:AttributeValue", NS).text
                  for a in verified.findall("saml:AttributeStatement/saml:Attribute", NS)}
    assert attributes == {
        "Role": "arn:aws:iam::%s:role/Developer,arn:aws:iam::%s:saml-provider/Portico" % (ACCOUNT, ACCOUNT),
        "RoleSessionName": ADMIN_EMAIL,
        "SessionDuration": "14400",
    }


def test_a_tampered_assertion_fails_signxml(portico_with_admin, http):
    apply_directory(portico_with_admin)
    _, [certificate] = metadata_certificates(portico_with_admin)
    sign_in(portico_with_admin, http)
    page = http.get(portico_with_admin.url(launch_path()), allow_redirects=False)
    document = base64.b64decode(form_field(page.text, "SAMLResponse"))
    tampered = document.replace(b"role/Developer,", b"role/Administrator,")
    assert tampered != document
    try:
        XMLVerifier().verify(tampered, x509_cert=certificate)
    except Exception as error:  # signxml raises InvalidDigest / InvalidSignature
        assert "digest" in str(error).lower() or "signature" in str(error).lower()
    else:
        raise AssertionError("signxml accepted a changed Role")


def test_refusals_and_the_signed_out_shortcut(portico_with_admin, http):
    apply_directory(portico_with_admin)
    shortcut = launch_path()
    signed_out = http.get(portico_with_admin.url(shortcut), allow_redirects=False)
    assert signed_out.status_code == 303
    location = signed_out.headers["Location"]
    return_to = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["return_to"][0]
    assert return_to == shortcut

    login = sign_in(portico_with_admin, http, return_to=return_to)
    assert login.status_code == 303 and login.headers["Location"] == shortcut
    assert http.get(portico_with_admin.url(login.headers["Location"]), allow_redirects=False).status_code == 200

    outside = http.get(portico_with_admin.url(launch_path(destination="https://console.aws.amazon.com.evil.com/")),
                       allow_redirects=False)
    assert outside.status_code == 400 and "Location" not in outside.headers and "SAMLResponse" not in outside.text
    not_held = http.get(portico_with_admin.url(launch_path(role="Administrator")), allow_redirects=False)
    assert not_held.status_code == 403 and "Administrator" in not_held.text and "interop" not in not_held.text
