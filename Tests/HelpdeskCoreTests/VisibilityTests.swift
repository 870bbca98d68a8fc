import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Ticket visibility")
struct VisibilityTests {
    /// Two customers with one ticket each; Ada's ticket is assigned to Grace and resolved, Bob's is in the queue.
    struct World {
        let f: Fixture
        let ada: User, bob: User, admin: User, grace: User, linus: User
        let adaTicket: Ticket, bobTicket: Ticket, solution: Solution

        static func make() async throws -> World {
            let f = try await Fixture.make()
            let ada = try await f.customer("Ada")
            let bob = try await f.customer("Bob")
            let admin = try await f.admin()
            let grace = try await f.agent("Grace", by: admin)
            let linus = try await f.agent("Linus", by: admin)
            let adaTicket = try await f.db.createTicket(by: ada, subject: "Ada's printer", description: "offline")
            let bobTicket = try await f.db.createTicket(by: bob, subject: "Bob's router", description: "blinking")
            try await f.db.take(ticketId: adaTicket.requiredID, by: grace)
            let (_, solution) = try await f.db.resolve(
                ticketId: adaTicket.requiredID,
                by: grace,
                with: .new(SolutionDraft(title: "Restart", steps: ["Restart"]))
            )
            f.clock.advance(by: 7200)
            return World(
                f: f,
                ada: ada,
                bob: bob,
                admin: admin,
                grace: grace,
                linus: linus,
                adaTicket: try await f.db.ticket(id: adaTicket.requiredID, for: admin),
                bobTicket: bobTicket,
                solution: solution
            )
        }
    }

    @Test("a customer sees only their own tickets, in every ticket-returning query")
    func customerIsolation() async throws {
        let w = try await World.make()
        let db = w.f.db
        let adaId = w.adaTicket.requiredID
        let notFound = HelpdeskError.notFound(entity: "ticket", id: "\(adaId)")
        // When Bob asks for Ada's ticket in any way, Then it does not exist for him
        await expectError(notFound) { try await db.ticket(id: adaId, for: w.bob) }
        await expectError(notFound) { try await db.ticketDetail(id: adaId, for: w.bob) }
        await expectError(notFound) { try await db.messages(ticketId: adaId, for: w.bob) }
        await expectError(notFound) { try await db.auditHistory(ticketId: adaId, for: w.bob) }
        await expectError(notFound) { try await db.reply(to: adaId, by: w.bob, body: "hi") }
        await expectError(notFound) { try await db.changeStatus(ticketId: adaId, to: .closed, by: w.bob) }
        await expectError(notFound) { try await db.recordVerdict(ticketId: adaId, by: w.bob, .solved) }
        #expect(try await db.tickets(for: w.bob).tickets.map(\.id) == [w.bobTicket.id])
        #expect(try await db.tickets(TicketQuery(customerId: w.ada.id), for: w.bob).total == 0)
        #expect(try await db.tickets(ids: [adaId, w.bobTicket.requiredID], for: w.bob).map(\.id) == [w.bobTicket.id])
        #expect(try await db.ticketsResolved(bySolution: w.solution.requiredID, for: w.bob).isEmpty)
        #expect(try await db.ticketsNearSLABreach(within: 1e9, for: w.bob).map(\.id) == [w.bobTicket.id])
        #expect(try await db.tickets(TicketQuery(breachedOnly: true), for: w.bob).tickets.allSatisfy { $0.customerId == w.bob.id })
        // And Ada sees hers
        #expect(try await db.ticket(id: adaId, for: w.ada).id == adaId)
        #expect(try await db.ticketsResolved(bySolution: w.solution.requiredID, for: w.ada).map(\.id) == [adaId])
    }

    @Test("an agent sees the queue, their own tickets and the solved history, not colleagues' open tickets; admins see all")
    func staffVisibility() async throws {
        let w = try await World.make()
        let db = w.f.db
        let adaId = w.adaTicket.requiredID
        let bobId = w.bobTicket.requiredID
        // Grace holds Ada's (resolved) ticket and sees Bob's in the queue
        #expect(Set(try await db.tickets(for: w.grace).tickets.map(\.requiredID)) == [adaId, bobId])
        // Linus sees the queue and the solved history: Ada's resolved ticket is there to learn from
        #expect(Set(try await db.tickets(for: w.linus).tickets.map(\.requiredID)) == [adaId, bobId])
        #expect(try await db.ticketDetail(id: adaId, for: w.linus).ticket.id == adaId)
        #expect(try await db.ticketsResolved(bySolution: w.solution.requiredID, for: w.linus).map(\.id) == [adaId])
        #expect(try await db.ticketsNearSLABreach(within: 1e9, for: w.linus).map(\.id) == [bobId])
        // But a colleague's open ticket stays hidden from him
        let open = try await db.createTicket(by: w.bob, subject: "Second problem", description: "Another thing broke.")
        _ = try await db.assign(ticketId: open.requiredID, to: w.grace.requiredID, by: w.admin)
        await expectFailure(.notFound) { try await db.ticket(id: open.requiredID, for: w.linus) }
        await expectFailure(.notFound) { try await db.ticketDetail(id: open.requiredID, for: w.linus) }
        #expect(try await db.tickets(ids: [open.requiredID, bobId], for: w.linus).map(\.id) == [bobId])
        #expect(try await db.tickets(ids: [open.requiredID], for: w.grace).map(\.id) == [open.id])
        // The admin sees everything
        #expect(try await db.tickets(for: w.admin).total == 3)
        #expect(try await db.ticketsResolved(bySolution: w.solution.requiredID, for: w.admin).map(\.id) == [adaId])
        // A deactivated agent sees nothing
        try await db.deactivateAgent(id: w.linus.requiredID, by: w.admin)
        var inactive = w.linus
        inactive.isActive = false
        #expect(try await db.tickets(for: inactive).total == 0)
        // Customers cannot read the audit history of their own ticket
        await expectFailure(.forbidden) { try await db.auditHistory(ticketId: adaId, for: w.ada) }
    }
}
