import Crypto
import Foundation
import JSON
import WebAuthn

/// `Fixtures/ceremonies.json`: registrations and assertions made by a software authenticator
/// (`Fixtures/make-fixtures.py`, Python `cryptography` and `fido2`) for `http://localhost:8080`.
enum CeremonyFixtures {
    static let root: [String: JSONNode] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/ceremonies", withExtension: "json"),
            let data = FileManager.default.contents(atPath: url.path),
            case .object(let members) = try? JSONNode.parse([UInt8](data))
        else { fatalError("Fixtures/ceremonies.json is missing or unreadable") }
        return members
    }()

    static let relyingParty = try! RelyingParty(baseURL: "http://localhost:8080/")
    static let registrationChallenge = bytes(root, "registrationChallenge")
    static let assertionChallenge = bytes(root, "assertionChallenge")

    /// A registration response: what `navigator.credentials.create()` gives the page.
    struct Registration {
        let clientDataJSON: [UInt8]
        let attestationObject: [UInt8]

        func verify(
            challenge: [UInt8] = CeremonyFixtures.registrationChallenge, relyingParty: RelyingParty = CeremonyFixtures.relyingParty,
            requireUserVerification: Bool = false
        ) throws(WebAuthnError) -> RegisteredCredential {
            try WebAuthnVerifier.verifyRegistration(
                clientDataJSON: clientDataJSON, attestationObject: attestationObject, expectedChallenge: challenge,
                relyingParty: relyingParty, requireUserVerification: requireUserVerification)
        }
    }

    /// An assertion response: what `navigator.credentials.get()` gives the page.
    struct Assertion {
        let clientDataJSON: [UInt8]
        let authenticatorData: [UInt8]
        let signature: [UInt8]
        let signCount: UInt32

        func verify(
            publicKey: COSEKey, storedSignCount: UInt32 = 3, challenge: [UInt8] = CeremonyFixtures.assertionChallenge,
            relyingParty: RelyingParty = CeremonyFixtures.relyingParty, requireUserVerification: Bool = false
        ) throws(WebAuthnError) -> VerifiedAssertion {
            try WebAuthnVerifier.verifyAssertion(
                clientDataJSON: clientDataJSON, authenticatorData: authenticatorData, signature: signature,
                expectedChallenge: challenge, relyingParty: relyingParty, publicKey: publicKey, storedSignCount: storedSignCount,
                requireUserVerification: requireUserVerification)
        }
    }

    /// One credential's fixtures: `es256`, `rs256` or `eddsa`.
    struct Credential {
        let id: [UInt8]
        let publicKeyBytes: [UInt8]
        let registration: Registration
        let assertion: Assertion

        var publicKey: COSEKey { try! COSEKey.parse(publicKeyBytes) }
    }

    static func credential(_ name: String) -> Credential {
        let members = object(root, name)
        return Credential(
            id: bytes(members, "credentialId"), publicKeyBytes: bytes(members, "publicKey"),
            registration: registration(in: members, "registration"), assertion: assertion(in: members, "assertion"))
    }

    static func registration(_ name: String) -> Registration { registration(in: root, name) }

    static func assertion(_ name: String) -> Assertion { assertion(in: root, name) }

    /// The `WebAuthnError` that `body` throws, or nil when it succeeds (or throws something else, which the
    /// comparison that follows then reports).
    static func refusal(_ body: () throws -> Void) -> WebAuthnError? {
        do {
            try body()
            return nil
        } catch {
            return error as? WebAuthnError
        }
    }

    static func bytes(_ members: [String: JSONNode], _ name: String) -> [UInt8] {
        guard case .string(let text) = members[name], let bytes = Base64URL.decode(text) else { fatalError("fixture \(name)") }
        return bytes
    }

    private static func object(_ members: [String: JSONNode], _ name: String) -> [String: JSONNode] {
        guard case .object(let object) = members[name] else { fatalError("fixture \(name)") }
        return object
    }

    private static func registration(in members: [String: JSONNode], _ name: String) -> Registration {
        let fields = object(members, name)
        return Registration(clientDataJSON: bytes(fields, "clientDataJSON"), attestationObject: bytes(fields, "attestationObject"))
    }

    private static func assertion(in members: [String: JSONNode], _ name: String) -> Assertion {
        let fields = object(members, name)
        guard case .number(let count) = fields["signCount"] else { fatalError("fixture \(name).signCount") }
        return Assertion(
            clientDataJSON: bytes(fields, "clientDataJSON"), authenticatorData: bytes(fields, "authenticatorData"),
            signature: bytes(fields, "signature"), signCount: UInt32(count))
    }
}
