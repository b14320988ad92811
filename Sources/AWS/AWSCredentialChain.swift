import HTTPClient

/// The sources in the order AWS's SDKs try them; the first that is configured answers.
///
/// A source that is configured but fails ends the search with its own error, so a mistyped role ARN is reported
/// rather than hidden behind the instance role; when none is configured the error lists why each was skipped.
package struct AWSCredentialChain: AWSCredentialProvider {
    package let providers: [any AWSCredentialProvider]

    package init(_ providers: [any AWSCredentialProvider]) { self.providers = providers }

    /// Environment, web identity, shared files, container endpoint, instance metadata.
    package static func standard(environment: [String: String], stsEndpoint: STSEndpoint, client: HTTPSClient = HTTPSClient())
        -> AWSCredentialChain
    {
        AWSCredentialChain([
            EnvironmentCredentialProvider(environment: environment),
            WebIdentityCredentialProvider(environment: environment, endpoint: stsEndpoint, client: client),
            SharedFileCredentialProvider(environment: environment),
            ContainerCredentialProvider(environment: environment),
            InstanceMetadataCredentialProvider(environment: environment),
        ])
    }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        var skipped: [String] = []
        for provider in providers {
            do {
                return try provider.credentials()
            } catch  where error.kind == .notConfigured {
                skipped.append(error.description)
            }
        }
        throw AWSCredentialError(
            source: "credential chain", kind: .notConfigured, reason: "no AWS credentials found (\(skipped.joined(separator: "; ")))")
    }
}
