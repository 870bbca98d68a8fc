import Foundation
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

/// What one customer wrote never reaches another customer or an anonymous visitor (NFR-2): a solution's resolved
/// complaints are matched by anonymous visitors and customers only through words enough distinct customers wrote,
/// while agents match every word.
@Suite struct PublicVocabularyTests {
    /// `count` customers each file a complaint with `text` and the agent resolves it with `solution`.
    func resolve(_ fixture: Fixture, agent: User, solution: Solution, customers names: [String], text: String) async throws {
        for name in names {
            let customer = try await fixture.customer(name)
            let ticket = try await fixture.db.createTicket(by: customer, subject: "Parcel question", description: text)
            try await fixture.db.take(ticketId: ticket.requiredID, by: agent)
            _ = try await fixture.db.resolve(ticketId: ticket.requiredID, by: agent, with: .existing(id: solution.requiredID))
        }
    }

    func ids(_ matches: [SolutionMatch]) -> [Int64] { matches.map(\.solution.requiredID) }

    @Test func oneCustomersWordIsMatchedByStaffOnly() async throws {
        let fixture = try await Fixture.make()
        let (index, customer, agent, ticket, solution) = try await fixture.resolvedScene(
            title: "Track a parcel", steps: ["Open the tracking page and enter the parcel number."])
        // The customer's own ticket said this; plant a unique word in a second resolved complaint of theirs.
        let planted = try await fixture.db.createTicket(
            by: customer, subject: "Order ZX9931Q never arrived", description: "My order ZX9931Q to 12 Quayside Lane.")
        try await fixture.db.take(ticketId: planted.requiredID, by: agent)
        _ = try await fixture.db.resolve(ticketId: planted.requiredID, by: agent, with: .existing(id: solution.requiredID))
        try index.catchUp(from: fixture.db)
        _ = ticket

        let other = try await fixture.customer("Bob")
        for query in ["ZX9931Q", "order ZX9931Q", "Quayside"] {
            let staff = index.suggestSolutions(for: query, viewer: agent)
            #expect(ids(staff) == [solution.requiredID], "an agent finds \(query)")
            let anonymous = index.suggestSolutions(for: query, viewer: nil)
            #expect(anonymous.isEmpty, "anonymous \(query)")
            let customer = index.suggestSolutions(for: query, viewer: other)
            #expect(customer.isEmpty, "another customer \(query)")
        }
        // As-you-type: the prefix of the planted word completes to nothing public.
        let typing = index.suggestSolutions(for: "ZX99", prefixLastTerm: true, viewer: nil)
        #expect(typing.isEmpty)
        // The same holds after a rebuild, a relearn and a snapshot round trip.
        try index.rebuild(from: fixture.db)
        try index.relearn(from: fixture.db)
        #expect(index.suggestSolutions(for: "ZX9931Q", viewer: nil).isEmpty)
        let (loaded, rebuilt) = try fixture.savedAndLoaded(index)
        #expect(!rebuilt)
        #expect(loaded.suggestSolutions(for: "ZX9931Q", viewer: nil).isEmpty)
        #expect(ids(loaded.suggestSolutions(for: "ZX9931Q", viewer: agent)) == [solution.requiredID])
        // Staff-written words stay public.
        #expect(ids(loaded.suggestSolutions(for: "tracking page", viewer: nil)) == [solution.requiredID])
    }

    @Test func aWordEnoughCustomersWroteBecomesPublicAtTheNextRelearn() async throws {
        let fixture = try await Fixture.make()
        let (index, _, agent, _, solution) = try await fixture.resolvedScene(
            title: "Track a parcel", steps: ["Open the tracking page and enter the parcel number."])
        try await resolve(
            fixture, agent: agent, solution: solution, customers: ["Cy", "Di", "Ed", "Fay"],
            text: "The courier left a frobnicator slip.")
        try index.relearn(from: fixture.db)
        // Four customers wrote it: still private.
        #expect(index.suggestSolutions(for: "frobnicator", viewer: nil).isEmpty)
        try await resolve(fixture, agent: agent, solution: solution, customers: ["Gus"], text: "A frobnicator slip again.")
        try index.catchUp(from: fixture.db)
        // The fifth customer's complaint is indexed at once for staff; the public side waits for the relearn.
        #expect(ids(index.suggestSolutions(for: "frobnicator", viewer: agent)) == [solution.requiredID])
        #expect(index.suggestSolutions(for: "frobnicator", viewer: nil).isEmpty)
        try index.relearn(from: fixture.db)
        #expect(ids(index.suggestSolutions(for: "frobnicator", viewer: nil)) == [solution.requiredID])
    }

    @Test func oneCustomerRepeatingAWordDoesNotMakeItPublic() async throws {
        let fixture = try await Fixture.make()
        let (index, customer, agent, _, solution) = try await fixture.resolvedScene(
            title: "Track a parcel", steps: ["Open the tracking page and enter the parcel number."])
        for _ in 0..<6 {
            let ticket = try await fixture.db.createTicket(by: customer, subject: "Order QK77", description: "Order QK77 again")
            try await fixture.db.take(ticketId: ticket.requiredID, by: agent)
            _ = try await fixture.db.resolve(ticketId: ticket.requiredID, by: agent, with: .existing(id: solution.requiredID))
        }
        try index.relearn(from: fixture.db)
        #expect(index.suggestSolutions(for: "QK77", viewer: nil).isEmpty)
        #expect(ids(index.suggestSolutions(for: "QK77", viewer: agent)) == [solution.requiredID])
    }

    @Test func publicTextKeepsOnlyPublicWords() {
        let analyzer = HelpdeskIndex.solutionsConfiguration.analyzer
        let complaints = (1...5).map { AuthoredComplaint(customerId: Int64($0), text: "my parcel is late, order \($0)00") }
            + [AuthoredComplaint(customerId: 9, text: "parcel ZX9931Q at 12 Quayside")]
        let vocabulary = PublicVocabulary(learningFrom: complaints, analyzer: analyzer, minimumCustomers: 5)
        var memo: [Substring: Substring?] = [:]
        #expect(vocabulary.publicText(of: "Parcel ZX9931Q is late at Quayside!", analyzer: analyzer, memo: &memo)
            == "Parcel is late at")
        // Symbols go; a word joined to a private one by punctuation goes with it.
        #expect(vocabulary.publicText(of: "my parcel\u{1F600} late-ZX9931Q", analyzer: analyzer, memo: &memo)
            == "my parcel")
        #expect(PublicVocabulary(serialized: vocabulary.serialized())?.terms == vocabulary.terms)
    }
}
