import Domain
import FoundationEssentials
import HTTPClient

/// The ECS/EKS Pod Identity container endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` at 169.254.170.2, or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN` or `_TOKEN_FILE` as Authorization.
package struct ContainerCredentialProvider: AWSCredentialProvider {
    package static let host = "169.254.170.2"

    package let environment: [String: String]
    package let client: HTTPSClient

    package init(environment: [String: String], client: HTTPSClient = HTTPSClient(connectTimeout: .seconds(1), totalTimeout: .seconds(3))) {
        self.environment = environment
        self.client = client
    }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = "http://\(Self.host)\(relative.hasPrefix("/") ? "" : "/")\(relative)"
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            url = full
        } else {
            throw error(.notConfigured, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }
        var headers: [(name: String, value: String)] = []
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !path.isEmpty {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
                throw error(.failed, "the authorization token file \(path) cannot be read")
            }
            headers.append((name: "Authorization", value: String(decoding: data, as: UTF8.self).trimmingWhitespace()))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append((name: "Authorization", value: token))
        }
        let response: OutboundResponse
        do throws(OutboundError) {
            response = try client.send(OutboundRequest(url: url, headers: headers))
        } catch {
            throw self.error(.failed, "\(Self.redacted(url)) cannot be reached: \(error.message)")
        }
        guard response.status == 200 else { throw error(.failed, "\(Self.redacted(url)) answered \(response.status)") }
        return try MetadataCredentialsDocument.parse(response.body, source: "container endpoint")
    }

    /// The URL without its query, which may carry a token.
    private static func redacted(_ url: String) -> String { String(url.prefix { $0 != "?" }) }

    private func error(_ kind: AWSCredentialError.Kind, _ reason: String) -> AWSCredentialError {
        AWSCredentialError(source: "container endpoint", kind: kind, reason: reason)
    }
}
