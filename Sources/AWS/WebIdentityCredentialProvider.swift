import Crypto
import Domain
import FoundationEssentials
import HTTPClient
import SAML

/// A web-identity token (EKS service accounts, GitHub Actions) exchanged at STS for a role's session:
/// `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`, optionally `AWS_ROLE_SESSION_NAME`.
///
/// `AssumeRoleWithWebIdentity` is one of STS's unsigned actions (the token is the proof), so this is a plain Query
/// API POST. The file is read on every call because the platform rotates it.
package struct WebIdentityCredentialProvider: AWSCredentialProvider {
    package static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    package let environment: [String: String]
    package let endpoint: STSEndpoint
    package let client: HTTPSClient

    package init(environment: [String: String], endpoint: STSEndpoint, client: HTTPSClient = HTTPSClient()) {
        self.environment = environment
        self.endpoint = endpoint
        self.client = client
    }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !tokenFile.isEmpty else {
            throw error(.notConfigured, "AWS_WEB_IDENTITY_TOKEN_FILE is not set")
        }
        guard let roleARN = environment["AWS_ROLE_ARN"], !roleARN.isEmpty else {
            throw error(.failed, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: tokenFile)) else {
            throw error(.failed, "the token file \(tokenFile) cannot be read")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingWhitespace()
        guard !token.isEmpty else { throw error(.failed, "the token file \(tokenFile) is empty") }
        let sessionName = environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "portico"
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ]
        .map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        let response: OutboundResponse
        do throws(OutboundError) {
            response = try client.send(
                OutboundRequest(
                    method: "POST", url: endpoint.url,
                    headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")], body: Array(form.utf8)))
        } catch {
            throw self.error(.failed, "STS at \(endpoint.url) cannot be reached: \(error.message)")
        }
        return try parse(String(decoding: response.body, as: UTF8.self), status: response.status)
    }

    /// Reads `AssumeRoleWithWebIdentityResponse` as `AssumeRoleWithSAMLResponse` reads its sibling.
    func parse(_ body: String, status: Int) throws(AWSCredentialError) -> AWSCredentials {
        guard let root = try? PlainXMLElement.parse(body) else {
            throw error(.failed, "STS answered \(status) with a body that is not XML")
        }
        if root.name == "ErrorResponse" {
            let detail = (try? STSServiceError(errorResponse: root)).map { "\($0)" } ?? "an unreadable error"
            throw error(.failed, "STS refused AssumeRoleWithWebIdentity: \(detail)")
        }
        let ns = Self.namespace
        guard root.name == "AssumeRoleWithWebIdentityResponse", root.namespace == ns,
            let credentials = root.child("AssumeRoleWithWebIdentityResult", in: ns)?.child("Credentials", in: ns)
        else { throw error(.failed, "STS answered \(status) without AssumeRoleWithWebIdentityResult Credentials") }
        func value(_ name: String) throws(AWSCredentialError) -> String {
            guard let text = credentials.child(name, in: ns)?.text?.trimmingWhitespace(), !text.isEmpty else {
                throw error(.failed, "STS's answer has no \(name)")
            }
            return text
        }
        guard let expiration = SAMLInstant.parse(try value("Expiration")) else {
            throw error(.failed, "STS's Expiration is not an ISO 8601 time")
        }
        return AWSCredentials(
            accessKeyID: try value("AccessKeyId"), secretAccessKey: try value("SecretAccessKey"), sessionToken: try value("SessionToken"),
            expiration: expiration)
    }

    private func error(_ kind: AWSCredentialError.Kind, _ reason: String) -> AWSCredentialError {
        AWSCredentialError(source: "web identity", kind: kind, reason: reason)
    }
}
