import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Merging, solutions and verdicts")
struct MergeAndSolutionTests {
    @Test("merge moves the thread, closes the source and tells the customer")
    func merge() async throws {
        // Given two tickets of one customer, each with messages, held by the agent
        let f = try await Fixture.make()
        let (customer, admin, agent, first) = try await f.scene()
        let second = try await f.db.createTicket(by: customer, subject: "Printer again", description: "Still offline")
        for t in [first, second] { try await f.db.take(ticketId: t.requiredID, by: agent) }
        try await f.db.reply(to: second.requiredID, by: customer, body: "Any news?")
        try await f.db.reply(to: second.requiredID, by: agent, body: "note", internalNote: true)
        // When the agent merges the second into the first
        try await f.db.merge(ticketId: second.requiredID, into: first.requiredID, by: agent)
        // Then the source is closed with mergedIntoId, and the thread moved with a system note
        let source = try await f.db.ticket(id: second.requiredID, for: admin)
        #expect(source.status == .closed && source.mergedIntoId == first.id && source.closedAt != nil)
        let thread = try await f.db.messages(ticketId: first.requiredID, for: agent)
        #expect(thread.map(\.body).contains("Any news?") && thread.map(\.body).contains("note"))
        #expect(thread.contains { $0.kind == .system && $0.body.contains("Still offline") })
        #expect(thread.filter { $0.mergedFromTicketId == second.id }.count == 3)
        // And the customer sees the moved reply but not the note, and was mailed
        #expect(!(try await f.db.messages(ticketId: first.requiredID, for: customer)).contains { $0.body == "note" })
        _ = try await f.lastMail(.ticketMerged, to: customer.email)
        // And merging again, into itself, or across customers is refused
        await expectFailure(.conflict) { try await f.db.merge(ticketId: second.requiredID, into: first.requiredID, by: agent) }
        await expectFailure(.conflict) { try await f.db.merge(ticketId: first.requiredID, into: first.requiredID, by: agent) }
        let other = try await f.customer("Bob")
        let bobs = try await f.db.createTicket(by: other, subject: "Bob", description: "Bob's")
        await expectFailure(.conflict) { try await f.db.merge(ticketId: bobs.requiredID, into: first.requiredID, by: admin) }
        await expectFailure(.notFound) { try await f.db.merge(ticketId: first.requiredID, into: bobs.requiredID, by: customer) }
    }

    @Test("reusing a solution links the ticket and increments its reuse count")
    func reuse() async throws {
        // Given a solution that resolved one ticket
        let f = try await Fixture.make()
        let (customer, _, agent, first) = try await f.scene()
        try await f.db.take(ticketId: first.requiredID, by: agent)
        let (_, solution) = try await f.db.resolve(
            ticketId: first.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Reinstall driver", steps: ["a", "b"]))
        )
        // When a second ticket is resolved with it
        let second = try await f.db.createTicket(by: customer, subject: "Printer", description: "offline again")
        try await f.db.take(ticketId: second.requiredID, by: agent)
        let (_, reused) = try await f.db.resolve(ticketId: second.requiredID, by: agent, with: .existing(id: solution.requiredID))
        // Then the count is 2 and both tickets are linked
        #expect(reused.id == solution.id && reused.reuseCount == 2)
        #expect(try await f.db.ticketsResolved(bySolution: solution.requiredID, for: agent).count == 2)
        let detail = try await f.db.ticketDetail(id: second.requiredID, for: customer)
        #expect(detail.solutions.map(\.id) == [solution.id])
        #expect(detail.messages.last?.body.contains("1. a") == true)
    }

    @Test("revising a solution makes a new version and supersedes the old")
    func revise() async throws {
        let f = try await Fixture.make()
        let (customer, _, agent, first) = try await f.scene()
        try await f.db.take(ticketId: first.requiredID, by: agent)
        let (_, v1) = try await f.db.resolve(
            ticketId: first.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Old", steps: ["old step"]))
        )
        // When a ticket is resolved with an edited version
        let second = try await f.db.createTicket(by: customer, subject: "Again", description: "d")
        try await f.db.take(ticketId: second.requiredID, by: agent)
        let (_, v2) = try await f.db.resolve(
            ticketId: second.requiredID,
            by: agent,
            with: .revised(id: v1.requiredID, SolutionDraft(title: "New", steps: ["new step"]))
        )
        // Then v2 points back to v1, v1 is superseded and no longer offered
        #expect(v2.previousVersionId == v1.id && v2.reuseCount == 1)
        let old = try await f.db.solution(id: v1.requiredID, for: agent)
        #expect(old.supersededById == v2.id)
        await expectFailure(.notFound) { try await f.db.solution(id: v1.requiredID, for: customer) }
        #expect(try await f.db.currentSolutions().map(\.id) == [v2.id])
        // And reusing the superseded version is refused
        let third = try await f.db.createTicket(by: customer, subject: "Third", description: "d")
        try await f.db.take(ticketId: third.requiredID, by: agent)
        await expectFailure(.conflict) { try await f.db.resolve(ticketId: third.requiredID, by: agent, with: .existing(id: v1.requiredID)) }
    }

    @Test("verdicts count, close or reopen, and the mail link works once")
    func verdicts() async throws {
        // Given two resolved tickets with the same solution
        let f = try await Fixture.make()
        let (customer, _, agent, first) = try await f.scene()
        let second = try await f.db.createTicket(by: customer, subject: "Second", description: "d")
        try await f.db.take(ticketId: first.requiredID, by: agent)
        try await f.db.take(ticketId: second.requiredID, by: agent)
        let (_, solution) = try await f.db.resolve(
            ticketId: first.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Fix", steps: ["step"]))
        )
        try await f.db.resolve(ticketId: second.requiredID, by: agent, with: .existing(id: solution.requiredID))
        // When the customer says "solved" on the first (signed in), Then it closes
        let closed = try await f.db.recordVerdict(ticketId: first.requiredID, by: customer, .solved)
        #expect(closed.status == .closed)
        // When they follow the "not solved" mail link for the second, Then it reopens
        let mail = try await f.lastMail(.ticketResolved, to: customer.email)
        #expect(mail.payloadValues["ticketId"] == "\(second.requiredID)")
        let token = try #require(mail.payloadValues["token"])
        let reopened = try await f.db.recordVerdict(token: token, .notSolved)
        #expect(reopened.status == .assigned)
        await expectFailure(.invalidToken) { try await f.db.recordVerdict(token: token, .solved) }
        // Then the solution counts both verdicts
        let counted = try await f.db.solution(id: solution.requiredID, for: agent)
        #expect(counted.solvedCount == 1 && counted.notSolvedCount == 1 && counted.reuseCount == 2)
        // And agents cannot give verdicts
        await expectFailure(.forbidden) { try await f.db.recordVerdict(ticketId: first.requiredID, by: agent, .solved) }
    }

    @Test("deflections and publication")
    func deflectionsAndPublishing() async throws {
        let f = try await Fixture.make()
        let admin = try await f.admin()
        let solution = try await f.db.createSolution(by: admin, SolutionDraft(title: "Reset router", steps: ["Unplug"]))
        try await f.db.recordDeflection(solutionId: solution.requiredID, query: "router blinking", by: nil)
        #expect(try await f.db.deflectionCounts() == [solution.requiredID: 1])
        _ = try await f.db.setSolutionPublished(id: solution.requiredID, false, by: admin)
        await expectFailure(.notFound) { try await f.db.solution(id: solution.requiredID, for: nil) }
        #expect(try await f.db.currentSolutions().isEmpty)
        #expect(try await f.db.currentSolutions(includeUnpublished: true).count == 1)
        await expectFailure(.field("steps")) { try await f.db.createSolution(by: admin, SolutionDraft(title: "x", steps: [" "])) }
    }
}
