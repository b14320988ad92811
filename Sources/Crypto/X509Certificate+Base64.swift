extension X509Certificate {
    /// Parses a certificate given as base64 DER, the content of a metadata file's `ds:X509Certificate`:
    /// whitespace and line breaks anywhere are ignored (metadata wraps the text freely), `=` padding is
    /// optional, and anything else that is not base64 is refused.
    package init(base64DER text: String) throws(OpenSSLError) {
        var compact = String(String.UnicodeScalarView(text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) }))
        while compact.hasSuffix("=") { compact.removeLast() }
        guard !compact.isEmpty, let der = Base64Coder.standard.decode(compact) else {
            throw OpenSSLError("the certificate is not base64")
        }
        try self.init(der: der)
    }
}
