/// One part of a `multipart/form-data` body: an ordinary field, or a file when the browser named one.
package struct MultipartPart: Sendable, Hashable {
    /// The form field's name from `Content-Disposition`.
    package var name: String
    /// The file's name as the browser sent it (no directories), `""` for a file input left empty, nil for
    /// an ordinary field.
    package var filename: String?
    /// The part's `Content-Type`, when it has one.
    package var contentType: String?
    package var body: [UInt8]

    package init(name: String, filename: String? = nil, contentType: String? = nil, body: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.body = body
    }

    package var isFile: Bool { filename != nil }
}
