import Web

/// The CSV import form: the file chosen or the text pasted (a file wins when both are sent), and on the
/// confirmation the plan's fingerprint from the preview.
///
/// Accepts `multipart/form-data` (the first step, whose form has a file input) and urlencoded bodies (the
/// confirmation, which carries the CSV back as text in a hidden field).
struct UserImportForm {
    /// The largest CSV accepted, in bytes: ten thousand rows of ordinary names fit well within it.
    static let maximumBytes = 1024 * 1024

    var csv = ""
    var fingerprint = ""
    var error: String?

    init(_ request: Request) throws {
        let fields: FormData
        var file: MultipartPart?
        if (request.headers["Content-Type"] ?? "").lowercased().hasPrefix("multipart/") {
            let form = try request.multipartForm(limits: MultipartForm.Limits(maxParts: 10, maxPartBytes: Self.maximumBytes))
            fields = try form.fields()
            file = form.file("file")
        } else {
            fields = try request.form()
        }
        fingerprint = fields["fingerprint"] ?? ""
        if let file {
            guard let text = String(validating: file.body, as: UTF8.self) else {
                error = "The file is not UTF-8 text. Save it as “CSV UTF-8” and choose it again."
                return
            }
            csv = text
        } else {
            csv = fields["csv"] ?? ""
        }
        if csv.utf8.count > Self.maximumBytes {
            error = "The CSV is larger than 1 MiB; split it into several imports."
        } else if csv.allSatisfy(\.isWhitespace) {
            error = "Choose a CSV file or paste its text."
        }
    }
}
