import Domain
import SQLite

/// The newest SCIM requests (a trigger keeps 1,000), for the Provisioning page.
package struct SCIMRequestLogStore {
    private let db: Connection

    package init(_ db: Connection) {
        self.db = db
    }

    package func append(_ record: SCIMRequestRecord) throws {
        try db.execute(
            """
            INSERT INTO scim_requests (time, token_name, method, target, status, request_body, response_body)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
            [record.time, record.tokenName, record.method, record.target, record.status, record.requestBody, record.responseBody])
    }

    /// The newest first; `failuresOnly` keeps the answers of 400 and above.
    package func recent(limit: Int, failuresOnly: Bool = false) throws -> [SCIMRequestRecord] {
        try db.query(
            """
            SELECT id, time, token_name, method, target, status, request_body, response_body FROM scim_requests
            \(failuresOnly ? "WHERE status >= 400" : "") ORDER BY id DESC LIMIT ?
            """, [limit]
        ).map { row in
            SCIMRequestRecord(
                id: try row["id"], time: try row["time"], tokenName: try row["token_name"], method: try row["method"],
                target: try row["target"], status: try row["status"], requestBody: try row["request_body"],
                responseBody: try row["response_body"])
        }
    }
}
