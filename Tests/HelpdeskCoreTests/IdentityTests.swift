import Foundation
import Testing
import TestSupport

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
        let f = try await Fixture.make()
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

    @Test("the same address at two providers links both to one customer account")
    func twoProviders() async throws {
        // Given a customer
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        // When she signs in with Google and with LinkedIn, both verified
        let viaGoogle = try await f.db.signIn(with: Self.google("g-7", email: "ada@example.com"))
        var linkedIn = Self.google("li-7", email: "ada@example.com")
        linkedIn.provider = "linkedin"
        linkedIn.providerTitle = "LinkedIn"
        let viaLinkedIn = try await f.db.signIn(with: linkedIn)
        // Then both are her account, with two links, and she was told of each by mail
        #expect(viaGoogle.id == ada.id && viaLinkedIn.id == ada.id)
        #expect(try await f.db.identities(ofUser: try #require(ada.id)).map(\.provider).sorted() == ["google", "linkedin"])
        let mails = try await f.db.outbox(recipient: "ada@example.com").filter { $0.kind == .identityLinked }
        #expect(mails.map(\.subject) == ["Google sign-in was linked to your account", "LinkedIn sign-in was linked to your account"])
    }

    @Test("a staff account is never linked by its address; its owner links the provider while signed in")
    func staffLinkOnlyByRequest() async throws {
        // Given an agent and the admin
        let f = try await Fixture.make()
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        // When a provider vouches for their verified addresses, Then the sign-in is refused and nothing is linked
        for (subject, email) in [("g-7", "grace@care.example"), ("g-9", "Admin@Example.com")] {
            await expectError(
                .forbidden(
                    "This address belongs to a staff account. Sign in with your password, then link Google from your account page."
                )
            ) { try await f.db.signIn(with: Self.google(subject, email: email)) }
        }
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).isEmpty)
        #expect(try await f.db.identities(ofUser: try #require(admin.id)).isEmpty)
        #expect(try await f.db.outbox().allSatisfy { $0.kind != .identityLinked })
        // When Grace links it herself (another address at the provider is fine)
        let link = try await f.db.linkIdentity(Self.google("g-7", email: "grace@private.example"), to: grace)
        #expect(link.userId == grace.id && link.email == "grace@private.example")
        // Then the provider signs her in, still an agent; linking again changes nothing
        let signedIn = try await f.db.signIn(with: Self.google("g-7", email: "grace@private.example"))
        #expect(signedIn.id == grace.id && signedIn.role == .agent)
        #expect(try await f.db.linkIdentity(Self.google("g-7", email: nil), to: grace).id == link.id)
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).count == 1)
    }

    @Test("a password reset unlinks the account's providers: a link made by whoever held the account stops working")
    func resetUnlinksProviders() async throws {
        // Given an agent whose account someone linked to their own Google identity while signed in as her
        let f = try await Fixture.make()
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        try await f.db.linkIdentity(Self.google("intruder", email: "intruder@mail.example"), to: grace)
        #expect(try await f.db.signIn(with: Self.google("intruder", email: "intruder@mail.example")).id == grace.id)
        // When Grace resets her password through the mailed link
        try await f.db.requestPasswordReset(email: "grace@care.example")
        let token = try #require(try await f.lastMail(.passwordReset, to: "grace@care.example").payloadValues["token"])
        try await f.db.resetPassword(token: token, newPassword: "brand-New-pass-7")
        // Then the link is gone and the intruder's provider sign-in makes no account of hers
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).isEmpty)
        let intruder = try await f.db.signIn(with: Self.google("intruder", email: "intruder@mail.example"))
        #expect(intruder.id != grace.id && intruder.role == .customer)
        // And a customer's own provider links again by its verified address
        let ada = try await f.customer("Ada")
        try await f.db.signIn(with: Self.google("g-ada", email: "ada@example.com"))
        try await f.db.requestPasswordReset(email: "ada@example.com")
        let adaToken = try #require(try await f.lastMail(.passwordReset, to: "ada@example.com").payloadValues["token"])
        try await f.db.resetPassword(token: adaToken, newPassword: "brand-New-pass-8")
        #expect(try await f.db.identities(ofUser: try #require(ada.id)).isEmpty)
        #expect(try await f.db.signIn(with: Self.google("g-ada", email: "ada@example.com")).id == ada.id)
    }

    @Test("an identity linked to one account cannot be linked to another, nor by an inactive account")
    func linkRefusals() async throws {
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        _ = try await f.db.signIn(with: Self.google("g-1", email: "ada@example.com"))
        await expectFailure(.conflict) { try await f.db.linkIdentity(Self.google("g-1", email: "ada@example.com"), to: grace) }
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).isEmpty)
        #expect(try await f.db.signIn(with: Self.google("g-1", email: nil)).id == ada.id)
        try await f.db.deactivateAgent(id: try #require(grace.id), by: admin)
        await expectFailure(.forbidden) { try await f.db.linkIdentity(Self.google("g-2", email: nil), to: grace) }
        #expect(try await f.db.identities(ofUser: try #require(grace.id)).isEmpty)
    }

    @Test("only a link to an existing account is mailed: not a new account, not a later sign-in")
    func linkMail() async throws {
        let f = try await Fixture.make()
        _ = try await f.customer("Ada")
        _ = try await f.db.signIn(with: Self.google("g-1", email: "ada@example.com"))
        _ = try await f.db.signIn(with: Self.google("g-1", email: "ada@example.com"))
        _ = try await f.db.signIn(with: Self.google("g-2", email: "bo@example.com", name: "Bo"))
        let mails = try await f.db.outbox().filter { $0.kind == .identityLinked }
        #expect(mails.map(\.recipient) == ["ada@example.com"])
        let mail = try #require(mails.first)
        #expect(mail.payloadValues["path"] == "/forgot-password")
        #expect(mail.payloadValues["providerTitle"] == "Google")
        #expect(mail.body.contains("If this wasn't you, reset your password here:\n/forgot-password"))
    }

    @Test("a new person gets a confirmed customer account named after the provider's name, or the address")
    func newAccounts() async throws {
        let f = try await Fixture.make()
        let named = try await f.db.signIn(with: Self.google("g-2", email: "bo@example.com", name: "  Bo Lind "))
        #expect(named.name == "Bo Lind" && named.role == .customer && named.isConfirmed)
        let unnamed = try await f.db.signIn(with: Self.google("g-3", email: "cy@example.com", name: nil))
        #expect(unnamed.name == "cy")
    }

    @Test("refusals: no address, unverified address, unusable address, deactivated account")
    func refusals() async throws {
        let f = try await Fixture.make()
        await #expect(throws: HelpdeskError.self) { try await f.db.signIn(with: Self.google("g-4", email: nil)) }
        await #expect(throws: HelpdeskError.self) {
            try await f.db.signIn(with: Self.google("g-5", email: "new@example.com", verified: false))
        }
        await #expect(throws: HelpdeskError.self) {
            try await f.db.signIn(with: Self.google("g-6", email: "not an address", verified: true))
        }
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        try await f.db.linkIdentity(Self.google("g-8", email: "grace@care.example"), to: grace)
        try await f.db.deactivateAgent(id: try #require(grace.id), by: admin)
        await #expect(throws: HelpdeskError.forbidden("This account has been deactivated.")) {
            try await f.db.signIn(with: Self.google("g-8", email: "grace@care.example"))
        }
        // Nothing was created by the refusals
        #expect(try await f.db.users(for: admin).count == 2)
    }
}
