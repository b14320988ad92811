import Storage
import TemplateEngine
import Web

/// `/admin`: the admin's home, a checklist of what a new Portico needs that reflects the real state, and
/// `/admin/aws`: how AWS accounts come to trust Portico, readable before any account exists.
struct AdminHomePages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication
    let baseURL: String

    func show(_ request: Request) throws -> HTTPResponse {
        let facts = try authentication.database.read { try SetupProgressStore($0).facts() }
        let checklist = SetupChecklist(facts: facts, baseURL: baseURL)
        return try pages.page(
            "pages/admin-home", request: request, checklist.templateValues.merging(AdminSection.home.templateValues))
    }

    func connectAWS(_ request: Request) throws -> HTTPResponse {
        let values: TemplateObject = [
            "baseURL": baseURL, "metadataURL": baseURL + ConsoleFederation.metadataPath,
            "baseURLIsPublic": SetupChecklist.isPublic(baseURL),
        ]
        return try pages.page("pages/admin-aws", request: request, values.merging(AdminSection.home.templateValues))
    }
}
