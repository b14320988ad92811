import Time

/// SAML's `xs:dateTime` instants, always UTC to the second (SAML 2.0 Core §1.3.3).
package enum SAMLInstant {
    /// `YYYY-MM-DDThh:mm:ssZ` for `seconds` since the Unix epoch (years 0000 to 9999).
    package static func format(_ seconds: Int64) -> String {
        UTCDateTime(epochSeconds: Int(seconds)).iso8601
    }
}
