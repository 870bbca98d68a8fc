import Foundation
import GRDB
import HelpdeskImport
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite(
    "Moving an installation from SQLite to PostgreSQL (care db copy)",
    .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
)
struct StoreCopyTests {
    /// A store with the shipped corpus, a merged ticket (a reference to a later row of the same table) and a session.
    static func source() async throws -> Fixture {
        let f = try Fixture()  // the copy reads a SQLite file, whatever store the run tests
        try f.db.loadShippedCorpus()
        let (customer, admin, agent, ticket) = try await f.scene()
        let later = try await f.db.createTicket(by: customer, subject: "Printer still offline", description: "Same again.")
        try await f.db.take(ticketId: ticket.requiredID, by: agent)
        _ = try await f.db.merge(ticketId: ticket.requiredID, into: later.requiredID, by: admin)
        return f
    }

    @Test("every row arrives, checked by count and checksum; identities continue after the copied ids")
    func copiesAndVerifies() async throws {
        let f = try await Self.source()
        try await PostgresTestDatabase.withFresh { settings in
            let target = try await PostgresStore.connect(settings)
            defer { Task { await target.close() } }
            let summary = try await StoreCopier(source: f.db, target: target, batchSize: 300).run()
            // Then every table is there with the source's counts
            let tickets = try #require(summary.tables.first { $0.name == "ticket" })
            #expect(tickets.rows == (try f.db.count("ticket")) && tickets.rows == 2_353)
            #expect(summary.tables.first { $0.name == "ticketMessage" }?.rows == (try f.db.count("ticketMessage")))
            #expect(summary.tables.map(\.name).contains("changeLog") && !summary.tables.map(\.name).contains("ticketDayRollup"))
            // And the merge points at the later ticket
            #expect(try await target.strings("SELECT mergedintoid::text FROM ticket WHERE mergedintoid IS NOT NULL") == ["2353"])
            // And a new row gets the next id
            try await target.run("INSERT INTO changelog (entity, entityid, at) VALUES ('ticket', 1, now())")
            let next = try await target.strings("SELECT MAX(seq)::text FROM changelog").first ?? nil
            #expect(next == String(try f.db.count("changeLog") + 1))
        }
    }

    @Test("a target that holds data is refused and left alone; --replace overwrites it")
    func refusesANonEmptyTarget() async throws {
        let f = try await Self.source()
        try await PostgresTestDatabase.withFresh { settings in
            let target = try await PostgresStore.connect(settings)
            defer { Task { await target.close() } }
            _ = try await StoreCopier(source: f.db, target: target).run()
            try await target.run("INSERT INTO category (id, name) VALUES ('extra', 'Only in the target')")
            await #expect {
                _ = try await StoreCopier(source: f.db, target: target).run()
            } throws: { error in
                (error as? StoreCopyError)?.description.contains("already holds data") ?? false
            }
            #expect(try await target.strings("SELECT id FROM category WHERE id = 'extra'") == ["extra"])
            let replaced = try await StoreCopier(source: f.db, target: target, replace: true).run()
            #expect(replaced.tables.first { $0.name == "category" }?.rows == 18)
            #expect(try await target.strings("SELECT id FROM category WHERE id = 'extra'").isEmpty)
        }
    }

    @Test("a copy that fails half-way keeps nothing, and running it again succeeds")
    func interruptedCopyKeepsNothing() async throws {
        let f = try await Self.source()
        // Given a source row that cannot travel (text where the change log keeps ticket ids)
        try f.db.sqlWriteNow { sql in try sql.execute("INSERT INTO changeLog (entity, entityId, at) VALUES ('ticket', 'not-a-number', '2026-01-01 00:00:00.000')") }
        try await PostgresTestDatabase.withFresh { settings in
            let target = try await PostgresStore.connect(settings)
            defer { Task { await target.close() } }
            await #expect {
                _ = try await StoreCopier(source: f.db, target: target).run()
            } throws: { error in
                (error as? StoreCopyError)?.description.contains("changeLog.entityId") ?? false
            }
            // Then the tables copied before the failure are empty again
            #expect(try await target.strings("SELECT id FROM category").isEmpty)
            #expect(try await target.strings("SELECT id::text FROM ticket").isEmpty)
            // When the source is mended, Then the copy runs through
            try f.db.sqlWriteNow { sql in try sql.execute("DELETE FROM changeLog WHERE entityId = 'not-a-number'") }
            let summary = try await StoreCopier(source: f.db, target: target).run()
            #expect(summary.tables.first { $0.name == "ticket" }?.rows == 2_353)
        }
    }
}
