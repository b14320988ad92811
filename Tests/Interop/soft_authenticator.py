"""A software WebAuthn authenticator built from Yubico's python-fido2 types (COSE keys, CBOR, authenticator and
client data) and `cryptography`'s keys: what a browser and a security key together post to Portico.

Not soft-webauthn from PyPI: its 0.1.4 pins fido2 below 2.0, signs with ES256 only and never sets the
user-verified flag, which a passkey sign-in needs. Here every byte comes from an encoder that is not
Portico's, so the tests check Portico against an independent implementation of the same formats.

Used by test_webauthn_protocol.py and scripts/bench-webauthn."""
import base64
import hashlib
import os
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from fido2.cose import ES256, RS256, EdDSA
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

CHALLENGE = re.compile(r'data-challenge="([^"]*)"')


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def page_challenge(html):
    """The one-time challenge a page gives `webauthn.js` (`data-challenge`), decoded."""
    match = CHALLENGE.search(html)
    assert match, "no data-challenge on the page"
    return from_b64url(match.group(1))


class SoftAuthenticator:
    """One credential on a software key: ES256 (P-256), EdDSA (Ed25519) or RS256 (RSA 2048), with a counter."""

    FLAG = AuthenticatorData.FLAG

    def __init__(self, algorithm="ES256"):
        self.algorithm = algorithm
        self.credential_id = os.urandom(16)
        self.sign_count = 0
        if algorithm == "ES256":
            self.private_key = ec.generate_private_key(ec.SECP256R1())
            self.cose_key = ES256.from_cryptography_key(self.private_key.public_key())
        elif algorithm == "EdDSA":
            self.private_key = ed25519.Ed25519PrivateKey.generate()
            self.cose_key = EdDSA.from_cryptography_key(self.private_key.public_key())
        elif algorithm == "RS256":
            self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self.cose_key = RS256.from_cryptography_key(self.private_key.public_key())
        else:
            raise ValueError(algorithm)

    def sign(self, message):
        if self.algorithm == "ES256":
            return self.private_key.sign(message, ec.ECDSA(hashes.SHA256()))
        if self.algorithm == "EdDSA":
            return self.private_key.sign(message)
        return self.private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())

    @staticmethod
    def client_data(type_, challenge, origin):
        return bytes(CollectedClientData.create(type=type_, challenge=challenge, origin=origin))

    def register(self, challenge, rp_id, origin, user_verified=True):
        """`navigator.credentials.create` with attestation `none`: (clientDataJSON, attestationObject)."""
        flags = self.FLAG.UP | self.FLAG.AT | (self.FLAG.UV if user_verified else 0)
        credential = AttestedCredentialData.create(b"\0" * 16, self.credential_id, self.cose_key)
        auth_data = AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, self.sign_count, bytes(credential))
        attestation = AttestationObject.create("none", auth_data, {})
        return self.client_data("webauthn.create", challenge, origin), bytes(attestation)

    def assert_(self, challenge, rp_id, origin, user_verified=True, count_use=True):
        """`navigator.credentials.get`: (clientDataJSON, authenticatorData, signature), one more use counted."""
        if count_use:
            self.sign_count += 1
        flags = self.FLAG.UP | (self.FLAG.UV if user_verified else 0)
        auth_data = bytes(AuthenticatorData.create(hashlib.sha256(rp_id.encode()).digest(), flags, self.sign_count))
        client_data = self.client_data("webauthn.get", challenge, origin)
        return client_data, auth_data, self.sign(auth_data + hashlib.sha256(client_data).digest())


def registration_form(key, csrf, client_data, attestation_object, name="YubiKey", discoverable=True):
    """The fields `webauthn.js` posts after `navigator.credentials.create`."""
    return {"csrf": csrf, "name": name, "credential_id": b64url(key.credential_id), "client_data": b64url(client_data),
            "attestation_object": b64url(attestation_object), "transports": "usb",
            "discoverable": "true" if discoverable else "false"}


def assertion_form(key, csrf, client_data, auth_data, signature, user_handle=b"", return_to=""):
    """The fields `webauthn.js` posts after `navigator.credentials.get`."""
    return {"csrf": csrf, "credential_id": b64url(key.credential_id), "client_data": b64url(client_data),
            "authenticator_data": b64url(auth_data), "signature": b64url(signature), "user_handle": b64url(user_handle),
            "return_to": return_to}

