"""Signing in to Portico through a SAML 2.0 identity provider (issue 16), with pysaml2 as that provider.

Metadata is exchanged both ways as an admin would: pysaml2's IdP metadata (`create_metadata_string`) goes
into Portico's `identity_providers` as `metadata_xml`, and Portico's SP metadata, fetched over HTTP from
`/saml/sp/<key>/metadata`, is the only thing pysaml2 knows of Portico. requests plays the browser: it starts at
`/saml/sp/<key>/login`, pysaml2 parses the AuthnRequest from the redirect and answers it, and the answer is
posted to the ACS and completed at `/complete` with the binding cookie. Signatures are RSA-SHA256 with
SHA-256 digests, made by xmlsec1 as pysaml2 does.

The last test is the same in Chromium: a signed-out shortcut, the login page's "Sign in with …" button, a
tiny identity provider on loopback whose page posts pysaml2's answer back, and the console launch at the end.

Every server runs on a port chosen beforehand, so that the entity id, ACS URL and audience Portico checks
(built from its base URL) are the ones pysaml2 read in its metadata. Nothing leaves loopback."""
import base64
import datetime
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
import zlib

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
import saml2.entity
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_UNSPECIFIED, NameID
from saml2.server import Server
from saml2.sigver import pre_encryption_part
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from conftest import ADMIN_EMAIL, free_port, portico_binary
from test_browser_journey import AWSSignIn, assertion_attributes, browser  # noqa: F401 (browser is a fixture)
from test_console_federation import apply_directory_file
from test_sign_in import csrf_field, sign_in as password_sign_in

XMLSEC = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
KEY = "pysaml2"
PROVIDER = "Interop IdP"
DOMAINS = ["example.org", "tenant.onmicrosoft.com"]
CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
MAIL, GIVEN, SURNAME = CLAIMS + "emailaddress", CLAIMS + "givenname", CLAIMS + "surname"
DISPLAY = "http://schemas.microsoft.com/identity/claims/displayname"
GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
MULTIPLE_AUTHN = "http://schemas.microsoft.com/claims/multipleauthn"
AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
AES128_GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
NS = {"md": "urn:oasis:names:tc:SAML:2.0:metadata", "ds": "http://www.w3.org/2000/09/xmldsig#",
      "saml": "urn:oasis:names:tc:SAML:2.0:assertion", "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
      "xenc": "http://www.w3.org/2001/04/xmlenc#"}

JO = "jo@example.org"
ALICE, ALICE_GUEST = "alice@gmail.com", "alice_gmail.com#EXT#@tenant.onmicrosoft.com"
NEWCOMER = "new.person@example.org"
READERS = "aws-readers"
USERS = [
    {"email": ADMIN_EMAIL, "display_name": "Interop Admin", "admin": True},
    {"email": JO, "display_name": "Jo Example"},
    {"email": ALICE, "display_name": "Alice Guest"},
]


# ---------------------------------------------------------------------------------------------------------
# pysaml2 as the identity provider

def key_pair(directory, name):
    """An RSA key and a self-signed certificate for it, as PEM files in `directory`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    key_file, cert_file = os.path.join(directory, name + ".key"), os.path.join(directory, name + ".crt")
    with open(key_file, "wb") as file:
        file.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                     serialization.NoEncryption()))
    with open(cert_file, "wb") as file:
        file.write(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


class IdentityProvider:
    """pysaml2's `Server` as an identity provider with a key of its own; it knows Portico only by the SP
    metadata `trust` hands it."""

    def __init__(self, directory, sso_url, entity_id="https://idp.interop.test/saml2", name="idp"):
        self.entity_id, self.sso_url = entity_id, sso_url
        self.key_file, self.cert_file = key_pair(directory, name)
        self.server = None

    def config(self, sp_metadata=None):
        return {
            "entityid": self.entity_id,
            "xmlsec_binary": XMLSEC,
            "key_file": self.key_file,
            "cert_file": self.cert_file,
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "metadata": {"inline": [sp_metadata]} if sp_metadata else {},
            "service": {"idp": {
                "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                "name_id_format": [NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_UNSPECIFIED],
                "want_authn_requests_signed": False,
                "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                                       "name_form": NAME_FORMAT_URI}},
            }},
        }

    def metadata_xml(self):
        """pysaml2's own IdP metadata, what an admin would download from it."""
        return create_metadata_string(None, config=IdPConfig().load(self.config())).decode()

    def trust(self, sp_metadata):
        self.server = Server(config=IdPConfig().load(self.config(sp_metadata)))

    def parse(self, saml_request):
        """The AuthnRequest from the redirect binding's `SAMLRequest`."""
        return self.server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message

    def response(self, name_id, attributes, *, in_response_to=None, destination, audience, sign_response=True,
                 sign_assertion=True, encrypt=False, context=MULTIPLE_AUTHN):
        """The Response document (text) pysaml2 makes for `name_id`."""
        made = self.server.create_authn_response(
            attributes, in_response_to=in_response_to, destination=destination, sp_entity_id=audience,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=name_id),
            authn={"class_ref": context, "authn_auth": self.entity_id},
            sign_response=sign_response, sign_assertion=sign_assertion, encrypt_assertion=encrypt,
            sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
        return str(made)

    def answer(self, saml_request, name_id, attributes, **options):
        """SAMLResponse (base64) answering the redirect's request, and the ACS URL it names."""
        request = self.parse(saml_request)
        document = self.response(name_id, attributes, in_response_to=request.id,
                                 destination=request.assertion_consumer_service_url, audience=request.issuer.text,
                                 **options)
        return base64.b64encode(document.encode()).decode(), request.assertion_consumer_service_url

    def post_form(self, saml_request, name_id, attributes, relay_state=None):
        """The auto-submitting page pysaml2's HTTP-POST binding makes for its answer."""
        response, acs = self.answer(saml_request, name_id, attributes)
        return self.server.apply_binding(BINDING_HTTP_POST, base64.b64decode(response).decode(), acs,
                                         relay_state=relay_state or "", response=True)["data"]


def attributes_of(email, display_name, given="", family="", groups=()):
    values = {MAIL: email, DISPLAY: display_name}
    if given:
        values[GIVEN] = given
    if family:
        values[SURNAME] = family
    if groups:
        values[GROUPS] = list(groups)
    return values


# ---------------------------------------------------------------------------------------------------------
# Portico's side

def provider_entry(idp, **changes):
    entry = {"name": PROVIDER, "key": KEY, "metadata_xml": idp.metadata_xml(), "domains": DOMAINS,
             "attributes": {"email": MAIL, "display_name": DISPLAY, "given_name": GIVEN, "family_name": SURNAME,
                            "groups": GROUPS},
             "idp_initiated": True, "create_users": False, "trust_idp_mfa": True, "password_sign_in": True,
             "encrypt_assertions": False}
    return entry | changes


def configure(portico, idp, users=USERS, groups=(), **changes):
    """Applies the provider (and the users), then gives pysaml2 Portico's SP metadata; returns that metadata."""
    directory = {"identity_providers": [provider_entry(idp, **changes)]}
    if users is not None:
        directory["users"] = users
    if groups:
        directory["groups"] = [{"name": name, "members": []} for name in groups]
    apply_directory_file(portico, directory)
    metadata = requests.get(portico.url(f"/saml/sp/{KEY}/metadata"), timeout=10)
    assert metadata.status_code == 200, metadata.text
    idp.trust(metadata.text)
    return etree.fromstring(metadata.content)


def start(portico, browser, return_to="/me/sessions"):
    """`/saml/sp/<key>/login` at Portico: checks the redirect to the identity provider and the binding cookie;
    returns the redirect's Location."""
    started = browser.get(portico.url(f"/saml/sp/{KEY}/login"), params={"return_to": return_to}, allow_redirects=False)
    assert started.status_code == 303, started.text
    assert "portico_saml" in browser.cookies
    return started.headers["Location"]


def saml_request_of(location):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["SAMLRequest"][0]


def post_to_acs(portico, browser, saml_response, relay_state=None):
    fields = {"SAMLResponse": saml_response} | ({"RelayState": relay_state} if relay_state else {})
    return browser.post(portico.url(f"/saml/sp/{KEY}/acs"), data=fields, allow_redirects=False)


def complete(portico, browser, posted):
    """Follows the ACS's 303 to /complete; returns that answer."""
    assert posted.status_code == 303, posted.text[:2000]
    location = posted.headers["Location"]
    assert re.fullmatch(rf"/saml/sp/{KEY}/complete\?token=[A-Za-z0-9_-]+", location), location
    return browser.get(portico.url(location), allow_redirects=False)


def signed_in(portico, browser):
    """Whom the browser's session is for (the page header's email), or None: /me/sessions is 200 signed
    in, a 303 to the login page otherwise."""
    page = browser.get(portico.url("/me/sessions"), allow_redirects=False)
    if page.status_code == 303:
        assert urllib.parse.urlsplit(page.headers["Location"]).path == "/login", page.headers["Location"]
        return None
    assert page.status_code == 200, page.status_code
    return html.unescape(re.search(r'<span class="user-email">([^<]*)</span>', page.text).group(1))


def sign_in_through(portico, idp, browser, name_id, attributes, return_to="/me/sessions", **options):
    """The whole SP-initiated round: start, pysaml2's answer, ACS, complete; returns /complete's answer."""
    location = start(portico, browser, return_to)
    response, acs = idp.answer(saml_request_of(location), name_id, attributes, **options)
    assert acs == portico.url(f"/saml/sp/{KEY}/acs")
    return complete(portico, browser, post_to_acs(portico, browser, response))


def refusals(portico):
    """The `auth.signin` failures in the audit log, read by the admin, oldest first."""
    with requests.Session() as admin:
        assert password_sign_in(portico, admin).status_code == 303
        download = admin.get(portico.url("/admin/audit.jsonl?action=auth.signin"))
    assert download.status_code == 200
    events = [json.loads(line) for line in download.text.splitlines() if line]
    return [e for e in reversed(events) if e.get("outcome") == "failure" and e["details"].get("method") == "saml:" + KEY]


@pytest.fixture
def idp_files():
    directory = tempfile.mkdtemp(prefix="portico-pysaml2-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def idp(idp_files, portico_on_known_port):
    """pysaml2 as the identity provider, configured in Portico; its SSO URL is never visited by requests."""
    provider = IdentityProvider(idp_files, f"http://127.0.0.1:{free_port()}/sso")
    configure(portico_on_known_port, provider)
    return provider


# ---------------------------------------------------------------------------------------------------------
# Metadata both ways

def test_metadata_is_exchanged_both_ways(portico_on_known_port, idp):
    portico = portico_on_known_port
    metadata = etree.fromstring(requests.get(portico.url(f"/saml/sp/{KEY}/metadata"), timeout=10).content)
    assert metadata.get("entityID") == portico.url(f"/saml/sp/{KEY}")
    [acs] = metadata.findall("md:SPSSODescriptor/md:AssertionConsumerService", NS)
    assert (acs.get("Binding"), acs.get("Location")) == (BINDING_HTTP_POST, portico.url(f"/saml/sp/{KEY}/acs"))
    assert not metadata.findall(".//md:KeyDescriptor", NS), "no encryption key unless assertions are encrypted"
    # pysaml2 read it: it knows Portico's ACS by entity id.
    assert idp.server.metadata.assertion_consumer_service(portico.url(f"/saml/sp/{KEY}"), BINDING_HTTP_POST)[0][
        "location"] == portico.url(f"/saml/sp/{KEY}/acs")

    # And Portico read pysaml2's: the exported provider has its entity id, SSO URL and certificate.
    exported = export(portico)
    [provider] = exported["identity_providers"]
    assert (provider["entity_id"], provider["sso_url"]) == (idp.entity_id, idp.sso_url)
    with open(idp.cert_file) as file:
        assert [c.strip() for c in provider["certificates"]] == [file.read().strip()]

    login = requests.get(portico.url("/login"), timeout=10)
    assert f"Sign in with {PROVIDER}" in html.unescape(login.text)


def export(portico):
    exported = subprocess.run([portico_binary(), "export", "--data-dir", portico.data_dir], capture_output=True,
                              text=True, timeout=60)
    assert exported.returncode == 0, exported.stderr
    return json.loads(exported.stdout)


# ---------------------------------------------------------------------------------------------------------
# SP-initiated

def test_the_authn_request_is_what_pysaml2_expects(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    location = start(portico, http, "/start")
    assert location.startswith(idp.sso_url + "?")
    raw = zlib.decompress(base64.b64decode(saml_request_of(location)), -15)
    assert raw.startswith(b"<samlp:AuthnRequest"), raw[:200]
    request = idp.parse(saml_request_of(location))
    assert request.issuer.text == portico.url(f"/saml/sp/{KEY}")
    assert request.assertion_consumer_service_url == portico.url(f"/saml/sp/{KEY}/acs")
    assert request.destination == idp.sso_url
    assert request.protocol_binding == BINDING_HTTP_POST
    assert re.fullmatch(r"_[0-9a-f]{32}", request.id)


@pytest.mark.parametrize("signed", ["response", "assertion", "both"])
def test_sp_initiated_sign_in(portico_on_known_port, idp, http, signed):
    portico = portico_on_known_port
    assert not signed_in(portico, http)
    completed = sign_in_through(portico, idp, http, JO, attributes_of(JO, "Jo Example"), return_to="/me/sessions",
                                sign_response=signed in ("response", "both"),
                                sign_assertion=signed in ("assertion", "both"))
    assert completed.status_code == 303, completed.text[:2000]
    assert completed.headers["Location"] == "/me/sessions"
    assert "portico_session" in http.cookies
    assert signed_in(portico, http) == JO
    assert not refusals(portico)


def test_what_pysaml2_signed_is_what_was_asked(portico_on_known_port, idp, http):
    """The knobs do what their names say, so the three cases above test three different documents."""
    portico = portico_on_known_port
    request = idp.parse(saml_request_of(start(portico, http)))
    for sign_response, sign_assertion in [(True, False), (False, True), (True, True)]:
        document = etree.fromstring(idp.response(
            JO, attributes_of(JO, "Jo"), in_response_to=request.id, destination=request.assertion_consumer_service_url,
            audience=request.issuer.text, sign_response=sign_response, sign_assertion=sign_assertion).encode())
        assert (document.find("ds:Signature", NS) is not None) == sign_response
        assert (document.find("saml:Assertion/ds:Signature", NS) is not None) == sign_assertion
        for method in document.iter("{%s}SignatureMethod" % NS["ds"]):
            assert method.get("Algorithm") == SIG_RSA_SHA256
        for method in document.iter("{%s}DigestMethod" % NS["ds"]):
            assert method.get("Algorithm") == DIGEST_SHA256


def test_an_unsigned_response_is_refused(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = idp.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"), sign_response=False,
                             sign_assertion=False)
    refused = post_to_acs(portico, http, response)
    assert refused.status_code == 403
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["unsigned"]


# ---------------------------------------------------------------------------------------------------------
# IdP-initiated

def idp_initiated(portico, idp, name_id, attributes, **options):
    document = idp.response(name_id, attributes, destination=portico.url(f"/saml/sp/{KEY}/acs"),
                            audience=portico.url(f"/saml/sp/{KEY}"), **options)
    return base64.b64encode(document.encode()).decode()


def test_idp_initiated_sign_in_lands_on_start(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    response = idp_initiated(portico, idp, JO, attributes_of(JO, "Jo Example"))
    assert 'InResponseTo' not in base64.b64decode(response).decode()
    completed = complete(portico, http, post_to_acs(portico, http, response, relay_state="ignored"))
    assert completed.status_code == 303, completed.text[:2000]
    assert completed.headers["Location"] == "/start"
    assert signed_in(portico, http) == JO


def test_idp_initiated_is_refused_when_not_allowed(portico_on_known_port, idp_files, http):
    portico = portico_on_known_port
    provider = IdentityProvider(idp_files, f"http://127.0.0.1:{free_port()}/sso")
    configure(portico, provider, idp_initiated=False)
    refused = post_to_acs(portico, http, idp_initiated(portico, provider, JO, attributes_of(JO, "Jo")))
    assert refused.status_code == 403
    assert "Start again from Portico" in html.unescape(refused.text)
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["idp-initiated"]


# ---------------------------------------------------------------------------------------------------------
# Encrypted assertions

@pytest.fixture
def encrypting_idp(idp_files, portico_on_known_port):
    provider = IdentityProvider(idp_files, f"http://127.0.0.1:{free_port()}/sso")
    metadata = configure(portico_on_known_port, provider, encrypt_assertions=True)
    [descriptor] = metadata.findall("md:SPSSODescriptor/md:KeyDescriptor[@use='encryption']", NS)
    assert descriptor.find("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS).text.strip()
    return provider


def with_content_encryption(idp, monkeypatch, algorithm, session_key):
    """pysaml2 encrypts assertions with Triple DES and offers no setting for it: `pre_encryption_part` and
    the xmlsec1 session key type are what it hard-codes, so they are swapped here."""
    monkeypatch.setattr(saml2.entity, "pre_encryption_part", functools.partial(pre_encryption_part, msg_enc=algorithm))
    original = idp.server.sec.encrypt_assertion
    monkeypatch.setattr(idp.server.sec, "encrypt_assertion",
                        lambda statement, key, template, key_type=None, node_xpath=None:
                        original(statement, key, template, key_type=session_key, node_xpath=node_xpath))


@pytest.mark.parametrize("algorithm, session_key", [(AES256_CBC, "aes-256"), (AES128_GCM, "aes-128")])
def test_encrypted_assertion_to_portico_s_metadata_certificate(portico_on_known_port, encrypting_idp, http,
                                                                monkeypatch, algorithm, session_key):
    portico = portico_on_known_port
    with_content_encryption(encrypting_idp, monkeypatch, algorithm, session_key)
    location = start(portico, http)
    response, _ = encrypting_idp.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"), encrypt=True,
                                        sign_response=True, sign_assertion=True)
    document = etree.fromstring(base64.b64decode(response))
    assert document.find("saml:Assertion", NS) is None
    [method] = document.findall("saml:EncryptedAssertion//xenc:EncryptedData/xenc:EncryptionMethod", NS)
    assert method.get("Algorithm") == algorithm
    completed = complete(portico, http, post_to_acs(portico, http, response))
    assert completed.status_code == 303, completed.text[:2000]
    assert signed_in(portico, http) == JO


def test_pysaml2_s_default_triple_des_is_refused(portico_on_known_port, encrypting_idp, http):
    """pysaml2 on its own encrypts with Triple DES, which Portico refuses as weak (as its metadata says:
    it offers AES-GCM and AES-CBC only)."""
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = encrypting_idp.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"), encrypt=True)
    assert b"tripledes-cbc" in base64.b64decode(response)
    refused = post_to_acs(portico, http, response)
    assert refused.status_code == 403
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["weak-algorithm"]


# ---------------------------------------------------------------------------------------------------------
# Whom the assertion signs in

def test_an_entra_guest_is_matched_by_mail(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    completed = sign_in_through(portico, idp, http, ALICE_GUEST, attributes_of(ALICE, "Alice Guest"))
    assert completed.status_code == 303, completed.text[:2000]
    assert signed_in(portico, http) == ALICE


def test_an_unknown_person_is_refused_without_create_users(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = idp.answer(saml_request_of(location), NEWCOMER, attributes_of(NEWCOMER, "New Person"))
    refused = post_to_acs(portico, http, response)
    assert refused.status_code == 403
    assert "no user for you" in html.unescape(refused.text)
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["unknown-user"]
    assert NEWCOMER not in {u["email"] for u in export(portico)["users"]}


def test_just_in_time_user_joins_the_groups_the_claim_names(portico_on_known_port, idp_files, http):
    portico = portico_on_known_port
    provider = IdentityProvider(idp_files, f"http://127.0.0.1:{free_port()}/sso")
    configure(portico, provider, groups=[READERS], create_users=True)
    completed = sign_in_through(portico, provider, http, NEWCOMER, attributes_of(
        NEWCOMER, "New Person", given="New", family="Person", groups=[READERS, "no-such-group"]))
    assert completed.status_code == 303, completed.text[:2000]
    assert signed_in(portico, http) == NEWCOMER

    directory = export(portico)
    users = {u["email"]: u for u in directory["users"]}
    assert users[NEWCOMER]["display_name"] == "New Person"
    [readers] = [g for g in directory["groups"] if g["name"] == READERS]
    assert readers["members"] == [NEWCOMER]
    assert "no-such-group" not in {g["name"] for g in directory["groups"]}, "groups are mapped, never created"


def test_a_name_outside_the_provider_s_domains_is_refused(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = idp.answer(saml_request_of(location), ADMIN_EMAIL, attributes_of(ADMIN_EMAIL, "Not the admin"))
    refused = post_to_acs(portico, http, response)
    assert refused.status_code == 403
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["outside-domains"]


# ---------------------------------------------------------------------------------------------------------
# Refusals

def test_a_response_signed_by_another_key_is_refused(portico_on_known_port, idp, idp_files, http):
    portico = portico_on_known_port
    impostor = IdentityProvider(idp_files, idp.sso_url, entity_id=idp.entity_id, name="impostor")
    impostor.trust(requests.get(portico.url(f"/saml/sp/{KEY}/metadata"), timeout=10).text)
    location = start(portico, http)
    for sign_response, sign_assertion in [(True, False), (False, True), (True, True)]:
        response, _ = impostor.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"),
                                      sign_response=sign_response, sign_assertion=sign_assertion)
        refused = post_to_acs(portico, http, response)
        assert refused.status_code == 403, (sign_response, sign_assertion)
        assert "SAMLResponse" not in refused.text and "portico_session" not in http.cookies
    assert not signed_in(portico, http)
    assert [e["details"]["reason"] for e in refusals(portico)] == ["bad-signature"] * 3


def test_a_used_response_cannot_be_replayed(portico_on_known_port, idp, http):
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = idp.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"))
    assert complete(portico, http, post_to_acs(portico, http, response)).status_code == 303
    assert signed_in(portico, http) == JO

    # The same response, captured and posted from another browser, even one that started a sign-in itself.
    with requests.Session() as attacker:
        start(portico, attacker)
        replayed = post_to_acs(portico, attacker, response)
        assert replayed.status_code == 403
        assert not signed_in(portico, attacker)

    # An IdP-initiated response (no request to use up): the second post is the replay cache's.
    unsolicited = idp_initiated(portico, idp, JO, attributes_of(JO, "Jo"))
    with requests.Session() as first:
        assert complete(portico, first, post_to_acs(portico, first, unsolicited)).status_code == 303
    with requests.Session() as attacker:
        replayed = post_to_acs(portico, attacker, unsolicited)
        assert replayed.status_code == 403
        assert not signed_in(portico, attacker)
    # Both are named as what they are: the replay cache answers before anything else is looked at.
    assert [e["details"]["reason"] for e in refusals(portico)] == ["replay", "replay"]


def test_an_answer_completed_in_another_browser_is_refused(portico_on_known_port, idp, http):
    """The pending sign-in is bound to the browser that asked: a victim lured to someone else's /complete."""
    portico = portico_on_known_port
    location = start(portico, http)
    response, _ = idp.answer(saml_request_of(location), JO, attributes_of(JO, "Jo"))
    posted = post_to_acs(portico, http, response)
    assert posted.status_code == 303
    with requests.Session() as other:
        refused = other.get(portico.url(posted.headers["Location"]), allow_redirects=False)
        assert refused.status_code == 403
        assert not signed_in(portico, other)
    assert not signed_in(portico, http)


def test_an_email_of_the_provider_s_domain_is_sent_there(portico_on_known_port, idp, http):
    """The login form with the email alone: a name in the provider's domains goes to the provider."""
    portico = portico_on_known_port
    page = http.get(portico.url("/login"))
    typed = http.post(portico.url("/login"), allow_redirects=False, data={
        "csrf": csrf_field(page.text), "email": JO, "password": "", "return_to": "/me/sessions"})
    assert typed.status_code == 303, typed.text[:2000]
    started = http.get(portico.url(typed.headers["Location"]), allow_redirects=False)
    assert started.status_code == 303 and started.headers["Location"].startswith(idp.sso_url + "?")
    response, _ = idp.answer(saml_request_of(started.headers["Location"]), JO, attributes_of(JO, "Jo"))
    completed = complete(portico, http, post_to_acs(portico, http, response))
    assert (completed.status_code, completed.headers.get("Location")) == (303, "/me/sessions")
    assert signed_in(portico, http) == JO


# ---------------------------------------------------------------------------------------------------------
# In a browser: a signed-out shortcut, the login page's button, the identity provider's page, the console

ACCOUNT, ROLE = "444455556666", "ReadOnlyAccess"
DESTINATION = "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1"


class IdentityProviderPages(http.server.ThreadingHTTPServer):
    """The identity provider's web side on loopback: its SSO URL takes the redirect binding's request,
    signs the person in at once (there is nobody to ask) and answers with pysaml2's auto-submitting form."""

    def __init__(self, port, person):
        self.idp, self.person, self.requests = None, person, []
        super().__init__(("127.0.0.1", port), IdentityProviderHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class IdentityProviderHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path != "/sso" or "SAMLRequest" not in query:
            self.send_error(404)
            return
        self.server.requests.append(query)
        name_id, attributes = self.server.person
        body = self.server.idp.post_form(query["SAMLRequest"][0], name_id, attributes,
                                         relay_state=query.get("RelayState", [""])[0]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_signed_out_shortcut_through_the_identity_provider_to_the_console(portico_on_known_port, idp_files, browser):
    portico = portico_on_known_port
    port = free_port()
    pages = IdentityProviderPages(port, (JO, attributes_of(JO, "Jo Example")))
    try:
        pages.idp = IdentityProvider(idp_files, f"http://127.0.0.1:{port}/sso")
        configure(portico, pages.idp)
        apply_directory_file(portico, {
            "accounts": [{"id": ACCOUNT, "name": "saml-interop", "email": "aws+saml@example.com", "ou": "root/interop",
                          "environment": "dev"}],
            "permission_sets": [{"name": ROLE, "session_duration": "PT1H"}],
            "assignments": [{"account": ACCOUNT, "permission_set": ROLE, "user": JO}],
        })
        context = browser.new_context()
        aws = AWSSignIn(context)
        page = context.new_page()
        fragment = urllib.parse.urlencode({"account_id": ACCOUNT, "role_name": ROLE, "destination": DESTINATION})
        page.goto(portico.url("/start/#/console?" + fragment))
        page.wait_for_url("**/login**")
        page.get_by_role("link", name=f"Sign in with {PROVIDER}").click()

        post = aws.wait_for_post(page)
        assert len(pages.requests) == 1, "the browser went through the identity provider once"
        assert post["method"] == "POST" and post["RelayState"] == DESTINATION
        attributes = assertion_attributes(post["SAMLResponse"])
        assert attributes["Role"][0].startswith(f"arn:aws:iam::{ACCOUNT}:role/{ROLE},")
        assert attributes["RoleSessionName"] == [JO]
        assert attributes["SessionDuration"] == ["3600"]
        context.close()
    finally:
        pages.shutdown()
        pages.server_close()
