import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("File database (DatabasePool, WAL)")
struct FileDatabaseTests {
    @Test("capacity is never exceeded under parallel assignments")
    func parallelAssignments() async throws {
        // Given a file database, an agent with capacity 3 and 12 tickets in the queue
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let f = try Fixture(file: folder.appendingPathComponent("care.sqlite").path)
        let customer = try await f.customer()
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin, capacity: 3)
        var ids: [Int64] = []
        for n in 0..<12 {
            ids.append(try await f.db.createTicket(by: customer, subject: "T\(n)", description: "d").requiredID)
        }
        // When the agent and the admin assign all of them at once
        let db = f.db
        let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (n, id) in ids.enumerated() {
                group.addTask {
                    do {
                        if n.isMultiple(of: 2) {
                            try await db.take(ticketId: id, by: agent)
                        } else {
                            try await db.assign(ticketId: id, to: agent.requiredID, by: admin)
                        }
                        return true
                    } catch let error as HelpdeskError {
                        guard case .conflict = error else { throw error }
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        // Then exactly the capacity was assigned
        #expect(successes == 3)
        #expect(try await db.tickets(TicketQuery(assignee: .user(agent.requiredID)), for: admin).total == 3)
        #expect(try await db.agents(for: admin).first?.openTickets == 3)
    }

    @Test("a reopened file store keeps its data")
    func reopen() async throws {
        // Given a file database with a customer and a ticket
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("care.sqlite").path
        let clock = TestClock()
        let ticketId: Int64
        do {
            let f = try Fixture(file: path, clock: clock)
            let customer = try await f.customer()
            ticketId = try await f.db.createTicket(by: customer, subject: "Kept", description: "d").requiredID
        }
        // When the store is opened again (migrations run again: no-op)
        let again = try Fixture(file: path, clock: clock)
        let customer = try await again.db.login(email: "ada@example.com", password: Fixture.password)
        // Then everything is there
        #expect(try await again.db.ticket(id: ticketId, for: customer).subject == "Kept")
    }
}
