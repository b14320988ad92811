import JSON
import SAML

/// The JSON that ECS's container endpoint and EC2's instance metadata both answer with: `AccessKeyId`,
/// `SecretAccessKey`, `Token`, `Expiration` (ISO 8601).
enum MetadataCredentialsDocument {
    static func parse(_ body: [UInt8], source: String) throws(AWSCredentialError) -> AWSCredentials {
        guard case .object(let members)? = try? JSONNode.parse(body) else {
            throw AWSCredentialError(source: source, kind: .failed, reason: "the answer is not a JSON object")
        }
        func string(_ name: String) -> String? {
            if case .string(let text)? = members[name], !text.isEmpty { return text }
            return nil
        }
        guard let keyID = string("AccessKeyId"), let secret = string("SecretAccessKey") else {
            throw AWSCredentialError(source: source, kind: .failed, reason: "the answer has no AccessKeyId and SecretAccessKey")
        }
        var expiration: Int64?
        if let text = string("Expiration") {
            guard let seconds = SAMLInstant.parse(text) else {
                throw AWSCredentialError(source: source, kind: .failed, reason: "the answer's Expiration is not an ISO 8601 time")
            }
            expiration = seconds
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: string("Token"), expiration: expiration)
    }
}
