/// The COSE signature algorithms Portico verifies (IANA "COSE Algorithms" registry), and the values a
/// registration's `pubKeyCredParams` offers.
package enum COSEAlgorithm: Int64, CaseIterable, Hashable, Sendable {
    /// ECDSA over P-256 with SHA-256 (RFC 9053 §2.1); what nearly every security key uses.
    case es256 = -7
    /// EdDSA, here Ed25519 only (RFC 9053 §2.2).
    case edDSA = -8
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812 §2); Windows Hello's TPM keys.
    case rs256 = -257

    /// The registry's name, with what it means.
    package var name: String {
        switch self {
        case .es256: "ES256 (ECDSA P-256 with SHA-256)"
        case .edDSA: "EdDSA (Ed25519)"
        case .rs256: "RS256 (RSASSA-PKCS1-v1_5 with SHA-256)"
        }
    }

    /// A name for any algorithm number, known or not, for messages.
    package static func describe(_ value: Int64) -> String {
        COSEAlgorithm(rawValue: value)?.name ?? "COSE algorithm \(value)"
    }
}
