#!/usr/bin/env python3
"""Writes ceremonies.json and seeds cbor-corpus/ for WebAuthnTests: a software authenticator.

Run from this directory with the project's venv (cryptography, fido2==2.2.1 for its CBOR encoder):
    /work/main/.venv/bin/python make-fixtures.py
The keys are fixed (derived from constants, the RSA key read from rsa-credential.pem) so that regenerating
gives the same credentials; ECDSA signatures differ on every run, which the tests do not mind.
"""
import base64
import datetime
import hashlib
import json
import os
import struct

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import NameOID
from fido2 import cbor

ORIGIN = "http://localhost:8080"
RP_ID = "localhost"
REGISTRATION_CHALLENGE = bytes(range(32))
ASSERTION_CHALLENGE = bytes(range(32, 64))
AAGUID = bytes.fromhex("00112233445566778899aabbccddeeff")

UP, UV, BE, BS, AT, ED = 0x01, 0x04, 0x08, 0x10, 0x40, 0x80


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def client_data(kind, challenge, origin=ORIGIN, **extra):
    fields = {"type": kind, "challenge": b64(challenge), "origin": origin, "crossOrigin": False}
    fields.update(extra)
    return json.dumps(fields, separators=(",", ":")).encode()


def auth_data(flags, count, rp_id=RP_ID, credential=None, extensions=None, aaguid=AAGUID):
    data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", count)
    if credential is not None:
        credential_id, cose_key = credential
        data += aaguid + struct.pack(">H", len(credential_id)) + credential_id + cbor.encode(cose_key)
    if extensions is not None:
        data += cbor.encode(extensions)
    return data


class Credential:
    def __init__(self, name, private, cose_key, credential_id):
        self.name, self.private, self.cose_key, self.id = name, private, cose_key, credential_id

    def sign(self, message):
        if isinstance(self.private, ec.EllipticCurvePrivateKey):
            return self.private.sign(message, ec.ECDSA(hashes.SHA256()))
        if isinstance(self.private, rsa.RSAPrivateKey):
            return self.private.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return self.private.sign(message)


def ec_cose(private, alg=-7, crv=1):
    numbers = private.public_key().public_numbers()
    size = (private.curve.key_size + 7) // 8
    return {1: 2, 3: alg, -1: crv, -2: numbers.x.to_bytes(size, "big"), -3: numbers.y.to_bytes(size, "big")}


def credentials():
    p256 = ec.derive_private_key(0x5EC0_0001_D00D_FEED_1234_5678_9ABC_DEF0, ec.SECP256R1())
    with open("rsa-credential.pem", "rb") as file:
        rsa_key = serialization.load_pem_private_key(file.read(), password=None)
    numbers = rsa_key.public_key().public_numbers()
    rsa_cose = {1: 3, 3: -257, -1: numbers.n.to_bytes(256, "big"), -2: numbers.e.to_bytes(3, "big")}
    ed = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
    ed_cose = {1: 1, 3: -8, -1: 6, -2: ed.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)}
    return [
        Credential("es256", p256, ec_cose(p256), b"es256-credential-" + bytes(range(16))),
        Credential("rs256", rsa_key, rsa_cose, b"rs256-credential"),
        Credential("eddsa", ed, ed_cose, bytes(64)),
    ]


def attestation_certificate(private, ca=False):
    # The subject and extensions WebAuthn §8.2.1 asks of a packed attestation certificate.
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Portico Test"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Authenticator Attestation"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Portico Test Attestation"),
    ])
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
        .serial_number(1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        # id-fido-gen-ce-aaguid: the model's AAGUID as a DER OCTET STRING, which must match the authenticator data.
        .add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.45724.1.1.4"), b"\x04\x10" + AAGUID), critical=False)
        .sign(private, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.DER)


def registration(credential, fmt="none", statement=None, flags=UP | UV, count=0, cose_key=None, aaguid=AAGUID):
    client = client_data("webauthn.create", REGISTRATION_CHALLENGE)
    data = auth_data(flags | AT, count, credential=(credential.id, cose_key or credential.cose_key), aaguid=aaguid)
    if callable(statement):
        statement = statement(data + hashlib.sha256(client).digest(), data, client)
    attestation = cbor.encode({"fmt": fmt, "attStmt": statement or {}, "authData": data})
    return {"clientDataJSON": b64(client), "attestationObject": b64(attestation)}, data, attestation


def assertion(credential, flags=UP | UV, count=7, rp_id=RP_ID, kind="webauthn.get", extensions=None):
    client = client_data(kind, ASSERTION_CHALLENGE)
    data = auth_data(flags | (ED if extensions else 0), count, rp_id=rp_id, extensions=extensions)
    signature = credential.sign(data + hashlib.sha256(client).digest())
    return {"clientDataJSON": b64(client), "authenticatorData": b64(data), "signature": b64(signature), "signCount": count}, data


def main():
    cases = {"origin": ORIGIN, "rpId": RP_ID, "registrationChallenge": b64(REGISTRATION_CHALLENGE),
             "assertionChallenge": b64(ASSERTION_CHALLENGE), "aaguid": b64(AAGUID)}
    corpus = {}
    for credential in credentials():
        reg, reg_data, attestation = registration(credential)
        get, get_data = assertion(credential)
        key = cbor.encode(credential.cose_key)
        cases[credential.name] = {"credentialId": b64(credential.id), "publicKey": b64(key), "registration": reg, "assertion": get}
        corpus[f"{credential.name}-attestation-object"] = attestation
        corpus[f"{credential.name}-registration-authdata"] = reg_data
        corpus[f"{credential.name}-assertion-authdata"] = get_data
        corpus[f"{credential.name}-cose-key"] = key
    es256 = credentials()[0]

    # Assertions that are signed correctly but say something the relying party must refuse.
    cases["assertionOtherRelyingParty"], _ = assertion(es256, rp_id="evil.example")
    cases["assertionWithoutUserPresence"], _ = assertion(es256, flags=UV)
    cases["assertionWithoutUserVerification"], _ = assertion(es256, flags=UP)
    cases["assertionBackedUpNotEligible"], _ = assertion(es256, flags=UP | UV | BS)
    cases["assertionPasskey"], _ = assertion(es256, flags=UP | UV | BE | BS)
    cases["assertionZeroCounter"], _ = assertion(es256, count=0)
    cases["assertionOfCreateType"], _ = assertion(es256, kind="webauthn.create")
    cases["assertionWithExtensions"], ext_data = assertion(es256, extensions={"credProps": {"rk": True}})
    corpus["assertion-with-extensions-authdata"] = ext_data
    cases["registrationWithoutUserVerification"], _, _ = registration(es256, flags=UP)

    # Attestation formats other than none.
    cases["packedSelf"], _, packed = registration(
        es256, "packed", lambda signed, data, client: {"alg": -7, "sig": es256.sign(signed)})
    corpus["packed-self-attestation-object"] = packed
    attestation_key = ec.derive_private_key(0xA77E_57A7_10A0_0001, ec.SECP256R1())
    certificate = attestation_certificate(attestation_key)
    cases["attestationCertificate"] = b64(certificate)
    cases["packedX5c"], _, packed_x5c = registration(
        es256, "packed",
        lambda signed, data, client: {"alg": -7, "sig": attestation_key.sign(signed, ec.ECDSA(hashes.SHA256())), "x5c": [certificate]})
    corpus["packed-x5c-attestation-object"] = packed_x5c
    def packed_x5c(signed, data, client):
        return {"alg": -7, "sig": attestation_key.sign(signed, ec.ECDSA(hashes.SHA256())), "x5c": [certificate]}
    cases["packedX5cOtherAAGUID"], _, _ = registration(es256, "packed", packed_x5c, aaguid=bytes(16))
    ca_certificate = attestation_certificate(attestation_key, ca=True)
    cases["packedX5cCA"], _, _ = registration(
        es256, "packed",
        lambda signed, data, client: {"alg": -7, "sig": attestation_key.sign(signed, ec.ECDSA(hashes.SHA256())), "x5c": [ca_certificate]})
    cases["packedBadSignature"], _, _ = registration(
        es256, "packed", lambda signed, data, client: {"alg": -7, "sig": es256.sign(signed + b"x")})
    cases["packedWrongAlgorithm"], _, _ = registration(
        es256, "packed", lambda signed, data, client: {"alg": -257, "sig": es256.sign(signed)})

    def u2f(signed, data, client):
        point = es256.cose_key[-2] + es256.cose_key[-3]
        message = b"\x00" + data[:32] + hashlib.sha256(client).digest() + es256.id + b"\x04" + point
        return {"sig": attestation_key.sign(message, ec.ECDSA(hashes.SHA256())), "x5c": [certificate]}
    cases["fidoU2F"], _, u2f_object = registration(es256, "fido-u2f", u2f)
    corpus["fido-u2f-attestation-object"] = u2f_object
    cases["fidoU2FBadSignature"], _, _ = registration(
        es256, "fido-u2f", lambda signed, data, client: {"sig": attestation_key.sign(b"other", ec.ECDSA(hashes.SHA256())), "x5c": [certificate]})
    cases["noneWithStatement"], _, _ = registration(es256, "none", {"sig": b"\x01"})
    cases["unknownFormat"], _, _ = registration(es256, "android-key", {"alg": -7, "sig": b"\x01"})

    # A key Portico does not support: ES384 (crv 2, alg -35).
    p384 = ec.derive_private_key(0x384, ec.SECP384R1())
    cases["es384Registration"], _, es384 = registration(es256, cose_key=ec_cose(p384, alg=-35, crv=2))
    corpus["es384-attestation-object"] = es384

    check_with_fido2(cases)
    with open("ceremonies.json", "w") as file:
        json.dump(cases, file, indent=2, sort_keys=True)
        file.write("\n")
    os.makedirs("cbor-corpus", exist_ok=True)
    for name, data in corpus.items():
        with open(os.path.join("cbor-corpus", name), "wb") as file:
            file.write(data)


def check_with_fido2(cases):
    """The valid responses also pass python-fido2's own checks, so the fixtures do not just agree with Portico."""
    from fido2.attestation import FidoU2FAttestation, NoneAttestation, PackedAttestation
    from fido2.cose import CoseKey
    from fido2.webauthn import AttestationObject

    def unb64(text):
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    checks = [("es256", NoneAttestation()), ("rs256", NoneAttestation()), ("eddsa", NoneAttestation()),
              ("packedSelf", PackedAttestation()), ("packedX5c", PackedAttestation()), ("fidoU2F", FidoU2FAttestation())]
    for name, verifier in checks:
        response = cases[name]["registration"] if "registration" in cases[name] else cases[name]
        attestation = AttestationObject(unb64(response["attestationObject"]))
        verifier.verify(attestation.att_stmt, attestation.auth_data, hashlib.sha256(unb64(response["clientDataJSON"])).digest())
    for name in ["es256", "rs256", "eddsa"]:
        key = CoseKey.parse(cbor.decode(unb64(cases[name]["publicKey"])))
        response = cases[name]["assertion"]
        key.verify(unb64(response["authenticatorData"]) + hashlib.sha256(unb64(response["clientDataJSON"])).digest(),
                   unb64(response["signature"]))


if __name__ == "__main__":
    main()
