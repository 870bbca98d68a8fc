import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Customer activity: staff are told, the queue knows")
struct CustomerActivityTests {
    /// The mails about customer activity (the three new kinds), oldest first.
    static func activityMails(_ f: Fixture) async throws -> [OutboxMail] {
        try await f.db.outbox().filter { [.customerReplied, .ticketReopened, .verdictNotSolved].contains($0.kind) }
    }

    /// `scene()` with the ticket taken by the agent and answered once, so that it waits on the customer.
    func assignedScene(_ f: Fixture) async throws -> (customer: User, admin: User, agent: User, id: Int64) {
        let (customer, admin, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        try await f.db.reply(to: id, by: agent, body: "Is the printer switched on?")
        try await f.db.changeStatus(ticketId: id, to: .waitingOnCustomer, by: agent)
        return (customer, admin, agent, id)
    }

    /// Resolves ticket `id` with a new solution.
    func resolve(_ f: Fixture, _ id: Int64, by agent: User) async throws {
        _ = try await f.db.resolve(
            ticketId: id, by: agent, with: .new(SolutionDraft(title: "Restart the printer", steps: ["Off", "On"])))
    }

    @Test("a customer reply mails the assignee once, naming the ticket, quoting the reply and linking the agent page")
    func replyMailsTheAssignee() async throws {
        // Given a ticket held by an agent
        let f = try await Fixture.make()
        let (customer, admin, agent, id) = try await assignedScene(f)
        f.clock.advance(by: 60)
        // When the customer replies
        try await f.db.reply(to: id, by: customer, body: "Yes, it is on.\nThe light is green.")
        // Then exactly one mail goes to the agent, and none to the admin
        let mails = try await Self.activityMails(f)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.kind == .customerReplied && mail.recipient == agent.email)
        #expect(mail.subject == "Customer replied: Printer is offline [#\(id)]")
        #expect(mail.body.contains("Ada replied on ticket #\(id) \"Printer is offline\":"))
        #expect(mail.body.contains("> Yes, it is on.\n> The light is green."))
        #expect(mail.body.contains("/agent/tickets/\(id)"))
        #expect(mail.payloadValues["path"] == "/agent/tickets/\(id)")
        #expect(try await f.db.outbox(recipient: admin.email).allSatisfy { $0.kind != .customerReplied })
        // And the ticket records what the customer did, and when
        let ticket = try await f.db.ticket(id: id, for: agent)
        #expect(ticket.lastCustomerAction == .replied && ticket.lastCustomerActivityAt == f.clock.now)
    }

    @Test("a long reply is quoted shortened, with an ellipsis")
    func longReplyIsTruncated() async throws {
        let f = try await Fixture.make()
        let (customer, _, agent, id) = try await assignedScene(f)
        let long = String(repeating: "word ", count: 400) + "TAILMARKER"
        try await f.db.reply(to: id, by: customer, body: long)
        let mail = try await f.lastMail(.customerReplied, to: agent.email)
        #expect(!mail.body.contains("TAILMARKER"))
        #expect(mail.body.contains("word …"))
        #expect(mail.body.count < 1_000)
        let lines = (1...40).map { "line \($0)" }.joined(separator: "\n")
        let quote = AppDatabase.quoted(lines)
        #expect(quote.split(separator: "\n").count == AppDatabase.quoteLineLimit)
        #expect(quote.hasPrefix("> line 1\n") && quote.hasSuffix(" …"))
    }

    @Test("reopening a resolved ticket, by the button or by replying, mails the assignee a reopen")
    func reopenMailsTheAssignee() async throws {
        // Given a resolved ticket
        let f = try await Fixture.make()
        let (customer, _, agent, id) = try await assignedScene(f)
        try await resolve(f, id, by: agent)
        f.clock.advance(by: 60)
        // When the customer reopens it with the button
        try await f.db.changeStatus(ticketId: id, to: .assigned, by: customer)
        // Then the agent gets a reopen mail, and the ticket is marked reopened
        var mail = try await f.lastMail(.ticketReopened, to: agent.email)
        #expect(mail.subject == "Reopened by the customer: Printer is offline [#\(id)]")
        #expect(mail.body.contains("Ada reopened ticket #\(id)") && mail.body.contains("/agent/tickets/\(id)"))
        var ticket = try await f.db.ticket(id: id, for: agent)
        #expect(ticket.status == .assigned && ticket.lastCustomerAction == .reopened)
        #expect(ticket.lastCustomerActivityAt == f.clock.now)
        // When it is resolved again and the customer reopens it by replying
        try await resolve(f, id, by: agent)
        try await f.db.reply(to: id, by: customer, body: "It is offline again.")
        // Then that is one more reopen mail, quoting the reply (not a "replied" mail)
        mail = try await f.lastMail(.ticketReopened, to: agent.email)
        #expect(mail.body.contains("> It is offline again."))
        let mails = try await Self.activityMails(f)
        #expect(mails.map(\.kind) == [.ticketReopened, .ticketReopened])
        ticket = try await f.db.ticket(id: id, for: agent)
        #expect(ticket.lastCustomerAction == .reopened)
    }

    @Test("\"not solved\" mails the assignee, naming the solution; a repeated answer mails nothing more")
    func notSolvedMailsTheAssignee() async throws {
        let f = try await Fixture.make()
        let (customer, _, agent, id) = try await assignedScene(f)
        try await resolve(f, id, by: agent)
        // When the customer says it did not solve the problem
        try await f.db.recordVerdict(ticketId: id, by: customer, .notSolved)
        // Then the agent hears of it, and the ticket is open again and marked "not solved"
        let mail = try await f.lastMail(.verdictNotSolved, to: agent.email)
        #expect(mail.subject == "Not solved, says the customer: Printer is offline [#\(id)]")
        #expect(mail.body.contains("\"Restart the printer\" did not solve ticket #\(id)"))
        #expect(mail.body.contains("/agent/tickets/\(id)"))
        let ticket = try await f.db.ticket(id: id, for: agent)
        #expect(ticket.status == .assigned && ticket.lastCustomerAction == .notSolved)
        // And the same answer again (a form posted twice) writes no second mail
        try await f.db.recordVerdict(ticketId: id, by: customer, .notSolved)
        #expect(try await Self.activityMails(f).count == 1)
    }

    @Test("while nobody holds the ticket the admins are told, unless the setting is off")
    func unassignedGoesToAdmins() async throws {
        // Given an unassigned ticket and a second admin
        let f = try await Fixture.make()
        let (customer, admin, _, ticket) = try await f.scene()
        let id = ticket.requiredID
        // When the customer adds to it
        try await f.db.reply(to: id, by: customer, body: "More details: it blinks.")
        // Then the admin gets the mail, saying nobody holds it
        let mail = try await f.lastMail(.customerReplied, to: admin.email)
        #expect(mail.body.contains("Nobody is assigned to it yet.") && mail.body.contains("> More details: it blinks."))
        #expect(try await Self.activityMails(f).map(\.recipient) == [admin.email])
        // When the setting is off, Then nobody is mailed, but the ticket still records the activity
        f.clock.advance(by: 60)
        try await f.db.reply(to: id, by: customer, body: "Still blinking.", notifyAdminsWhenUnassigned: false)
        #expect(try await Self.activityMails(f).count == 1)
        let current = try await f.db.ticket(id: id, for: admin)
        #expect(current.lastCustomerAction == .replied && current.lastCustomerActivityAt == f.clock.now)
    }

    @Test("staff replies and internal notes tell no staff and leave the customer's marker alone")
    func staffRepliesNotifyNobody() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, id) = try await assignedScene(f)
        let before = try await f.db.outbox().count
        // When the agent replies and writes a note, and the admin too
        try await f.db.changeStatus(ticketId: id, to: .inProgress, by: agent)
        try await f.db.reply(to: id, by: agent, body: "Any news?")
        try await f.db.reply(to: id, by: agent, body: "Customer is slow", internalNote: true)
        try await f.db.reply(to: id, by: admin, body: "Checked the logs", internalNote: true)
        // Then only the customer was mailed (for the public reply), nobody was told of customer activity
        let after = try await f.db.outbox()
        #expect(after.count == before + 1 && after.last?.kind == .agentReplied && after.last?.recipient == customer.email)
        #expect(try await Self.activityMails(f).isEmpty)
        let ticket = try await f.db.ticket(id: id, for: agent)
        #expect(ticket.lastCustomerAction == nil && ticket.lastCustomerActivityAt == nil)
        // And the customer never sees the notes
        let thread = try await f.db.messages(ticketId: id, for: customer)
        #expect(!thread.contains { $0.body == "Customer is slow" || $0.body == "Checked the logs" })
    }

    @Test("customer activity is unread for the assignee until they open the ticket; others never see it unread")
    func unreadPerAgent() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, id) = try await assignedScene(f)
        let other = try await f.agent("Linus", by: admin)
        func unread(_ user: User) async throws -> Bool {
            // As the queue lists it (another agent sees it only in lists that show every ticket, e.g. a search).
            let ticket = try await f.db.ticket(id: id, for: admin)
            return try await f.db.unreadTicketIds(among: [ticket], for: user).contains(id)
        }
        // Given no customer activity yet, Then nothing is unread
        #expect(try await unread(agent) == false)
        // When the customer replies, Then it is unread for the assignee only
        f.clock.advance(by: 60)
        try await f.db.reply(to: id, by: customer, body: "Here you go.")
        #expect(try await unread(agent))
        #expect(try await unread(other) == false)
        #expect(try await unread(admin) == false)
        // When the assignee opens the ticket, Then it is read
        f.clock.advance(by: 60)
        try await f.db.markTicketViewed(id: id, by: agent)
        #expect(try await unread(agent) == false)
        // When the customer writes again later, Then it is unread again
        f.clock.advance(by: 60)
        try await f.db.reply(to: id, by: customer, body: "One more thing.")
        #expect(try await unread(agent))
        // And an admin opening it does not mark it read for the assignee
        try await f.db.markTicketViewed(id: id, by: admin)
        #expect(try await unread(agent))
    }

    @Test("the queue filters on the customer's last action and sorts by customer activity")
    func queueFilterAndOrder() async throws {
        let f = try await Fixture.make()
        let (customer, _, agent, first) = try await assignedScene(f)
        let second = try await f.db.createTicket(by: customer, subject: "Scanner jams", description: "Paper jam")
        try await f.db.take(ticketId: second.requiredID, by: agent)
        let third = try await f.db.createTicket(by: customer, subject: "Toner low", description: "Toner")
        try await f.db.take(ticketId: third.requiredID, by: agent)
        f.clock.advance(by: 60)
        try await f.db.reply(to: second.requiredID, by: customer, body: "It jams again.")
        f.clock.advance(by: 60)
        try await f.db.reply(to: first, by: customer, body: "It is on.")
        // The third ticket changes last, without customer activity
        f.clock.advance(by: 60)
        try await f.db.reply(to: third.requiredID, by: agent, body: "Ordering toner.")

        let mine = TicketQuery(assignee: .user(agent.requiredID))
        let updated = try await f.db.tickets(mine, for: agent).tickets.map(\.requiredID)
        #expect(updated == [third.requiredID, first, second.requiredID])
        var byActivity = mine
        byActivity.order = .customerActivity
        let active = try await f.db.tickets(byActivity, for: agent).tickets.map(\.requiredID)
        #expect(active == [first, second.requiredID, third.requiredID], "newest customer activity first, none last")
        var replied = mine
        replied.lastCustomerAction = .replied
        let repliedIds = try await f.db.tickets(replied, for: agent).tickets.map(\.requiredID)
        #expect(Set(repliedIds) == [first, second.requiredID])
        replied.lastCustomerAction = .reopened
        #expect(try await f.db.tickets(replied, for: agent).tickets.isEmpty)
    }
}
