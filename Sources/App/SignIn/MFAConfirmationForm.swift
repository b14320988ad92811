import Web

/// The form confirming an enrolment: which pending device, and the first code from it.
struct MFAConfirmationForm {
    var deviceID: Int64?
    var code: String
    var returnTo: String

    init(_ form: FormData) {
        deviceID = form["device_id"].flatMap { Int64($0) }
        code = (form["code"] ?? "").filter { $0 != " " }
        returnTo = ReturnPath.sanitized(form["return_to"])
    }
}
