import JSON

/// What `RegisterClient` answers: the client's credentials and how long they last.
package struct RegisterClientResponse: Hashable, Sendable {
    package let clientId: String
    package let clientSecret: String
    /// Epoch seconds, as the model's `LongTimeStampType` here and botocore's `_register_client` read it.
    package let clientIdIssuedAt: Int64
    /// Epoch seconds; botocore stops refreshing tokens once this has passed.
    package let clientSecretExpiresAt: Int64
    package let authorizationEndpoint: String?
    package let tokenEndpoint: String?

    package init(
        clientId: String, clientSecret: String, clientIdIssuedAt: Int64, clientSecretExpiresAt: Int64,
        authorizationEndpoint: String? = nil, tokenEndpoint: String? = nil
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientIdIssuedAt = clientIdIssuedAt
        self.clientSecretExpiresAt = clientSecretExpiresAt
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
    }

    package var json: String {
        var members: [String: JSONNode] = [
            "clientId": .string(clientId), "clientSecret": .string(clientSecret),
            "clientIdIssuedAt": .number(Double(clientIdIssuedAt)), "clientSecretExpiresAt": .number(Double(clientSecretExpiresAt)),
        ]
        members["authorizationEndpoint"] = authorizationEndpoint.map(JSONNode.string)
        members["tokenEndpoint"] = tokenEndpoint.map(JSONNode.string)
        return JSONNode.object(members).text()
    }
}
