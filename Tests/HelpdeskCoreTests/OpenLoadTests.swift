import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Agents' open loads, which every routing decision and assignment reads: right on a store where closed tickets far
/// outnumber open ones, and, on SQLite, read from the partial index of open tickets even after `ANALYZE` taught the
/// planner that a status holds a fifth of the tickets on average (with only an index on the status it then walked
/// every ticket in assignee order: 1.1 s a count at a million tickets).
@Suite("Open loads")
struct OpenLoadTests {
    @Test("open loads and resolved counts per agent are right, and the loads come from the index of open tickets after ANALYZE")
    func openLoadsFromTheIndex() async throws {
        // Given two agents, one with a long closed history, and a few open and unassigned tickets
        let fixture = try await Fixture.make()
        let admin = try await fixture.admin()
        let ada = try await fixture.customer()
        let grace = try await fixture.agent("Grace", by: admin)
        let alan = try await fixture.agent("Alan", by: admin)
        let at = fixture.clock.now
        try await fixture.db.sqlWrite { sql in
            func add(_ status: TicketStatus, _ assignee: User?, _ count: Int) throws {
                for _ in 0..<count {
                    _ = try sql.insert(
                        """
                        INSERT INTO ticket (customerId, subject, description, priority, status, assigneeId, createdAt, updatedAt,
                                            firstResponseDueAt, resolutionDueAt, lastCustomerActivityAt)
                        VALUES (?, 'Printer', 'Offline', 'normal', ?, ?, ?, ?, ?, ?, ?)
                        """,
                        ada.id, status.rawValue, assignee?.id, at, at, at, at, at)
                }
            }
            try add(.closed, grace, 2_000)
            try add(.resolved, grace, 30)
            try add(.inProgress, grace, 4)
            try add(.assigned, grace, 2)
            try add(.waitingOnCustomer, alan, 3)
            try add(.resolved, alan, 6)
            try add(.new, nil, 5)
        }
        try await fixture.db.analyze()
        // Then the loads count only open tickets, per agent, as the capacity check does, and the resolved counts only
        // resolved and closed ones
        let loads = Dictionary(uniqueKeysWithValues: try await fixture.db.activeAgentLoads().map { ($0.agent.name, $0.openTickets) })
        #expect(loads == ["Grace": 6, "Alan": 3])
        let resolved = try await fixture.db.resolvedCounts()
        #expect(resolved == [grace.requiredID: 2_030, alan.requiredID: 6])
        let graceOpen = try await fixture.db.sqlRead { sql in try sql.int64(AppDatabase.openTicketCountSQL, grace.requiredID) }
        #expect(graceOpen == 6)
        // And on SQLite the loads and an agent's count for the capacity check read the index of open tickets
        let plans = try await fixture.db.sqlRead { sql -> [String]? in
            guard sql.dialect == .sqlite else { return nil }
            return try [
                ("EXPLAIN QUERY PLAN " + AppDatabase.openTicketCountsSQL, [SQLValue]()),
                ("EXPLAIN QUERY PLAN " + AppDatabase.openTicketCountSQL, [.integer(grace.requiredID)]),
            ].map { statement, arguments in
                try sql.rows(statement, arguments).map { try $0.string("detail") }.joined(separator: " | ")
            }
        }
        for plan in plans ?? [] {
            #expect(plan.contains("INDEX ticket_open_on_assigneeId"), "\(plan)")
        }
    }

    @Test("the index of open tickets lists exactly the open statuses")
    func openIndexMatchesOpenStatuses() async throws {
        // A change to TicketStatus.open needs a migration that recreates the index; this fails until it has one.
        let fixture = try await Fixture.make()
        let definition = try await fixture.db.sqlRead { sql -> String in
            switch sql.dialect {
            case .sqlite:
                return try sql.rows("SELECT sql FROM sqlite_master WHERE name = 'ticket_open_on_assigneeId'").first?.string("sql") ?? ""
            case .postgres:
                return try sql.rows("SELECT indexdef FROM pg_indexes WHERE indexname = 'ticket_open_on_assigneeid'").first?.string("indexdef") ?? ""
            }
        }
        let listed = Set(definition.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        #expect(listed == Set(TicketStatus.open.map(\.rawValue)), "\(definition)")
        #expect(TicketStatus.openSQLList == "'new', 'assigned', 'inProgress', 'waitingOnCustomer'")
    }
}
