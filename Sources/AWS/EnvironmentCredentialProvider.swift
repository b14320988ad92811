/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and (for a session) `AWS_SESSION_TOKEN`.
package struct EnvironmentCredentialProvider: AWSCredentialProvider {
    package let environment: [String: String]

    package init(environment: [String: String]) { self.environment = environment }

    package func credentials() throws(AWSCredentialError) -> AWSCredentials {
        let keyID = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyID, secret) {
        case (nil, nil):
            throw AWSCredentialError(source: "environment", kind: .notConfigured, reason: "AWS_ACCESS_KEY_ID is not set")
        case (nil, _):
            throw AWSCredentialError(
                source: "environment", kind: .failed, reason: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw AWSCredentialError(
                source: "environment", kind: .failed, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (let keyID?, let secret?):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        }
    }
}
