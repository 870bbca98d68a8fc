import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The solutions, knowledge-base, outbox, SLA and attachment operations on whichever store the run uses. The people
/// and tickets of these scenes are written as rows, so that only the operations under test run.
@Suite("Solutions, outbox, SLA and attachments on either store")
struct KnowledgeAndOutboxStoreTests {
    /// A user row of `role`, stored.
    func person(_ f: Fixture, _ role: UserRole, _ name: String) async throws -> User {
        let at = f.clock.now
        return try await f.db.sqlWrite { sql in
            var user = User(
                role: role, name: name, email: "\(name.lowercased())@example.com", passwordHash: "-", isConfirmed: true,
                capacity: role == .customer ? 0 : 5, createdAt: at)
            user.id = try sql.insert(user)
            return user
        }
    }

    /// A ticket row of `customer`, stored.
    func ticket(
        _ f: Fixture, of customer: User, status: TicketStatus = .new, assignee: User? = nil,
        firstResponseIn: TimeInterval = 3_600, resolutionIn: TimeInterval = 86_400
    ) async throws -> Ticket {
        let at = f.clock.now
        return try await f.db.sqlWrite { sql in
            var ticket = Ticket(
                customerId: customer.requiredID, subject: "Printer offline", description: "It shows offline.",
                priority: .normal, status: status, assigneeId: assignee?.id, createdAt: at, updatedAt: at,
                firstResponseDueAt: at.addingTimeInterval(firstResponseIn),
                resolutionDueAt: at.addingTimeInterval(resolutionIn))
            ticket.id = try sql.insert(ticket)
            return ticket
        }
    }

    @Test("solutions are created, revised, published, listed, linked and deflect questions")
    func solutions() async throws {
        let f = try await Fixture.make()
        let admin = try await person(f, .admin, "Root")
        let customer = try await person(f, .customer, "Ada")
        let other = try await person(f, .customer, "Bob")
        try await f.db.saveCategory(Category(id: "printing", name: "Printing", description: ""), by: admin)
        await expectFailure(.field("categoryId")) {
            try await f.db.createSolution(by: admin, SolutionDraft(title: "T", steps: ["s"], categoryId: "nope"))
        }

        // Given a solution revised once
        let v1 = try await f.db.createSolution(by: admin, SolutionDraft(title: "Old", steps: ["a"], categoryId: "printing"))
        let v2 = try await f.db.reviseSolution(id: v1.requiredID, by: admin, SolutionDraft(title: "New", steps: ["b", "c"]))
        #expect(v2.previousVersionId == v1.id && v2.steps == ["b", "c"])
        await expectFailure(.conflict) {
            try await f.db.reviseSolution(id: v1.requiredID, by: admin, SolutionDraft(title: "x", steps: ["y"]))
        }

        // Then the old version is staff-only and the lists hold the current one
        #expect(try await f.db.solution(id: v1.requiredID, for: admin).supersededById == v2.id)
        await expectFailure(.notFound) { try await f.db.solution(id: v1.requiredID, for: nil) }
        #expect(try await f.db.solutions(ids: [v2.requiredID, v1.requiredID, 999], for: nil).map(\.id) == [v2.id])
        #expect(try await f.db.solutions(ids: [v2.requiredID, v1.requiredID], for: admin).map(\.id) == [v2.id, v1.id])
        #expect(try await f.db.currentSolutions().map(\.id) == [v2.id])
        #expect(try await f.db.currentSolutions(categoryId: "printing").isEmpty)

        // And publication hides it from the public lists only
        let hidden = try await f.db.setSolutionPublished(id: v2.requiredID, false, by: admin)
        #expect(!hidden.isPublished)
        #expect(try await f.db.currentSolutions().isEmpty)
        #expect(try await f.db.currentSolutions(includeUnpublished: true, limit: 5).map(\.id) == [v2.id])
        _ = try await f.db.setSolutionPublished(id: v2.requiredID, true, by: admin)

        // And external ids, deflections and resolved tickets read back
        try await f.db.sqlWrite { sql in try sql.execute("UPDATE solution SET externalId = ? WHERE id = ?", "SOL-1", v2.id) }
        #expect(try await f.db.solutionExternalIds() == [v2.requiredID: "SOL-1"])
        try await f.db.recordDeflection(solutionId: v2.requiredID, query: "  offline  ", by: nil)
        try await f.db.recordDeflection(solutionId: v2.requiredID, query: "offline", by: customer)
        await expectFailure(.notFound) { try await f.db.recordDeflection(solutionId: 999, query: "x", by: nil) }
        #expect(try await f.db.deflectionCounts() == [v2.requiredID: 2])
        let resolved = try await ticket(f, of: customer, status: .resolved)
        try await f.db.sqlWrite { sql in
            try sql.insertKeyed(
                TicketSolution(
                    ticketId: resolved.requiredID, solutionId: v2.requiredID, linkedAt: f.clock.now, verdict: nil,
                    verdictAt: nil))
        }
        #expect(try await f.db.ticketsResolved(bySolution: v2.requiredID, for: customer).map(\.id) == [resolved.id])
        #expect(try await f.db.ticketsResolved(bySolution: v2.requiredID, for: other).isEmpty)
    }

    @Test("the knowledge-base load is bracketed, and suggestions shown are written by minute")
    func knowledgeBaseAndShown() async throws {
        let f = try await Fixture.make()
        try await f.db.beginKnowledgeBaseLoad(from: "/corpus")
        #expect(try await f.db.needsKnowledgeBase())
        try await f.db.finishKnowledgeBaseLoad(ImportSummary())
        #expect(try await f.db.needsKnowledgeBase() == false)

        f.db.countSuggestionsShown(2)
        f.clock.advance(by: 61)
        f.db.countSuggestionsShown(3)
        #expect(try await f.db.flushSuggestionsShown() == 5)
        let events = try await f.db.sqlRead { sql in
            try sql.fetchAll(SuggestionEvent.self, "SELECT * FROM suggestionEvent ORDER BY id")
        }
        #expect(events.map(\.count) == [2, 3] && events.allSatisfy { $0.kind == .shown })
    }

    @Test("the outbox lists, counts, delivers, gives up, drops one-time links and retries")
    func outbox() async throws {
        let f = try await Fixture.make()
        let admin = try await person(f, .admin, "Root")
        let at = f.clock.now
        let mails = try await f.db.sqlWrite { sql in
            try ["ada", "bob", "cy"].map { name in
                try f.db.enqueueMail(
                    sql, kind: .passwordReset, to: "\(name)@example.com", subject: "Reset", body: "Use tok-\(name)",
                    payload: ["token": "tok-\(name)", "path": "/reset?token=tok-\(name)", "ticketId": "1"], at: at)
            }
        }
        let ids = mails.compactMap(\.id)
        try #require(ids.count == 3)
        let (ada, bob, cy) = (ids[0], ids[1], ids[2])
        #expect(try await f.db.pendingMailCount() == 3)
        #expect(try await f.db.outbox(recipient: "BOB@example.com").map(\.id) == [bob])

        try await f.db.markMailSent(id: ada)
        try await f.db.markMailFailed(id: bob, error: "451 later", maxAttempts: 2)
        try await f.db.markMailFailed(id: cy, error: "451 later")
        #expect(try await f.db.outbox(recipient: "bob@example.com").first?.payload.contains("tok-bob") == true)
        try await f.db.markMailFailed(id: bob, error: "550 gone", maxAttempts: 2)

        let sent = try #require(try await f.db.outbox(recipient: "ada@example.com").first)
        #expect(sent.sentAt != nil && !sent.body.contains("tok-ada") && !sent.payload.contains("tok-ada"))
        #expect(sent.payloadValues["ticketId"] == "1" && sent.oneTimeLinkRemoved)
        let givenUp = try #require(try await f.db.outbox(recipient: "bob@example.com").first)
        #expect(givenUp.attempts == 2 && givenUp.lastError == "550 gone" && !givenUp.payload.contains("tok-bob"))
        #expect(try await f.db.pendingMails(maxAttempts: 2).map(\.id) == [cy])
        #expect(try await f.db.pendingMailCount(maxAttempts: 2) == 1)

        let status = try await f.db.outboxStatus(maxAttempts: 2, for: admin)
        #expect(status.failed.map(\.id) == [bob] && status.retrying.map(\.id) == [cy])
        #expect(status.unsent == 2 && status.sent == 1)
        await expectFailure(.conflict) { try await f.db.retryMail(id: bob, by: admin) }
        await expectFailure(.notFound) { try await f.db.retryMail(id: ada, by: admin) }
        try await f.db.retryMail(id: cy, by: admin)
        #expect(try await f.db.outbox(recipient: "cy@example.com").first?.attempts == 0)
        #expect(try f.db.count("auditEntry", where: "action = 'mailRetried'") == 1)
    }

    @Test("SLA targets, tickets near a breach, and warnings mailed once")
    func sla() async throws {
        let f = try await Fixture.make()
        let admin = try await person(f, .admin, "Root")
        let agent = try await person(f, .agent, "Grace")
        let customer = try await person(f, .customer, "Ada")
        #expect(try await f.db.slaPolicies().map(\.priority) == [.urgent, .high, .normal, .low])
        try await f.db.updateSLAPolicy(SLAPolicy(priority: .low, firstResponseMinutes: 60, resolutionMinutes: 120), by: admin)
        #expect(try await f.db.sqlRead { sql in try f.db.slaPolicy(sql, .low) }.resolutionMinutes == 120)

        // Given an assigned ticket whose first response is due in half an hour, and one due in a day
        let soon = try await ticket(
            f, of: customer, status: .assigned, assignee: agent, firstResponseIn: 1_800, resolutionIn: 7_200)
        let later = try await ticket(f, of: customer, firstResponseIn: 86_400, resolutionIn: 2 * 86_400)
        let closed = try await ticket(f, of: customer, status: .closed, firstResponseIn: 60, resolutionIn: 60)

        // Then it is near a breach for whoever sees it
        #expect(try await f.db.ticketsNearSLABreach(within: 3_600, for: admin).map(\.id) == [soon.id])
        #expect(try await f.db.ticketsNearSLABreach(within: 3_600, for: customer).map(\.id) == [soon.id])
        #expect(try await f.db.ticketsNearSLABreach(within: 10 * 86_400, for: agent).map(\.id) == [soon.id, later.id])
        #expect(!(try await f.db.ticketsNearSLABreach(within: 10 * 86_400, for: admin).map(\.id)).contains(closed.id))

        // And its assignee and the admin are warned once
        let warned = try await f.db.sendSLAWarnings(within: 3_600)
        #expect(warned.map(\.id) == [soon.id] && warned.first?.firstResponseWarnedAt != nil)
        #expect(try await f.db.outbox().filter { $0.kind == .slaWarning }.map(\.recipient) == [agent.email, admin.email])
        #expect(try await f.db.sendSLAWarnings(within: 3_600).isEmpty)
        let resolution = try await f.db.sendSLAWarnings(within: 7_200)
        #expect(resolution.map(\.id) == [soon.id] && resolution.first?.resolutionWarnedAt != nil)
    }

    @Test("attachments are recorded and fetched through the ticket's and the message's rules, across merges")
    func attachments() async throws {
        let f = try await Fixture.make()
        let admin = try await person(f, .admin, "Root")
        let customer = try await person(f, .customer, "Ada")
        let other = try await person(f, .customer, "Bob")
        let source = try await ticket(f, of: customer, status: .assigned, assignee: admin)
        let target = try await ticket(f, of: customer, status: .assigned, assignee: admin)
        let id = source.requiredID
        let at = f.clock.now
        let files = ["photo", "log", "note"].map { name in
            [
                StoredAttachment(
                    sha256: String(repeating: String(name.prefix(1)), count: 64), size: 3, contentType: "text/plain",
                    fileName: name)
            ]
        }
        let (request, reply, note, replyMessage) = try await f.db.sqlWrite { sql in
            var reply = TicketMessage(
                id: nil, ticketId: id, authorId: customer.id, kind: .customerReply, body: "Log", createdAt: at,
                mergedFromTicketId: nil)
            reply.id = try sql.insert(reply)
            var note = reply
            (note.id, note.kind, note.authorId) = (nil, .internalNote, admin.id)
            note.id = try sql.insert(note)
            return (
                try f.db.recordAttachments(sql, files[0], ticketId: id, messageId: nil, at: at)[0],
                try f.db.recordAttachments(sql, files[1], ticketId: id, messageId: reply.id, at: at)[0],
                try f.db.recordAttachments(sql, files[2], ticketId: id, messageId: note.id, at: at)[0], reply
            )
        }
        #expect(request.path == "/tickets/\(id)/attachments/\(request.requiredID)")
        let listed = try await f.db.sqlRead { sql in
            try AppDatabase.attachments(sql, ticketId: id, messages: [replyMessage])
        }
        #expect(listed.map(\.fileName) == ["photo", "log"])

        _ = try await f.db.attachment(id: request.requiredID, ticketId: id, for: customer)
        _ = try await f.db.attachment(id: reply.requiredID, ticketId: id, for: customer)
        _ = try await f.db.attachment(id: note.requiredID, ticketId: id, for: admin)
        await expectFailure(.notFound) { try await f.db.attachment(id: note.requiredID, ticketId: id, for: customer) }
        await expectFailure(.notFound) { try await f.db.attachment(id: request.requiredID, ticketId: id, for: other) }
        await expectFailure(.notFound) { try await f.db.attachment(id: 999, ticketId: id, for: admin) }
        await expectFailure(.notFound) {
            try await f.db.attachment(id: request.requiredID, ticketId: target.requiredID, for: admin)
        }

        // When the source is merged into the target (as the merge leaves the rows), the old address still works
        try await f.db.sqlWrite { sql in
            try sql.execute("UPDATE ticket SET mergedIntoId = ? WHERE id = ?", target.id, id)
            try sql.execute("UPDATE attachment SET ticketId = ?", target.id)
        }
        #expect(try await f.db.attachment(id: request.requiredID, ticketId: id, for: customer).ticketId == target.id)
        #expect(try await f.db.attachmentDigests().count == 3)
    }
}
