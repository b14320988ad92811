import Domain
import JSON
import TemplateEngine
import Time
import Web

/// One logged SCIM request as the Provisioning page shows it: what it was about and, for a failure, the
/// reason Portico gave, on the row itself; the bodies, indented, behind a disclosure.
///
/// This is what an admin reads when a user did not arrive, so the row says in words what the JSON says:
/// the `userName` or `displayName` the identity provider sent, and the `detail` of a SCIM error.
struct SCIMRequestRow {
    let record: SCIMRequestRecord

    var templateValue: TemplateValue {
        let request = Self.json(record.requestBody)
        let response = Self.json(record.responseBody)
        let status = HTTPStatus(code: record.status)
        let values: TemplateObject = [
            "time": UTCDateTime(epochSeconds: record.time).iso8601, "moment": DurationText.moment(record.time),
            "tokenName": record.tokenName, "method": record.method, "target": PercentDecoding.readable(record.target),
            "status": status.description,
            "isFailure": record.status >= 400,
            "subject": (Self.string(request, "userName") ?? Self.string(request, "displayName")).templateValue,
            "detail": (record.status >= 400 ? Self.string(response, "detail") : nil).templateValue,
            "requestBody": Self.readable(record.requestBody, request), "hasRequestBody": !record.requestBody.isEmpty,
            "responseBody": Self.readable(record.responseBody, response), "hasResponseBody": !record.responseBody.isEmpty,
        ]
        return values.templateValue
    }

    /// The body as JSON, when it is whole JSON (a body cut short at the log's limit is not).
    private static func json(_ text: String) -> JSONNode? {
        text.isEmpty ? nil : try? JSONNode.parse(Array(text.utf8))
    }

    /// The body indented when it is JSON, as logged otherwise.
    private static func readable(_ text: String, _ json: JSONNode?) -> String {
        json?.text(pretty: true) ?? text
    }

    private static func string(_ json: JSONNode?, _ key: String) -> String? {
        guard case .object(let members)? = json, case .string(let value)? = members[key], !value.isEmpty else { return nil }
        return value
    }
}
