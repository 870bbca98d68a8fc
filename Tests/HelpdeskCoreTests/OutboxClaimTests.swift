import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Mail workers of several app nodes on one database: each mail is claimed by one worker at a time, for a lease.
@Suite("Outbox claims on either store")
struct OutboxClaimTests {
    /// Three customers registered, so three confirmation mails wait; their ids.
    func threeMails(_ f: Fixture) async throws -> [Int64] {
        for name in ["Ada", "Bob", "Cy"] {
            try await f.db.register(name: name, email: "\(name.lowercased())@example.com", password: Fixture.password)
        }
        let ids = try await f.db.pendingMails().compactMap(\.id)
        #expect(ids.count == 3)
        return ids
    }

    @Test("a claimed mail belongs to its worker until the claim ends; a second worker passes over it")
    func claimsAreExclusive() async throws {
        let f = try await Fixture.make()
        let ids = try await threeMails(f)
        let at = f.clock.now
        let lease = at.addingTimeInterval(300)

        // When node A claims the first two mails
        let a = try await f.db.claimMails(ids: Array(ids.prefix(2)), owner: "node-a", until: lease, at: at)
        #expect(a.compactMap(\.id) == Array(ids.prefix(2)))

        // Then node B, asking for all three, gets only the third, and sees only it as claimable
        #expect(try await f.db.claimableMails(at: at).compactMap(\.id) == [ids[2]])
        let b = try await f.db.claimMails(ids: ids, owner: "node-b", until: lease, at: at)
        #expect(b.compactMap(\.id) == [ids[2]])
        #expect(try await f.db.claimMails(ids: ids, owner: "node-b", until: lease, at: at).isEmpty)

        // When A sends one and fails the other, both claims end: the failed one is B's to retry
        try await f.db.markMailSent(id: ids[0])
        try await f.db.markMailFailed(id: ids[1], error: "451 try later")
        #expect(try await f.db.claimableMails(at: at).compactMap(\.id) == [ids[1]])
        #expect(try await f.db.claimMails(ids: ids, owner: "node-b", until: lease, at: at).compactMap(\.id) == [ids[1]])
    }

    @Test("a worker that died mid-delivery leaves its mails to another after the lease; one that stops gives them back")
    func leasesEndAndClaimsAreReleased() async throws {
        let f = try await Fixture.make()
        let ids = try await threeMails(f)
        let at = f.clock.now

        // Given node A holds every mail for a minute
        #expect(try await f.db.claimMails(ids: ids, owner: "node-a", until: at.addingTimeInterval(60), at: at).count == 3)
        #expect(try await f.db.claimMails(ids: ids, owner: "node-b", until: at.addingTimeInterval(60), at: at).isEmpty)

        // When A dies, B can claim them once the minute is over (and not a second earlier)
        let before = at.addingTimeInterval(59)
        #expect(try await f.db.claimMails(ids: ids, owner: "node-b", until: before.addingTimeInterval(60), at: before).isEmpty)
        let after = at.addingTimeInterval(61)
        #expect(try await f.db.claimableMails(at: after).count == 3)
        let taken = try await f.db.claimMails(ids: [ids[0]], owner: "node-b", until: after.addingTimeInterval(60), at: after)
        #expect(taken.compactMap(\.id) == [ids[0]])

        // When B stops gracefully, it gives back what it holds and nothing else (A's old claims are not B's)
        #expect(try await f.db.releaseMailClaims(owner: "node-b") == 1)
        #expect(try await f.db.claimableMails(at: at).compactMap(\.id) == [ids[0]])
        #expect(try await f.db.releaseMailClaims(owner: "node-a") == 2)
        #expect(try await f.db.claimableMails(at: at).count == 3)

        // And a sent mail is never claimed again
        try await f.db.markMailSent(id: ids[1])
        let later = at.addingTimeInterval(3_600)
        #expect(try await f.db.claimMails(ids: ids, owner: "node-c", until: later, at: later).compactMap(\.id) == [ids[0], ids[2]])
    }
}
