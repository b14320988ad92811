import AWS
import Domain
import SQLite
import Storage

/// What one AWS account should hold for Portico, read from the database: its SAML provider with Portico's
/// metadata, and a role per permission set assigned there (and, for a jump account, the roles people switch
/// from). The downloadable template, the CLI script and the reconciler all start from this one reading.
enum AccountDesiredState {
    /// The account's setup, or nil when there is no such account.
    static func setup(accountID: String, metadataXML: String, db: Connection) throws -> AWSAccountSetup? {
        let accounts = AccountStore(db)
        let sets = PermissionSetStore(db)
        guard let account = try accounts.find(id: accountID) else { return nil }
        // A jump account's roles depend on what is assigned in every account reached through it.
        let reached = try accounts.accountIDs(reachedThrough: account.id).compactMap { id in
            try accounts.find(id: id).map { (account: $0, assigned: try sets.assigned(inAccount: id)) }
        }
        let settings = try SettingsStore(db).federation()
        return AWSAccountSetup(
            accountID: account.id, accountName: account.name, samlProviderName: settings.samlProviderName, metadataXML: metadataXML,
            signInURL: settings.signInURL.text,
            roles: AWSAccountSetup.roles(
                for: account, assigned: try sets.assigned(inAccount: account.id), reached: reached,
                roleNamePattern: settings.roleNamePattern))
    }
}
