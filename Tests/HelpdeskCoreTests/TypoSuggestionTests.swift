import Foundation
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

/// A customer who mistypes the word that names the problem still gets its solution suggested; a real word the solutions
/// do not use is not bent into one they do.
@Suite("Suggestions through typing slips")
struct TypoSuggestionTests {
    @Test("a slip in the key word still finds the solution, by words alone, and the ablation shows it was the correction")
    func slipFindsTheSolution() async throws {
        // Given solutions about refunds and about sharing a class, and an index with the shipped model
        let fixture = try await Fixture.make()
        let index = HelpdeskIndex(embeddings: Repository.shippedModel)
        fixture.db.attach(index: index)
        let admin = try await fixture.admin()
        let refund = try await fixture.db.createSolution(
            by: admin, SolutionDraft(title: "Refund not issued after a return", steps: ["Check the refund status in Orders."]))
        let share = try await fixture.db.createSolution(
            by: admin, SolutionDraft(title: "Share a class with a colleague", steps: ["Invite them as a co-teacher."]))
        try index.catchUp(from: fixture.db)
        // When customers mistype the word that matters, matching words alone (meaning off, so the words decide)
        let first = { (text: String, correct: Bool) in
            index.suggestSolutions(for: text, meaningWeight: 0, correctTypos: correct, viewer: nil).first?.solution.requiredID
        }
        // Then the solution comes first, and without the correction it does not come at all
        #expect(first("my refud never arrived", true) == refund.requiredID)
        #expect(first("my refud never arrived", false) == nil)
        #expect(first("how do I shsre my clas", true) == share.requiredID)
        #expect(first("how do I shsre my clas", false) == nil)
        // And what was searched instead is among the terms highlighted, after the text's own
        let highlighted = index.suggestions(for: "my refud never arrived", meaningWeight: 0, viewer: nil).terms
        #expect(highlighted.last == "refund")
        #expect(highlighted.contains("refud"))
        #expect(!index.suggestions(for: "my refud never arrived", meaningWeight: 0, correctTypos: false, viewer: nil).terms.contains("refund"))
        // And a real word the solutions do not use is left alone: `mother` is not read as another word
        #expect(index.suggestSolutions(for: "mother", floor: 0, meaningWeight: 0, viewer: nil).isEmpty)
        // And an index without a model has no list of real words, so it corrects nothing
        let plain = HelpdeskIndex()
        try plain.rebuild(from: fixture.db)
        #expect(plain.suggestSolutions(for: "my refud never arrived", viewer: nil).isEmpty)
    }

    @Test("a word enough customers wrote is a real word, even when the model does not list it")
    func publicWordsAreKnown() async throws {
        let index = HelpdeskIndex(embeddings: Repository.shippedModel)
        let vocabulary: Set<String> = ["lunch"]
        let known = try #require(index.knownWords).adding(terms: vocabulary)
        #expect(known.contains("lunch", analyzer: HelpdeskIndex.solutionsConfiguration.analyzer))
        #expect(try #require(index.knownWords).contains("password", analyzer: HelpdeskIndex.solutionsConfiguration.analyzer))
        #expect(try !#require(index.knownWords).contains("lunch", analyzer: HelpdeskIndex.solutionsConfiguration.analyzer))
        #expect(try !#require(index.knownWords).contains("refud", analyzer: HelpdeskIndex.solutionsConfiguration.analyzer))
    }

    @Test("a slip one letter from a word only one customer wrote reaches it for staff only")
    func slipsKeepPrivateWordsPrivate() async throws {
        // Given a solution that resolved a complaint with a word only its customer wrote
        let fixture = try await Fixture.make()
        let (index, customer, agent, _, solution) = try await fixture.resolvedScene(
            title: "Track a parcel", steps: ["Open the tracking page and enter the parcel number."], meaning: true)
        let planted = try await fixture.db.createTicket(
            by: customer, subject: "Parcel to Quayside never arrived", description: "My parcel to Quayside Lane.")
        try await fixture.db.take(ticketId: planted.requiredID, by: agent)
        _ = try await fixture.db.resolve(ticketId: planted.requiredID, by: agent, with: .existing(id: solution.requiredID))
        try index.catchUp(from: fixture.db)
        // When someone types that word with two letters swapped (words alone, so the words decide)
        let typed = "Quaysdie"
        let found = { (viewer: User?) in index.suggestSolutions(for: typed, meaningWeight: 0, viewer: viewer).map(\.solution.requiredID) }
        // Then staff, who match every word, find it through the correction
        #expect(found(agent) == [solution.requiredID])
        // And neither an anonymous visitor nor another customer does: the slip is read only against public words
        #expect(found(nil).isEmpty)
        #expect(found(try await fixture.customer("Bob")).isEmpty)
    }
}
