import Crypto
import Domain
import JSON
import SQLite
import Storage
import TemplateEngine
import Web

/// `/me/mfa`: the signed-in user's second factors: authenticator apps (enrol, then confirm with a first code),
/// security keys and passkeys (registered through `SecurityKeys`), recovery codes, adding and removing them.
///
/// Pages showing a secret or recovery codes are answered with `Cache-Control: no-store`, so the back
/// button or a shared cache never shows them again.
struct MFADevicePages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication
    let securityKeys: SecurityKeys
    let scriptPath: String

    func list(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        var values = try listValues(user: signedIn.user)
        if try request.query["removed"] == "1" {
            values["flash"] = .flash("The authenticator was removed.")
        } else if try request.query["added"] == "key" {
            values["flash"] = .flash("The security key was added.")
        }
        return try noStore(pages.page("pages/mfa-devices", request: request, values))
    }

    /// A new security key or passkey. Offloaded: it stores the key (and recovery codes for a first factor).
    func registerSecurityKey(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let user = signedIn.user
        let form = SecurityKeyForm(try request.form())
        if let problem = WebAuthnCredential.nameProblem(form.name) {
            return try showList(request, user: user, keyName: form.name, keyError: "The security key's name \(problem).")
        }
        let outcome = try authentication.database.write { db -> Result<[String], SecurityKeys.Refusal> in
            let state = try SecondFactorState(userID: user.id, db: db)
            let registered: WebAuthnCredential
            switch try securityKeys.register(form, user: user, name: form.name, db: db) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let credential): registered = credential
            }
            try authentication.audit(
                "mfa.webauthn.register", actor: user.email, target: user.id, request: request, db: db,
                details: MFAEnrolment.auditDetails(registered))
            return .success(state.hasAnyFactor || !state.acceptsCodes ? [] : try MFAEnrolment.replaceRecoveryCodes(userID: user.id, db: db))
        }
        switch outcome {
        case .failure(let refusal):
            try authentication.auditSecurityKeyRefusal(refusal, user: user, request: request, action: "mfa.webauthn.register")
            return try showList(request, user: user, keyName: form.name, keyError: refusal.message)
        case .success(let codes) where codes.isEmpty:
            return try HTTPResponse.redirect(toPath: "/me/mfa?added=key")
        case .success(let codes):
            return try noStore(
                pages.page("pages/recovery-codes", request: request, ["codes": codes.map(TemplateValue.string), "continuePath": "/me/mfa"]))
        }
    }

    /// Offloaded. Only the user's own keys match; with no second factor left the recovery codes go too.
    func removeSecurityKey(_ request: Request) throws -> HTTPResponse {
        try removeFactor(request, action: "mfa.webauthn.remove") { id, userID, db in
            let store = WebAuthnStore(db)
            guard let credential = try store.credential(id: id, userID: userID), try store.delete(id: id, userID: userID) else {
                return nil
            }
            return MFAEnrolment.auditDetails(credential)
        }
    }

    /// Removes one of the user's factors with `delete` (which answers the audit details, or nil when the user has no
    /// such factor), drops the recovery codes when no factor is left, and audits it, all in one transaction.
    private func removeFactor(
        _ request: Request, action: String, delete: (Int64, String, Connection) throws -> [String: JSONNode]?
    ) throws -> HTTPResponse {
        let user = try request.signedInUser().user
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw Self.noSuchDevice }
        let removed = try authentication.database.write { db in
            guard let details = try delete(id, user.id, db) else { return false }
            try Self.dropRecoveryCodesWithoutFactors(userID: user.id, db: db)
            try authentication.audit(action, actor: user.email, target: user.id, request: request, db: db, details: details)
            return true
        }
        guard removed else { throw Self.noSuchDevice }
        return try HTTPResponse.redirect(toPath: "/me/mfa?removed=1")
    }

    /// Recovery codes only stand in for a second factor: with none left, they go.
    private static func dropRecoveryCodesWithoutFactors(userID: String, db: Connection) throws {
        let state = try SecondFactorState(userID: userID, db: db)
        if !state.hasAnyFactor { try MFAStore(db).replaceRecoveryCodes(userID: userID, hashes: []) }
    }

    /// Offloaded: it stores the new, unconfirmed device.
    func enrol(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let name = (try request.form()["name"] ?? "").trimmingWhitespace()
        if let problem = MFADevice.nameProblem(name) {
            return try showList(request, user: signedIn.user, name: name, error: "The device name \(problem).")
        }
        let acceptsCodes = try authentication.database.read { try SecondFactorState(userID: signedIn.user.id, db: $0).acceptsCodes }
        guard acceptsCodes else {
            return try showList(request, user: signedIn.user, name: name, error: MFAEnrolmentPages.securityKeyRequired)
        }
        let device: MFADevice
        do {
            device = try authentication.database.write { db in
                try MFAEnrolment.begin(
                    userID: signedIn.user.id, name: name, now: authentication.clock.epochSeconds, secrets: authentication.totpSecrets,
                    db: db)
            }
        } catch StoreError.duplicate {
            return try showList(request, user: signedIn.user, name: name, error: "You already have an authenticator with that name.")
        }
        return try showEnrolment(request, device: device, email: signedIn.user.email)
    }

    /// Offloaded: it confirms the device and stores the recovery codes' hashes.
    func confirm(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let form = MFAConfirmationForm(try request.form())
        let user = signedIn.user
        let result = try authentication.database.write { db -> Result<[String], MFAEnrolment.Refusal> in
            guard let deviceID = form.deviceID, let device = try MFAEnrolment.pendingDevice(id: deviceID, userID: user.id, db: db)
            else { return .failure(.noPendingDevice) }
            guard
                let (_, codes) = try MFAEnrolment.confirm(
                    deviceID: device.id, code: form.code, userID: user.id, now: authentication.clock.epochSeconds,
                    secrets: authentication.totpSecrets, db: db)
            else {
                return .failure(.wrongCode(device))
            }
            try authentication.audit(
                "mfa.enrol", actor: user.email, target: user.id, request: request, db: db,
                details: ["device_id": .number(Double(device.id)), "name": .string(device.name)])
            return .success(codes)
        }
        switch result {
        case .success(let codes):
            return try noStore(
                pages.page("pages/recovery-codes", request: request, ["codes": codes.map(TemplateValue.string), "continuePath": "/me/mfa"]))
        case .failure(.wrongCode(let device)):
            return try showEnrolment(request, device: device, email: user.email, error: MFAEnrolment.wrongCode)
        case .failure(.noPendingDevice):
            throw HTTPError(.notFound, "This enrolment was replaced by a newer one or is already complete. Start again from your MFA page.")
        }
    }

    /// Offloaded. Only the user's own devices match; with no second factor left the recovery codes go too,
    /// since they only stand in for one.
    func remove(_ request: Request) throws -> HTTPResponse {
        try removeFactor(request, action: "mfa.remove") { id, userID, db in
            let store = MFAStore(db)
            guard let device = try store.device(id: id, userID: userID), try store.deleteDevice(id: id, userID: userID) else { return nil }
            return ["device_id": .number(Double(id)), "name": .string(device.name)]
        }
    }

    private static let noSuchDevice = HTTPError(.notFound, "You have no authenticator with that number.")

    private func listValues(user: User) throws -> TemplateObject {
        let (devices, keys, state, remaining) = try authentication.database.read { db in
            (
                try MFAStore(db).devices(userID: user.id).filter(\.isConfirmed), try WebAuthnStore(db).credentials(userID: user.id),
                try SecondFactorState(userID: user.id, db: db), try MFAStore(db).remainingRecoveryCodes(userID: user.id)
            )
        }
        let rows: [TemplateValue] = devices.map { device in
            let row: TemplateObject = ["id": String(device.id), "name": device.name, "added": DurationText.moment(device.createdAt)]
            return row.templateValue
        }
        let keyRows: [TemplateValue] = keys.map { key in
            let row: TemplateObject = [
                "id": String(key.id), "name": key.name, "kind": key.kind, "added": DurationText.moment(key.createdAt),
                "lastUsed": key.lastUsedAt.map(DurationText.moment) ?? "Never",
            ]
            return row.templateValue
        }
        let values: TemplateObject = [
            "devices": rows, "hasDevices": !devices.isEmpty, "keys": keyRows, "hasKeys": !keys.isEmpty,
            "hasAnyFactor": state.hasAnyFactor, "recoveryCodesLeft": remaining, "scriptPath": scriptPath,
            "securityKeyRequired": state.requirement.requiresPhishingResistance, "codesRefused": !state.acceptsCodes,
        ]
        return values.merging(securityKeys.registrationValues(user: user, existing: keys))
    }

    private func showList(
        _ request: Request, user: User, name: String = "", error: String? = nil, keyName: String = "", keyError: String? = nil
    )
        throws -> HTTPResponse
    {
        var values = try listValues(user: user).merging(["name": name, "keyName": keyName])
        if let error { values["error"] = .string(error) }
        if let keyError { values["keyError"] = .string(keyError) }
        return try noStore(pages.page("pages/mfa-devices", request: request, values, status: .unprocessableContent))
    }

    private func showEnrolment(_ request: Request, device: MFADevice, email: String, error: String? = nil) throws -> HTTPResponse {
        var values = try MFAEnrolment.pageValues(device: device, account: email, secrets: authentication.totpSecrets)
        values["action"] = "/me/mfa/confirm"
        values["cancelPath"] = "/me/mfa"
        if let error { values["error"] = .string(error) }
        return try noStore(pages.page("pages/mfa-enrol", request: request, values))
    }

    private func noStore(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
        return response
    }
}
