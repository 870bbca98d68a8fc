import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Ticket workflow")
struct TicketWorkflowTests {
    @Test("a new ticket gets SLA deadlines, an audit row, a change-log row and a receipt mail")
    func creation() async throws {
        // Given a customer
        let f = try await Fixture.make()
        let customer = try await f.customer()
        // When they file an urgent ticket
        let ticket = try await f.db.createTicket(
            by: customer,
            subject: "  Site down ",
            description: "Nothing loads",
            priority: .urgent
        )
        // Then it is new, trimmed, with urgent SLA deadlines (1 h / 8 h)
        #expect(ticket.status == .new && ticket.subject == "Site down" && ticket.assigneeId == nil)
        #expect(ticket.firstResponseDueAt == f.clock.now.addingTimeInterval(3600))
        #expect(ticket.resolutionDueAt == f.clock.now.addingTimeInterval(8 * 3600))
        let mail = try await f.lastMail(.ticketReceived, to: customer.email)
        #expect(mail.payloadValues["ticketId"] == "\(ticket.requiredID)")
        let admin = try await f.admin()
        #expect(try await f.db.auditHistory(ticketId: ticket.requiredID, for: admin).map(\.action) == ["created"])
    }

    @Test("input problems name the field")
    func invalidInput() async throws {
        let f = try await Fixture.make()
        let customer = try await f.customer()
        await expectFailure(.field("subject")) { try await f.db.createTicket(by: customer, subject: " ", description: "x") }
        await expectFailure(.field("categoryId")) { try await f.db.createTicket(by: customer, subject: "x", description: "y", categoryId: "nope") }
    }

    @Test("staff cannot file tickets, unconfirmed customers neither")
    func whoFilesTickets() async throws {
        let f = try await Fixture.make()
        let admin = try await f.admin()
        await expectFailure(.forbidden) { try await f.db.createTicket(by: admin, subject: "x", description: "y") }
    }

    @Test("the full happy path: assign, work, wait, resolve, close")
    func happyPath() async throws {
        // Given a ticket in the queue
        let f = try await Fixture.make()
        let (customer, _, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        // When the agent takes it, Then it is assigned and both sides are mailed
        var current = try await f.db.take(ticketId: id, by: agent)
        #expect(current.status == .assigned && current.assigneeId == agent.id)
        _ = try await f.lastMail(.ticketAssignedCustomer, to: customer.email)
        _ = try await f.lastMail(.ticketAssignedAgent, to: agent.email)
        // When the agent replies, Then the first response is recorded, the ticket is in progress and the customer mailed
        f.clock.advance(by: 600)
        try await f.db.reply(to: id, by: agent, body: "Is the cable plugged in?")
        current = try await f.db.ticket(id: id, for: agent)
        #expect(current.status == .inProgress && current.firstResponseAt == f.clock.now)
        _ = try await f.lastMail(.agentReplied, to: customer.email)
        // When the agent waits on the customer and the customer answers, Then it is back in progress
        try await f.db.changeStatus(ticketId: id, to: .waitingOnCustomer, by: agent)
        try await f.db.reply(to: id, by: customer, body: "Yes it is.")
        #expect(try await f.db.ticket(id: id, for: customer).status == .inProgress)
        // When the agent resolves it with a new solution
        let (resolved, solution) = try await f.db.resolve(
            ticketId: id,
            by: agent,
            with: .new(SolutionDraft(title: "Power-cycle the printer", steps: ["Off", "On"]))
        )
        #expect(resolved.status == .resolved && resolved.resolvedAt == f.clock.now)
        #expect(solution.reuseCount == 1)
        // Then the resolution mail carries the solution and the verdict links
        let mail = try await f.lastMail(.ticketResolved, to: customer.email)
        #expect(mail.body.contains("Power-cycle the printer"))
        #expect(mail.payloadValues["solvedPath"]?.contains(try #require(mail.payloadValues["token"])) == true)
        // When the customer closes it, Then it is closed for good
        let closed = try await f.db.changeStatus(ticketId: id, to: .closed, by: customer)
        #expect(closed.status == .closed && closed.closedAt != nil)
        await expectFailure(.invalidTransition) { try await f.db.reply(to: id, by: customer, body: "one more thing") }
        await expectFailure(.anyError) { try await f.db.changeStatus(ticketId: id, to: .inProgress, by: agent) }
    }

    @Test(
        "transitions are refused to the wrong role",
        arguments: [
            // (role acting, from status, to status, allowed)
            ("customer", TicketStatus.assigned, TicketStatus.inProgress, false),
            ("agent", .assigned, .inProgress, true),
            ("otherAgent", .assigned, .inProgress, false),
            ("admin", .assigned, .inProgress, true),
            ("agent", .inProgress, .waitingOnCustomer, true),
            ("customer", .inProgress, .waitingOnCustomer, false),
            ("agent", .assigned, .resolved, false),
            ("agent", .assigned, .closed, false),
            ("customer", .assigned, .closed, true),
            ("admin", .assigned, .closed, true),
            ("agent", .assigned, .new, false),
            ("agent", .assigned, .assigned, false),
        ]
    )
    func transitionsByRole(role: String, from: TicketStatus, to: TicketStatus, allowed: Bool) async throws {
        // Given a ticket assigned to an agent, in status `from`
        let f = try await Fixture.make()
        let (customer, admin, agent, ticket) = try await f.scene()
        let other = try await f.agent("Linus", by: admin)
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        if from != .assigned { try await f.db.changeStatus(ticketId: id, to: from, by: agent) }
        let actor = ["customer": customer, "agent": agent, "otherAgent": other, "admin": admin][role]!
        // When `role` asks for `to`
        do {
            let result = try await f.db.changeStatus(ticketId: id, to: to, by: actor)
            // Then it is allowed only when expected
            #expect(allowed, "\(role) moved \(from) → \(to)")
            #expect(result.status == to)
            let last = try await f.db.auditHistory(ticketId: id, for: admin).last
            #expect(last?.field == "status" && last?.after == to.rawValue && last?.actorId == actor.id)
        } catch let error as HelpdeskError {
            #expect(!allowed, "\(role) was refused \(from) → \(to): \(error)")
            // A ticket the actor cannot see is "not found"; one they see but may not change is an invalid transition
            if role == "otherAgent" { #expect(error.isNotFound) } else { #expect(error.isInvalidTransition) }
        }
    }

    @Test("agents take only unassigned tickets and only for themselves")
    func takingRules() async throws {
        let f = try await Fixture.make()
        let (_, admin, agent, ticket) = try await f.scene()
        let other = try await f.agent("Linus", by: admin)
        let id = ticket.requiredID
        await expectFailure(.forbidden) { try await f.db.assign(ticketId: id, to: other.requiredID, by: agent) }
        try await f.db.take(ticketId: id, by: agent)
        // Once taken it leaves the queue, so another agent cannot even see it
        await expectFailure(.notFound) { try await f.db.take(ticketId: id, by: other) }
        // An admin may reassign it
        let moved = try await f.db.assign(ticketId: id, to: other.requiredID, by: admin)
        #expect(moved.assigneeId == other.id && moved.status == .assigned)
    }

    @Test("capacity is respected")
    func capacity() async throws {
        // Given an agent with capacity 1 holding a ticket
        let f = try await Fixture.make()
        let (customer, admin, _, ticket) = try await f.scene()
        let busy = try await f.agent("Busy", by: admin, capacity: 1)
        try await f.db.take(ticketId: ticket.requiredID, by: busy)
        let second = try await f.db.createTicket(by: customer, subject: "Two", description: "Second problem")
        let mailsBefore = try await f.db.outbox().count
        // When another ticket is assigned to them, Then it is refused and no mail is written
        await expectFailure(.conflict) { try await f.db.assign(ticketId: second.requiredID, to: busy.requiredID, by: admin) }
        #expect(try await f.db.outbox().count == mailsBefore)
        #expect(try await f.db.ticket(id: second.requiredID, for: admin).assigneeId == nil)
    }

    @Test("internal notes are hidden from customers")
    func internalNotes() async throws {
        // Given a ticket with a public reply and an internal note
        let f = try await Fixture.make()
        let (customer, _, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        try await f.db.reply(to: id, by: agent, body: "Public answer")
        try await f.db.reply(to: id, by: agent, body: "Customer seems confused", internalNote: true)
        // Then the customer sees only the public reply, the agent both
        #expect(try await f.db.messages(ticketId: id, for: customer).map(\.body) == ["Public answer"])
        #expect(try await f.db.messages(ticketId: id, for: agent).map(\.body) == ["Public answer", "Customer seems confused"])
        // And the note sent no mail, and customers cannot write notes
        #expect(try await f.db.outbox(recipient: customer.email).filter { $0.kind == .agentReplied }.count == 1)
        await expectFailure(.forbidden) { try await f.db.reply(to: id, by: customer, body: "x", internalNote: true) }
    }

    @Test("an agent must take a ticket before replying publicly")
    func replyNeedsOwnership() async throws {
        let f = try await Fixture.make()
        let (_, _, agent, ticket) = try await f.scene()
        await expectFailure(.forbidden) { try await f.db.reply(to: ticket.requiredID, by: agent, body: "hi") }
        // but may leave a note on a queue ticket
        try await f.db.reply(to: ticket.requiredID, by: agent, body: "looks like a duplicate", internalNote: true)
    }

    @Test("a customer reply reopens a resolved ticket within 14 days, not after")
    func reopenWindow() async throws {
        // Given a resolved ticket
        let f = try await Fixture.make()
        let (customer, _, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        try await f.db.resolve(ticketId: id, by: agent, with: .new(SolutionDraft(title: "Fix", steps: ["Do it"])))
        // When the customer replies 13 days later, Then it is reopened and assigned to the same agent
        f.clock.advance(by: 13 * 86_400)
        try await f.db.reply(to: id, by: customer, body: "Still broken")
        var current = try await f.db.ticket(id: id, for: customer)
        #expect(current.status == .assigned && current.assigneeId == agent.id && current.resolvedAt == nil)
        // When it is resolved again and the customer replies 15 days later, Then the reply is refused
        try await f.db.resolve(ticketId: id, by: agent, with: .new(SolutionDraft(title: "Fix 2", steps: ["Do it again"])))
        f.clock.advance(by: 15 * 86_400)
        await expectFailure(.invalidTransition) { try await f.db.reply(to: id, by: customer, body: "Again") }
        current = try await f.db.ticket(id: id, for: customer)
        #expect(current.status == .resolved)
    }

    @Test("audit rows record actor, field, before and after")
    func auditTrail() async throws {
        let f = try await Fixture.make()
        let (_, admin, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        _ = try await f.db.updateTicket(id: id, by: agent, subject: "Printer offline (3rd floor)", priority: .high)
        let history = try await f.db.auditHistory(ticketId: id, for: admin)
        #expect(history.map(\.action) == ["created", "assigned", "statusChanged", "edited", "edited"])
        let edit = try #require(history.first { $0.field == "priority" })
        #expect(edit.before == "normal" && edit.after == "high" && edit.actorId == agent.id && edit.at == f.clock.now)
        // And the priority change moved the SLA deadlines (high: 4 h / 24 h)
        let updated = try await f.db.ticket(id: id, for: admin)
        #expect(updated.firstResponseDueAt == updated.createdAt.addingTimeInterval(4 * 3600))
    }

    @Test("a failed write leaves neither the change nor its mail")
    func outboxIsTransactional() async throws {
        // Given a customer
        let f = try await Fixture.make()
        let customer = try await f.customer()
        let before = try await f.db.outbox().count
        // When creating a ticket fails inside the transaction (unknown category)
        await expectFailure(.anyError) {
            try await f.db.createTicket(by: customer, subject: "x", description: "y", categoryId: "missing")
        }
        // Then no mail was written; and a successful write writes exactly its mail
        #expect(try await f.db.outbox().count == before)
        _ = try await f.db.createTicket(by: customer, subject: "x", description: "y")
        #expect(try await f.db.outbox().count == before + 1)
    }

    @Test("SLA: breached tickets are listed, warnings are written once")
    func sla() async throws {
        // Given an urgent unanswered ticket
        let f = try await Fixture.make()
        let (customer, admin, agent, _) = try await f.scene()
        let urgent = try await f.db.createTicket(by: customer, subject: "Down", description: "All down", priority: .urgent)
        try await f.db.take(ticketId: urgent.requiredID, by: agent)
        // When 50 minutes pass, Then it is near breach but not breached, and one warning is written once
        f.clock.advance(by: 50 * 60)
        #expect(try await f.db.ticketsNearSLABreach(within: 15 * 60, for: admin).map(\.id) == [urgent.id])
        #expect(try await f.db.tickets(TicketQuery(breachedOnly: true), for: admin).total == 0)
        #expect(try await f.db.sendSLAWarnings(within: 15 * 60).map(\.id) == [urgent.id])
        #expect(try await f.db.sendSLAWarnings(within: 15 * 60).isEmpty)
        #expect(try await f.db.outbox(recipient: agent.email).filter { $0.kind == .slaWarning }.count == 1)
        #expect(try await f.db.outbox(recipient: admin.email).filter { $0.kind == .slaWarning }.count == 1, "admins are told too")
        // When the hour passes, Then the ticket is breached
        f.clock.advance(by: 20 * 60)
        #expect(try await f.db.tickets(TicketQuery(breachedOnly: true), for: admin).tickets.map(\.id) == [urgent.id])
        // And a deadline that passed while nobody was sweeping is a breach, not an "about to breach" mail
        let late = try await f.db.createTicket(by: customer, subject: "Late", description: "Nobody looked", priority: .urgent)
        f.clock.advance(by: 2 * 3_600)
        #expect(try await f.db.sendSLAWarnings(within: 15 * 60).map(\.id).contains(late.id) == false)
        // And admins can change the targets
        try await f.db.updateSLAPolicy(SLAPolicy(priority: .urgent, firstResponseMinutes: 30, resolutionMinutes: 240), by: admin)
        #expect(try await f.db.slaPolicies().first { $0.priority == .urgent }?.firstResponseMinutes == 30)
        await expectFailure(.forbidden) {
            try await f.db.updateSLAPolicy(SLAPolicy(priority: .urgent, firstResponseMinutes: 30, resolutionMinutes: 240), by: agent)
        }
    }

    @Test("ticket lists filter and page, newest update first")
    func listing() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, first) = try await f.scene()
        var ids = [first.requiredID]
        for n in 2...5 {
            f.clock.advance(by: 60)
            ids.append(try await f.db.createTicket(by: customer, subject: "T\(n)", description: "d").requiredID)
        }
        f.clock.advance(by: 60)
        try await f.db.take(ticketId: ids[0], by: agent)
        let page1 = try await f.db.tickets(TicketQuery(page: 1, pageSize: 2), for: admin)
        #expect(page1.total == 5 && page1.tickets.map(\.id) == [ids[0], ids[4]])
        let page3 = try await f.db.tickets(TicketQuery(page: 3, pageSize: 2), for: admin)
        #expect(page3.tickets.map(\.id) == [ids[1]])
        let mine = try await f.db.tickets(TicketQuery(assignee: .user(agent.requiredID)), for: admin)
        #expect(mine.tickets.map(\.id) == [ids[0]])
        let queue = try await f.db.tickets(TicketQuery(statuses: [.new], assignee: .unassigned), for: admin)
        #expect(queue.total == 4)
    }

    @Test("resolving: assignee or admin only, open tickets only; the detail names everyone")
    func resolvingRules() async throws {
        // Given a ticket in the queue
        let f = try await Fixture.make()
        let (customer, admin, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        let draft = SolutionDraft(title: "Fix", steps: ["Step"])
        // When an agent who does not hold it, or the customer, tries to resolve it, Then it is refused
        await expectFailure(.forbidden) { try await f.db.resolve(ticketId: id, by: agent, with: .new(draft)) }
        await expectFailure(.forbidden) { try await f.db.resolve(ticketId: id, by: customer, with: .new(draft)) }
        // And customers cannot assign
        await expectFailure(.forbidden) { try await f.db.assign(ticketId: id, to: agent.requiredID, by: customer) }
        // When the admin resolves it straight from the queue, Then it is resolved
        let (resolved, _) = try await f.db.resolve(ticketId: id, by: admin, with: .new(draft))
        #expect(resolved.status == .resolved)
        // And it cannot be resolved or assigned again while resolved
        await expectFailure(.invalidTransition) { try await f.db.resolve(ticketId: id, by: admin, with: .new(draft)) }
        await expectFailure(.invalidTransition) { try await f.db.assign(ticketId: id, to: agent.requiredID, by: admin) }
        // And the detail carries the names of the people in the thread
        let detail = try await f.db.ticketDetail(id: id, for: customer)
        #expect(detail.names[customer.requiredID] == "Ada" && detail.names[admin.requiredID] == "Administrator")
        // And only admins list users
        #expect(try await f.db.users(role: .agent, for: admin).map(\.id) == [agent.id])
        await expectFailure(.forbidden) { try await f.db.users(for: agent) }
    }

    @Test("an unconfirmed customer cannot file tickets")
    func unconfirmedCannotFile() async throws {
        let f = try await Fixture.make()
        try await f.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        let admin = try await f.admin()
        let ada = try #require(try await f.db.users(role: .customer, for: admin).first)
        await expectFailure(.forbidden) { try await f.db.createTicket(by: ada, subject: "x", description: "y") }
    }
}
