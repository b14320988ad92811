import Time

/// IMF-fixdate formatting (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, without Foundation.
package enum HTTPDate {
    /// Formats seconds since the Unix epoch.
    package static func format(epochSeconds: Int) -> String {
        UTCDateTime(epochSeconds: epochSeconds).imfFixdate
    }
}
