extension X509Certificate {
    static let pemBegin = "-----BEGIN CERTIFICATE-----"
    static let pemEnd = "-----END CERTIFICATE-----"

    /// Each `BEGIN CERTIFICATE` … `END CERTIFICATE` block of `text`, markers included, in order: the
    /// certificates of a PEM bundle, or of several pasted one after another. Text between blocks (the
    /// `Bag Attributes` lines `openssl pkcs12` writes) is skipped; an unterminated block is returned as it is,
    /// so parsing it fails rather than it going unnoticed.
    package static func pemBlocks(in text: String) -> [String] {
        var blocks: [String] = []
        var rest = Substring(text)
        while let begin = rest.firstRange(of: pemBegin) {
            let afterBegin = rest[begin.upperBound...]
            guard let end = afterBegin.firstRange(of: pemEnd) else {
                blocks.append(String(rest[begin.lowerBound...]))
                break
            }
            blocks.append(String(rest[begin.lowerBound..<end.upperBound]) + "\n")
            rest = rest[end.upperBound...]
        }
        return blocks
    }
}
