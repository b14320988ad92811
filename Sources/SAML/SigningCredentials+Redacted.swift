/// The private key never appears in a log line, an error message or a debugger dump: printing the
/// credentials, or a `SigningKey` that holds them, shows the certificate and leaves the key out.
extension SigningCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    package var description: String {
        "SigningCredentials(certificate: CN=\(certificate.subjectCommonName ?? "(none)"), privateKeyPEM: <redacted>)"
    }

    package var debugDescription: String { description }

    package var customMirror: Mirror {
        Mirror(self, children: ["certificate": certificate, "privateKeyPEM": "<redacted>"], displayStyle: .struct)
    }
}
