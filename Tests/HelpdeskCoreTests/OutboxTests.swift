import Foundation
import Testing

@testable import HelpdeskCore

/// The outbox: the backlog count, and the once-a-day "someone tried to register" mail.
@Suite("Outbox")
struct OutboxTests {
    @Test("the backlog count is what the worker would still send")
    func pendingCount() async throws {
        // Given four unsent mails, one then sent and one given up on
        let f = try Fixture()
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
        let f = try Fixture()
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
        let f = try Fixture()
        let ada = try await f.customer("Ada")
        let bob = try await f.customer("Bob")
        try await f.db.register(name: "Mallory", email: ada.email, password: "other-Passw0rd-1")
        try await f.db.register(name: "Mallory", email: bob.email, password: "other-Passw0rd-1")
        #expect(try await f.db.outbox().filter { $0.kind == .registrationAttempt }.map(\.recipient).sorted() == [ada.email, bob.email])
    }
}
