import Domain
import SQLite
import Storage
import Testing

/// Owner bounds per account and per OU path: stored, read back, inherited from the nearest OU, and gone
/// with what they name.
struct OwnerBoundsStoreTests {
    let db: TestDatabase
    let readOnly = PermissionSet(name: "ReadOnlyAccess")
    let admin = PermissionSet(name: "AdministratorAccess")
    let prod = Account(id: "111111111111", name: "app-prod", email: "aws+prod@example.com", ouPath: "root/service/app/prod")

    init() throws {
        db = try TestDatabase()
        try db.write { [readOnly, admin, prod] db in
            try PermissionSetStore(db).create(readOnly)
            try PermissionSetStore(db).create(admin)
            try AccountStore(db).create(prod)
        }
    }

    @Test func storesReadsReplacesAndRemovesAnAccountsBounds() throws {
        let bounds = OwnerBounds(permissionSetIDs: [readOnly.id, admin.id, readOnly.id], groups: false, users: .organisation)
        #expect(bounds.permissionSetIDs == [readOnly.id, admin.id].sorted())
        try db.write { try OwnerBoundsStore($0).set(bounds, for: .account(prod.id)) }
        #expect(try db.read { try OwnerBoundsStore($0).find(.account(prod.id)) } == bounds)
        let none = OwnerBounds(permissionSetIDs: [], groups: true, users: .none)
        try db.write { try OwnerBoundsStore($0).set(none, for: .account(prod.id)) }
        #expect(try db.read { try OwnerBoundsStore($0).find(.account(prod.id)) } == none)
        try db.write { try OwnerBoundsStore($0).set(nil, for: .account(prod.id)) }
        #expect(try db.read { try OwnerBoundsStore($0).find(.account(prod.id)) } == nil)
        #expect(try db.read { try OwnerBoundsStore($0).all() }.isEmpty)
    }

    @Test func anAccountTakesItsOwnBoundsElseTheNearestOUsElseNone() throws {
        let service = OwnerBounds(permissionSetIDs: [readOnly.id], groups: true, users: .all)
        let app = OwnerBounds(permissionSetIDs: [readOnly.id], groups: false, users: .organisation)
        #expect(try db.read { try OwnerBoundsStore($0).effective(for: prod) } == nil)
        try db.write { try OwnerBoundsStore($0).set(service, for: .ou("root/service")) }
        #expect(try db.read { try OwnerBoundsStore($0).effective(for: prod) }.map { [$0.scope] } == [.ou("root/service")])
        try db.write { try OwnerBoundsStore($0).set(app, for: .ou("root/service/app")) }
        // `root/service/ap` is not above `root/service/app/prod`: paths match by whole parts.
        try db.write { try OwnerBoundsStore($0).set(service, for: .ou("root/service/ap")) }
        let nearest = try #require(try db.read { try OwnerBoundsStore($0).effective(for: prod) })
        #expect(nearest.bounds == app && nearest.scope == .ou("root/service/app"))
        let own = OwnerBounds(permissionSetIDs: [admin.id], groups: true, users: .all)
        try db.write { try OwnerBoundsStore($0).set(own, for: .account(prod.id)) }
        let owned = try #require(try db.read { try OwnerBoundsStore($0).effective(for: prod) })
        #expect(owned.bounds == own && owned.scope == .account(prod.id))
        #expect(
            try db.read { try OwnerBoundsStore($0).ouDefaults() }.keys.sorted() == ["root/service", "root/service/ap", "root/service/app"])
    }

    @Test func boundsGoWithTheirAccountAndLoseADeletedPermissionSet() throws {
        try db.write { db in
            try OwnerBoundsStore(db).set(
                OwnerBounds(permissionSetIDs: [readOnly.id, admin.id], groups: true, users: .all), for: .account(prod.id))
            try OwnerBoundsStore(db).set(OwnerBounds(permissionSetIDs: [admin.id], groups: true, users: .all), for: .ou("root"))
        }
        try db.write { try PermissionSetStore($0).delete(id: admin.id) }
        #expect(try db.read { try OwnerBoundsStore($0).find(.account(prod.id)) }?.permissionSetIDs == [readOnly.id])
        #expect(try db.read { try OwnerBoundsStore($0).find(.ou("root")) }?.permissionSetIDs == [])
        try db.write { try AccountStore($0).delete(id: prod.id) }
        #expect(try db.read { try OwnerBoundsStore($0).all() }.keys.map { $0 } == [.ou("root")])
    }

    @Test func refusesUnknownReferencesAndMalformedPaths() throws {
        let bounds = OwnerBounds(permissionSetIDs: [], groups: true, users: .all)
        #expect(throws: StoreError.missingReference(field: "account", value: "999999999999")) {
            try db.write { try OwnerBoundsStore($0).set(bounds, for: .account("999999999999")) }
        }
        let ghost = FieldRules.newIdentifier()
        #expect(throws: StoreError.missingReference(field: "permission_sets", value: ghost)) {
            try db.write {
                try OwnerBoundsStore($0).set(OwnerBounds(permissionSetIDs: [ghost], groups: true, users: .all), for: .account(prod.id))
            }
        }
        #expect(throws: ValidationErrors.self) { try db.write { try OwnerBoundsStore($0).set(bounds, for: .ou("service/")) } }
        // The schema holds the same whatever SQL runs: a row bounds exactly one of an account and an OU path.
        #expect(throws: SQLiteError.self) {
            try db.write {
                try $0.execute(
                    "INSERT INTO owner_bounds (account_id, ou_path, grant_to_groups, grant_to_users) VALUES (?, ?, 1, 'all')",
                    [prod.id, "root"])
            }
        }
        #expect(throws: SQLiteError.self) {
            try db.write {
                try $0.execute("INSERT INTO owner_bounds (ou_path, grant_to_groups, grant_to_users) VALUES ('root', 1, 'vendors')")
            }
        }
    }
}
