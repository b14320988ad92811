import HTTPClient

/// The EC2 instance role through IMDSv2: a session token from `PUT /latest/api/token`, then the role's name and its
/// credentials under `/latest/meta-data/iam/security-credentials/`.
///
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves the service (tests, IPv6 `http://[fd00:ec2::254]`);
/// `AWS_EC2_METADATA_DISABLED=true` turns it off. Timeouts are short because off EC2 nothing answers at all.
package struct InstanceMetadataCredentialProvider: AWSCredentialProvider {
    package static let defaultEndpoint = "http://169.254.169.254"
    package static let tokenLifetimeSeconds = 21_600

    package let environment: [String: String]
    package let client: HTTPSClient

    package init(environment: [String: String], client: HTTPSClient = HTTPSClient(connectTimeout: .seconds(1), totalTimeout: .seconds(2))) {
        self.environment = environment
        self.client = client
    }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
            throw error(.notConfigured, "AWS_EC2_METADATA_DISABLED is true")
        }
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        let token: OutboundResponse
        do throws(OutboundError) {
            token = try client.send(
                OutboundRequest(
                    method: "PUT", url: "\(endpoint)/latest/api/token",
                    headers: [(name: "X-aws-ec2-metadata-token-ttl-seconds", value: String(Self.tokenLifetimeSeconds))]))
        } catch {
            // Nothing answering is the ordinary case off EC2.
            throw self.error(.notConfigured, "no instance metadata service at \(endpoint): \(error.message)")
        }
        guard token.status == 200, !token.body.isEmpty else {
            throw error(.failed, "\(endpoint) answered \(token.status) to the session token request")
        }
        let sessionHeader = [(name: "X-aws-ec2-metadata-token", value: String(decoding: token.body, as: UTF8.self))]
        let listURL = "\(endpoint)/latest/meta-data/iam/security-credentials/"
        let list = try get(listURL, headers: sessionHeader)
        if list.status == 404 { throw error(.notConfigured, "the instance has no IAM role") }
        guard list.status == 200 else { throw error(.failed, "\(listURL) answered \(list.status)") }
        guard let role = String(decoding: list.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty
        else { throw error(.notConfigured, "the instance has no IAM role") }
        let document = try get(listURL + role, headers: sessionHeader)
        guard document.status == 200 else { throw error(.failed, "the credentials of role \(role) answered \(document.status)") }
        return try MetadataCredentialsDocument.parse(document.body, source: "instance metadata")
    }

    private func get(_ url: String, headers: [(name: String, value: String)]) throws(AWSCredentialError) -> OutboundResponse {
        do throws(OutboundError) {
            return try client.send(OutboundRequest(url: url, headers: headers))
        } catch {
            throw self.error(.failed, "\(url) cannot be reached: \(error.message)")
        }
    }

    private func error(_ kind: AWSCredentialError.Kind, _ reason: String) -> AWSCredentialError {
        AWSCredentialError(source: "instance metadata", kind: kind, reason: reason)
    }
}
