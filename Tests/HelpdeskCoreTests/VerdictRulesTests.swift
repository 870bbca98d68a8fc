import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// One verdict per resolution: given once, repeated harmlessly, changed only within three days of the resolution.
@Suite("Verdict rules")
struct VerdictRulesTests {
    /// A resolved ticket of a fresh fixture.
    func resolved() async throws -> (f: Fixture, customer: User, agent: User, ticket: Ticket, solution: Solution) {
        let f = try await Fixture.make()
        let (_, customer, agent, ticket, solution) = try await f.resolvedScene(title: "Restart the printer", steps: ["Unplug it"])
        return (f, customer, agent, ticket, solution)
    }

    func counts(_ f: Fixture, _ solution: Solution, _ agent: User) async throws -> (solved: Int, notSolved: Int) {
        let current = try await f.db.solution(id: solution.requiredID, for: agent)
        return (current.solvedCount, current.notSolvedCount)
    }

    @Test("the first verdict is accepted and counted")
    func firstVerdictIsAccepted() async throws {
        let (f, customer, agent, ticket, solution) = try await resolved()

        let closed = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)

        #expect(closed.status == .closed)
        #expect(try await counts(f, solution, agent) == (1, 0))
    }

    @Test("the same verdict again is a no-op, signed in or through the mail link, even after the window")
    func sameVerdictAgainIsHarmless() async throws {
        let (f, customer, agent, ticket, solution) = try await resolved()
        let token = try #require(try await f.lastMail(.ticketResolved, to: customer.email).payloadValues["token"])
        let reopened = try await f.db.recordVerdict(token: token, .notSolved)
        #expect(reopened.status == .assigned)

        // The mail link clicked twice, and the signed-in form posted again, days later
        f.clock.advance(by: AppDatabase.verdictChangeWindow + 86_400)
        let again = try await f.db.recordVerdict(token: token, .notSolved)
        let signedIn = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .notSolved)

        #expect(again.status == .assigned && signedIn.status == .assigned)
        #expect(try await counts(f, solution, agent) == (0, 1))
    }

    @Test("the verdict can be changed within three days of the resolution")
    func changeWithinTheWindow() async throws {
        let (f, customer, agent, ticket, solution) = try await resolved()
        try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)

        f.clock.advance(by: AppDatabase.verdictChangeWindow - 60)
        let changed = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .notSolved)

        #expect(changed.status == .closed)
        #expect(try await counts(f, solution, agent) == (0, 1))
    }

    @Test("a change after three days is refused with a conflict that says why, and nothing moves")
    func changeAfterTheWindowIsRefused() async throws {
        let (f, customer, agent, ticket, solution) = try await resolved()
        try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)

        f.clock.advance(by: AppDatabase.verdictChangeWindow + 60)

        do {
            try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .notSolved)
            Issue.record("a late change was accepted")
        } catch let error as HelpdeskError {
            #expect(error.isConflict)
            #expect(error.description.contains("within 3 days"))
        }
        #expect(try await counts(f, solution, agent) == (1, 0))
        #expect(try await f.db.ticket(id: ticket.requiredID, for: customer).status == .closed)
    }

    @Test("a ticket resolved again with the same solution can be judged again")
    func resolvedAgainWithTheSameSolution() async throws {
        let (f, customer, agent, ticket, solution) = try await resolved()
        try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .notSolved)
        f.clock.advance(by: AppDatabase.verdictChangeWindow + 60)
        try await f.db.resolve(ticketId: ticket.requiredID, by: agent, with: .existing(id: solution.requiredID))

        let closed = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)

        #expect(closed.status == .closed)
        #expect(try await counts(f, solution, agent) == (1, 0))
    }
}
