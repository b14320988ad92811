import JSON

/// What `StartDeviceAuthorization` answers (RFC 8628 §3.2 with the model's camel-case names).
package struct StartDeviceAuthorizationResponse: Hashable, Sendable {
    package let deviceCode: String
    package let userCode: String
    package let verificationUri: String
    /// Opened by the CLI in a browser after its first `CreateToken` attempt; it carries the user code.
    package let verificationUriComplete: String
    /// Seconds until both codes expire.
    package let expiresIn: Int
    /// Seconds the CLI waits between `CreateToken` polls; it adds 5 after each `SlowDownException`.
    package let interval: Int

    package init(
        deviceCode: String, userCode: String, verificationUri: String, verificationUriComplete: String, expiresIn: Int, interval: Int
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationUri = verificationUri
        self.verificationUriComplete = verificationUriComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }

    package var json: String {
        JSONNode.object([
            "deviceCode": .string(deviceCode), "userCode": .string(userCode), "verificationUri": .string(verificationUri),
            "verificationUriComplete": .string(verificationUriComplete), "expiresIn": .number(Double(expiresIn)),
            "interval": .number(Double(interval)),
        ]).text()
    }
}
