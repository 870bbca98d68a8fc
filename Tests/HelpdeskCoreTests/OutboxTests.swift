import Foundation
import Testing

@testable import HelpdeskCore

/// The outbox: the backlog count.
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
}
