import Directory
import Domain
import Storage
import TemplateEngine
import Web

/// `/admin/users/import`: admins add or update users from a CSV file in two steps.
///
/// The preview reads the file and the directory and writes nothing: it lists the users to create and to
/// update, the memberships to add, and every problem by row and field. Only a file without problems can be
/// confirmed; the confirmation carries the CSV back, plans it again inside the write transaction, refuses
/// if that plan differs from the one previewed, and then writes every user, membership and audit event
/// (`user.create`, `user.update`, `group.members.add`) in that one transaction.
struct UserImportPages: Sendable {
    /// Rows the preview lists; the counts are always complete.
    static let previewRowLimit = 500
    /// The largest request body: a 1 MiB CSV percent-encoded in the confirmation's hidden field.
    static let maxBodySize = 4 * UserImportForm.maximumBytes

    let pages: PageRenderer
    let authentication: Authentication

    func show(_ request: Request) throws -> HTTPResponse {
        var values: TemplateObject = ["csv": ""]
        let query = try request.query
        if let created = Int(query["created"] ?? ""), let updated = Int(query["updated"] ?? ""),
            let memberships = Int(query["memberships"] ?? "")
        {
            let message =
                "Imported: \(Self.count(created, "user")) created, \(Self.count(updated, "user")) updated, "
                + "\(Self.count(memberships, "group membership")) added. New users have no password yet: "
                + "create a reset link for each on their page."
            values["flash"] = .flash(message)
        }
        return try pages.page("pages/admin-user-import", request: request, values.merging(AdminSection.users.templateValues))
    }

    /// Offloaded: reads the whole file against the directory. Writes nothing.
    func preview(_ request: Request) throws -> HTTPResponse {
        let form = try UserImportForm(request)
        if let error = form.error { return try formPage(form, error: error, request: request) }
        let file = UserImportFile(csv: form.csv)
        let plan = try authentication.database.read { try UserImportPlan(file, db: $0) }
        return try previewPage(plan, csv: form.csv, request: request)
    }

    /// Offloaded.
    func confirm(_ request: Request) throws -> HTTPResponse {
        let admin = try request.admin()
        let form = try UserImportForm(request)
        if let error = form.error { return try formPage(form, error: error, request: request) }
        let file = UserImportFile(csv: form.csv)
        enum Outcome {
            case refused(UserImportPlan, changed: Bool)
            case imported(UserImportPlan)
        }
        let outcome = try authentication.database.write { db -> Outcome in
            let plan = try UserImportPlan(file, db: db)
            guard plan.problems.isEmpty, !plan.isEmpty else { return .refused(plan, changed: false) }
            guard plan.fingerprint == form.fingerprint else { return .refused(plan, changed: true) }
            try plan.perform(db) { action, target, details in
                try authentication.audit(action, actor: admin.user.email, target: target, request: request, db: db, details: details)
            }
            return .imported(plan)
        }
        switch outcome {
        case .refused(let plan, let changed):
            let notice =
                changed
                ? "The directory or the file changed since the preview, so nothing was imported. Check this preview and confirm again."
                : nil
            return try previewPage(
                plan, csv: form.csv, request: request, notice: notice, status: changed ? .conflict : .unprocessableContent)
        case .imported(let plan):
            return try HTTPResponse.redirect(
                toPath: "/admin/users/import?created=\(plan.creates)&updated=\(plan.updates)&memberships=\(plan.memberships)")
        }
    }

    // MARK: Pages

    private func formPage(_ form: UserImportForm, error: String, request: Request) throws -> HTTPResponse {
        let values: TemplateObject = [
            "csv": form.csv.utf8.count <= UserImportForm.maximumBytes ? form.csv : "", "csvError": error,
        ]
        return try pages.page(
            "pages/admin-user-import", request: request, values.merging(AdminSection.users.templateValues),
            status: .unprocessableContent)
    }

    private func previewPage(
        _ plan: UserImportPlan, csv: String, request: Request, notice: String? = nil, status: HTTPStatus? = nil
    ) throws -> HTTPResponse {
        let problems: [TemplateValue] = plan.problems.prefix(Self.previewRowLimit).map { problem in
            let row: TemplateObject = [
                "row": problem.row == 0 ? "file" : String(problem.row), "field": problem.field, "reason": problem.reason,
            ]
            return row.templateValue
        }
        let changing = plan.rows.filter { $0.action != .unchanged }
        let rows: [TemplateValue] = changing.prefix(Self.previewRowLimit).map { row in
            var changes: [String] = []
            if let before = row.before {
                for (label, old, new) in [
                    ("display name", before.displayName, row.user.displayName), ("given name", before.givenName, row.user.givenName),
                    ("family name", before.familyName, row.user.familyName),
                ] where old != new {
                    changes.append("\(label): \(old) → \(new)")
                }
            }
            let values: TemplateObject = [
                "number": row.number, "isCreate": row.action == .create, "email": row.user.email, "displayName": row.user.displayName,
                "givenName": row.user.givenName, "familyName": row.user.familyName,
                "joins": row.joins.map(\.name).joined(separator: "; "), "changes": changes.joined(separator: "; "),
            ]
            return values.templateValue
        }
        let hasProblems = !plan.problems.isEmpty
        var values: TemplateObject = [
            "problems": problems, "hasProblems": hasProblems, "problemCount": plan.problems.count,
            "problemsTruncated": plan.problems.count > problems.count,
            "rows": rows, "hasRows": !rows.isEmpty, "rowsTruncated": changing.count > rows.count,
            "previewRowLimit": Self.previewRowLimit,
            "creates": plan.creates, "updates": plan.updates, "memberships": plan.memberships,
            "unchanged": plan.rows.count - changing.count,
            "isNothingToDo": !hasProblems && plan.isEmpty, "canConfirm": !hasProblems && !plan.isEmpty,
            "csv": csv, "fingerprint": plan.fingerprint,
        ]
        if let notice { values["flash"] = .flash(notice, kind: "warning") }
        return try pages.page(
            "pages/admin-user-import-preview", request: request, values.merging(AdminSection.users.templateValues),
            status: status ?? (hasProblems ? .unprocessableContent : .ok))
    }

    private static func count(_ value: Int, _ noun: String) -> String { value == 1 ? "1 \(noun)" : "\(value) \(noun)s" }
}
