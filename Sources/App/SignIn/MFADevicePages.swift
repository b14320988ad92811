import Crypto
import Domain
import Storage
import TemplateEngine
import Web

/// `/me/mfa`: the signed-in user's authenticators and recovery codes, adding one (enrol, then confirm
/// with a first code) and removing one.
///
/// Pages showing a secret or recovery codes are answered with `Cache-Control: no-store`, so the back
/// button or a shared cache never shows them again.
struct MFADevicePages: Sendable {
    let pages: PageRenderer
    let authentication: Authentication

    func list(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        var values = try listValues(userID: signedIn.user.id)
        if try request.query["removed"] == "1" {
            values["flash"] = .flash("The authenticator was removed.")
        }
        return try pages.page("pages/mfa-devices", request: request, values)
    }

    /// Offloaded: it stores the new, unconfirmed device.
    func enrol(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let name = (try request.form()["name"] ?? "").trimmingWhitespace()
        if let problem = MFADevice.nameProblem(name) {
            return try showList(request, userID: signedIn.user.id, name: name, error: "The device name \(problem).")
        }
        let device: MFADevice
        do {
            device = try authentication.database.write { db in
                try MFAEnrolment.begin(
                    userID: signedIn.user.id, name: name, now: authentication.clock.epochSeconds, secrets: authentication.totpSecrets,
                    db: db)
            }
        } catch StoreError.duplicate {
            return try showList(request, userID: signedIn.user.id, name: name, error: "You already have an authenticator with that name.")
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

    /// Offloaded. Only the user's own devices match; with the last one gone the recovery codes go too,
    /// since they only stand in for a device.
    func remove(_ request: Request) throws -> HTTPResponse {
        let signedIn = try request.signedInUser()
        let user = signedIn.user
        guard let id = request.parameters["id"].flatMap({ Int64($0) }) else { throw Self.noSuchDevice }
        let removed = try authentication.database.write { db in
            let store = MFAStore(db)
            guard let device = try store.device(id: id, userID: user.id), try store.deleteDevice(id: id, userID: user.id) else {
                return false
            }
            if try !store.hasConfirmedDevice(userID: user.id) { try store.replaceRecoveryCodes(userID: user.id, hashes: []) }
            try authentication.audit(
                "mfa.remove", actor: user.email, target: user.id, request: request, db: db,
                details: ["device_id": .number(Double(id)), "name": .string(device.name)])
            return true
        }
        guard removed else { throw Self.noSuchDevice }
        return try HTTPResponse.redirect(toPath: "/me/mfa?removed=1")
    }

    private static let noSuchDevice = HTTPError(.notFound, "You have no authenticator with that number.")

    private func listValues(userID: String) throws -> TemplateObject {
        let (devices, remaining) = try authentication.database.read { db in
            let store = MFAStore(db)
            return (try store.devices(userID: userID).filter(\.isConfirmed), try store.remainingRecoveryCodes(userID: userID))
        }
        let rows: [TemplateValue] = devices.map { device in
            let row: TemplateObject = ["id": String(device.id), "name": device.name, "added": DurationText.moment(device.createdAt)]
            return row.templateValue
        }
        return ["devices": rows, "hasDevices": !devices.isEmpty, "recoveryCodesLeft": remaining]
    }

    private func showList(_ request: Request, userID: String, name: String, error: String) throws -> HTTPResponse {
        let values = try listValues(userID: userID).merging(["name": name, "error": error])
        return try pages.page("pages/mfa-devices", request: request, values)
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
