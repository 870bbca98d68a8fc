import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Duplicate detection when a ticket is filed ("this looks like #1234"): the open tickets that look like the same
/// problem, through the visibility rule, so a customer learns only of their own.
@Suite("Possible duplicates of a ticket being filed")
struct DuplicateDetectionTests {
    let payoutSubject = "Payout not arrived"
    let payoutText = "The payout for March has still not arrived in my bank account."

    /// Ada's open printer ticket and payout ticket, Bob's open payout ticket, an index that matches meaning.
    func scene() async throws -> (Fixture, HelpdeskIndex, ada: User, bob: User, agent: User, adaPayout: Ticket, bobPayout: Ticket, printer: Ticket) {
        let fixture = try await Fixture.make()
        let index = HelpdeskIndex(embeddings: Repository.shippedModel)
        fixture.db.attach(index: index)
        let (ada, _, agent, printer) = try await fixture.scene()
        let bob = try await fixture.customer("Bob")
        let adaPayout = try await fixture.db.createTicket(
            by: ada, subject: "My payout has not arrived", description: "My March payout has not arrived in my bank account yet.")
        let bobPayout = try await fixture.db.createTicket(
            by: bob, subject: "Payout has not arrived", description: "The payout for March never arrived in my bank account.")
        try index.catchUp(from: fixture.db)
        return (fixture, index, ada, bob, agent, adaPayout, bobPayout, printer)
    }

    @Test("a customer is told of their own open request that looks alike, never of another customer's")
    func customerSeesOnlyTheirOwn() async throws {
        let (fixture, index, ada, bob, _, adaPayout, bobPayout, _) = try await scene()
        let forAda = try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: ada, in: fixture.db)
        #expect(forAda.map(\.ticket.id) == [adaPayout.id], "\(forAda.map { ($0.ticket.subject, $0.strength) })")
        #expect(forAda.allSatisfy { $0.strength >= HelpdeskIndex.duplicateFloor(meaning: true) && $0.strength <= 1 })
        let forBob = try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: bob, in: fixture.db)
        #expect(forBob.map(\.ticket.id) == [bobPayout.id])
        // A customer with no open ticket hears of none, however alike others' are
        let carol = try await fixture.customer("Carol")
        #expect(try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: carol, in: fixture.db).isEmpty)
    }

    @Test("staff see every customer's open look-alikes, without the ticket itself or anything unrelated")
    func staffSeeEveryone() async throws {
        let (fixture, index, _, _, agent, adaPayout, bobPayout, printer) = try await scene()
        let found = try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: agent, in: fixture.db)
        #expect(Set(found.map(\.ticket.id)) == [adaPayout.id, bobPayout.id], "\(found.map { ($0.ticket.subject, $0.strength) })")
        // The agent's page asks about a filed ticket: it is left out of its own list
        let others = try await index.possibleDuplicates(
            subject: adaPayout.subject, description: adaPayout.description, excluding: adaPayout.id, for: agent, in: fixture.db)
        #expect(others.map(\.ticket.id) == [bobPayout.id])
        #expect(try await index.possibleDuplicates(
            subject: printer.subject, description: printer.description, excluding: printer.id, for: agent, in: fixture.db).isEmpty)
        // A different problem in the same words' neighbourhood is not called a duplicate
        #expect(try await index.possibleDuplicates(
            subject: "Change my delivery address", description: "I moved house and need parcels sent to the new address.",
            for: agent, in: fixture.db).isEmpty)
    }

    @Test("a resolved request is no longer a duplicate; a reopened one is again, at the next catch-up")
    func followsTheStatus() async throws {
        let (fixture, index, ada, _, agent, adaPayout, _, _) = try await scene()
        try await fixture.db.take(ticketId: adaPayout.requiredID, by: agent)
        _ = try await fixture.db.resolve(
            ticketId: adaPayout.requiredID, by: agent,
            with: .new(SolutionDraft(title: "Payouts take five working days", steps: ["Wait five working days."])))
        try index.catchUp(from: fixture.db)
        #expect(try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: ada, in: fixture.db).isEmpty)
        _ = try await fixture.db.recordVerdict(ticketId: adaPayout.requiredID, by: ada, .notSolved)
        try index.catchUp(from: fixture.db)
        let again = try await index.possibleDuplicates(subject: payoutSubject, description: payoutText, for: ada, in: fixture.db)
        #expect(again.map(\.ticket.id) == [adaPayout.id])
    }

    @Test("words alone still call a near copy a duplicate, and sizes are bounded")
    func wordsAloneAndBounds() async throws {
        let (fixture, _, ada, _, agent, adaPayout, _, _) = try await scene()
        let plain = HelpdeskIndex()
        try plain.rebuild(from: fixture.db)
        let found = try await plain.possibleDuplicates(subject: payoutSubject, description: payoutText, for: ada, in: fixture.db)
        #expect(found.map(\.ticket.id) == [adaPayout.id], "\(found.map { ($0.ticket.subject, $0.strength) })")
        #expect(try await plain.possibleDuplicates(subject: payoutSubject, description: payoutText, k: Int.max, for: agent, in: fixture.db).count
            <= HelpdeskIndex.maximumDuplicates)
        #expect(try await plain.possibleDuplicates(subject: payoutSubject, description: payoutText, k: -1, for: agent, in: fixture.db).isEmpty)
        #expect(try await plain.possibleDuplicates(subject: " ", description: "\n", for: agent, in: fixture.db).isEmpty)
    }
}
