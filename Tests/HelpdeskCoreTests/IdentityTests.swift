import Foundation
import Testing

@testable import HelpdeskCore

/// Linking provider identities to accounts (the database side of sign-in with Google, LinkedIn, …).
@Suite("Provider identities")
struct IdentityTests {
    static func google(_ subject: String, email: String?, verified: Bool = true, name: String? = "Ada L.") -> ProviderIdentity {
        ProviderIdentity(
            provider: "google",
            providerTitle: "Google",
            subject: subject,
            email: email,
            emailVerified: verified,
            name: name
        )
    }

    @Test("the link, not the address, finds the account once made")
    func linkIsTheKey() async throws {
        // Given Ada, linked to a Google identity
        let f = try Fixture()
        let ada = try await f.customer("Ada")
        let linked = try await f.db.signIn(with: Self.google("g-1", email: "ADA@example.com"))
        #expect(linked.id == ada.id)
        // When Google later reports another address (even unverified) for the same subject
        let again = try await f.db.signIn(with: Self.google("g-1", email: "ada@elsewhere.example", verified: false))
        // Then the link still signs in Ada, and no account appears for the new address
        #expect(again.id == ada.id)
        let admin = try await f.admin()
        #expect(try await f.db.users(for: admin).allSatisfy { $0.email != "ada@elsewhere.example" })
        #expect(try await f.db.identities(ofUser: try #require(ada.id)).count == 1)
    }

    @Test("the same address at two providers links both to one account; staff keep their role")
    func twoProviders() async throws {
        // Given an agent
        let f = try Fixture()
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        // When she signs in with Google and with LinkedIn, both verified
        let viaGoogle = try await f.db.signIn(with: Self.google("g-7", email: "grace@care.example"))
        var linkedIn = Self.google("li-7", email: "grace@care.example")
        linkedIn.provider = "linkedin"
        let viaLinkedIn = try await f.db.signIn(with: linkedIn)
        // Then both are her account, still an agent, with two links
        #expect(viaGoogle.id == grace.id && viaLinkedIn.id == grace.id)
        #expect(viaLinkedIn.role == .agent)
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).map(\.provider).sorted() == ["google", "linkedin"])
    }

    @Test("a new person gets a confirmed customer account named after the provider's name, or the address")
    func newAccounts() async throws {
        let f = try Fixture()
        let named = try await f.db.signIn(with: Self.google("g-2", email: "bo@example.com", name: "  Bo Lind "))
        #expect(named.name == "Bo Lind" && named.role == .customer && named.isConfirmed)
        let unnamed = try await f.db.signIn(with: Self.google("g-3", email: "cy@example.com", name: nil))
        #expect(unnamed.name == "cy")
    }

    @Test("refusals: no address, unverified address, unusable address, deactivated account")
    func refusals() async throws {
        let f = try Fixture()
        await #expect(throws: HelpdeskError.self) { try await f.db.signIn(with: Self.google("g-4", email: nil)) }
        await #expect(throws: HelpdeskError.self) {
            try await f.db.signIn(with: Self.google("g-5", email: "new@example.com", verified: false))
        }
        await #expect(throws: HelpdeskError.self) {
            try await f.db.signIn(with: Self.google("g-6", email: "not an address", verified: true))
        }
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        _ = try await f.db.signIn(with: Self.google("g-8", email: "grace@care.example"))
        try await f.db.deactivateAgent(id: try #require(grace.id), by: admin)
        await #expect(throws: HelpdeskError.forbidden("This account has been deactivated.")) {
            try await f.db.signIn(with: Self.google("g-8", email: "grace@care.example"))
        }
        // Nothing was created by the refusals
        #expect(try await f.db.users(for: admin).count == 2)
    }
}
