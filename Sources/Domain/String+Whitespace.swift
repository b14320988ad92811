extension String {
    /// The text without leading and trailing whitespace, as typed into a single-line field or a CSV cell.
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars.drop { $0.properties.isWhitespace }
        return String(String.UnicodeScalarView(scalars.reversed().drop { $0.properties.isWhitespace }.reversed()))
    }
}
