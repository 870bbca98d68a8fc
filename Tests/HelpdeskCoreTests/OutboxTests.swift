import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The outbox: the backlog count, the once-a-day "someone tried to register" mail, and one-time links that leave the
/// row once the mail is delivered or given up on.
@Suite("Outbox")
struct OutboxTests {
    @Test("the backlog count is what the worker would still send")
    func pendingCount() async throws {
        // Given four unsent mails, one then sent and one given up on
        let f = try await Fixture.make()
        #expect(try await f.db.pendingMailCount() == 0)
        for name in ["Ada", "Bob", "Cy", "Di"] {
            try await f.db.register(name: name, email: "\(name.lowercased())@example.com", password: Fixture.password)
        }
        let mails = try await f.db.outbox()
        #expect(try await f.db.pendingMailCount() == 4)
        try await f.db.markMailSent(id: mails[0].id!)
        for _ in 0..<3 { try await f.db.markMailFailed(id: mails[1].id!, error: "451 try later") }
        try await f.db.markMailFailed(id: mails[2].id!, error: "451 try later")

        // Then the count follows the same rule as the worker's list
        #expect(try await f.db.pendingMailCount(maxAttempts: 3) == 2)
        #expect(try await f.db.pendingMailCount(maxAttempts: 10) == 3)
        #expect(try await f.db.pendingMailCount(maxAttempts: 3) == (try await f.db.pendingMails(limit: 100, maxAttempts: 3)).count)
    }

    @Test("registering twice with a known address mails its owner once a day at most")
    func registrationAttemptMailOncePerDay() async throws {
        // Given a customer
        let f = try await Fixture.make()
        let ada = try await f.customer()

        // When someone registers with that address twice, and once more the next hour
        try await f.db.register(name: "Mallory", email: ada.email, password: "other-Passw0rd-1")
        try await f.db.register(name: "Mallory", email: ada.email.uppercased(), password: "other-Passw0rd-2")
        f.clock.advance(by: 3_600)
        try await f.db.register(name: "Mallory", email: ada.email, password: "other-Passw0rd-3")

        // Then Ada got one mail
        func attempts() async throws -> Int {
            try await f.db.outbox(recipient: ada.email).filter { $0.kind == .registrationAttempt }.count
        }
        #expect(try await attempts() == 1)

        // And after a day, another attempt mails her again
        f.clock.advance(by: AppDatabase.registrationAttemptMailInterval)
        try await f.db.register(name: "Mallory", email: ada.email, password: "other-Passw0rd-4")
        #expect(try await attempts() == 2)
    }

    @Test("the attempt limit of one address does not hold back another's mail")
    func registrationAttemptMailPerAddress() async throws {
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        let bob = try await f.customer("Bob")
        try await f.db.register(name: "Mallory", email: ada.email, password: "other-Passw0rd-1")
        try await f.db.register(name: "Mallory", email: bob.email, password: "other-Passw0rd-1")
        #expect(try await f.db.outbox().filter { $0.kind == .registrationAttempt }.map(\.recipient).sorted() == [ada.email, bob.email])
    }

    @Test("a delivered mail keeps no token; one given up on neither, and is not queued again")
    func oneTimeLinksLeaveTheRow() async throws {
        let f = try await Fixture.make()
        let admin = try await f.admin()
        try await f.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        try await f.db.register(name: "Bob", email: "bob@example.com", password: Fixture.password)
        let ada = try await f.lastMail(.confirmEmail, to: "ada@example.com")
        let bob = try await f.lastMail(.confirmEmail, to: "bob@example.com")
        let adaToken = try #require(ada.payloadValues["token"])
        let bobToken = try #require(bob.payloadValues["token"])

        try await f.db.markMailSent(id: ada.id!)
        for _ in 0..<2 { try await f.db.markMailFailed(id: bob.id!, error: "550 no such user", maxAttempts: 3) }
        #expect(try await f.lastMail(.confirmEmail, to: "bob@example.com").payload.contains(bobToken), "kept while retried")
        try await f.db.markMailFailed(id: bob.id!, error: "550 no such user", maxAttempts: 3)

        let sent = try await f.lastMail(.confirmEmail, to: "ada@example.com")
        #expect(!sent.body.contains(adaToken) && !sent.payload.contains(adaToken))
        #expect(sent.subject == ada.subject && sent.sentAt != nil)
        let failed = try await f.lastMail(.confirmEmail, to: "bob@example.com")
        #expect(!failed.body.contains(bobToken) && !failed.payload.contains(bobToken))
        #expect(failed.lastError == "550 no such user" && failed.attempts == 3)
        await expectFailure(.conflict) { try await f.db.retryMail(id: bob.id!, by: admin) }
        // The links themselves still work: the token's hash is kept
        #expect(try await f.db.confirmEmail(token: adaToken).isConfirmed)
    }
}
