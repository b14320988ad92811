import Domain
import Testing

/// Who counts as a user of the organisation, and which bounds hold for an account.
struct OwnerBoundsTests {
    @Test func aUserOfTheOrganisationHasAnAddressAtOrBelowOneOfItsDomains() {
        let domains = ["example.com"]
        #expect(OwnerBounds.isOfOrganisation(User(email: "alice@example.com", displayName: "A"), domains: domains))
        #expect(OwnerBounds.isOfOrganisation(User(email: "ALICE@Mail.Example.COM", displayName: "A"), domains: domains))
        #expect(!OwnerBounds.isOfOrganisation(User(email: "pat@partner.example", displayName: "P"), domains: domains))
        #expect(!OwnerBounds.isOfOrganisation(User(email: "eve@notexample.com", displayName: "E"), domains: domains))
        // An Entra guest signs in with a name at the host's domain; the contact email says where they are from.
        let guest = User(
            email: "pat_partner.example#EXT#@example.com", displayName: "P", source: .scim, contactEmail: "pat@partner.example")
        #expect(!OwnerBounds.isOfOrganisation(guest, domains: domains))
        #expect(!OwnerBounds.isOfOrganisation(User(email: "alice@example.com", displayName: "A"), domains: []))
    }

    @Test func assigningAUserFollowsTheUsersBound() {
        let vendor = User(email: "pat@partner.example", displayName: "P")
        let alice = User(email: "alice@example.com", displayName: "A")
        let organisation = OwnerBounds(permissionSetIDs: [], groups: true, users: .organisation)
        #expect(organisation.problem(assigning: alice, organisationDomains: ["example.com"]) == nil)
        #expect(
            organisation.problem(assigning: vendor, organisationDomains: ["example.com"])?.contains("not a user of the organisation")
                == true)
        #expect(OwnerBounds(permissionSetIDs: [], groups: true, users: .all).problem(assigning: vendor, organisationDomains: []) == nil)
        #expect(
            OwnerBounds(permissionSetIDs: [], groups: true, users: .none).problem(assigning: alice, organisationDomains: ["example.com"])
                != nil)
    }

    @Test func theNearestOUIsTheClosestAtOrAboveByWholeParts() {
        let bounds = OwnerBounds(permissionSetIDs: ["a"], groups: true, users: .all)
        let defaults = ["root": bounds, "root/service/app": bounds]
        #expect(OwnerBounds.nearestOU(of: "root/service/app/prod", among: defaults) == "root/service/app")
        #expect(OwnerBounds.nearestOU(of: "root/service/app", among: defaults) == "root/service/app")
        #expect(OwnerBounds.nearestOU(of: "root/service/apps", among: defaults) == "root")
        #expect(OwnerBounds.nearestOU(of: "root/service/apps", among: ["root/service/app": bounds]) == nil)
    }

    @Test func organisationDomainsAreCheckedAsASetting() {
        var settings = PortalSettings.defaults
        #expect(settings.set(.organisationDomains, list: ["Example.com", "corp.example.org"]) == nil)
        #expect(settings.organisationDomains == ["example.com", "corp.example.org"])
        #expect(settings.set(.organisationDomains, list: ["example"]) != nil)
        #expect(settings.set(.organisationDomains, list: ["@example.com"]) != nil)
        #expect(settings.set(.organisationDomains, list: ["example.com", "EXAMPLE.com"]) == "must not list a domain twice")
        #expect(settings.set(.notifyOwnerChanges, text: "on") == nil && settings.notifyOwnerChanges)
        #expect(settings.set(.notifyOwnerChanges, text: "yes") == "must be on or off")
    }
}
