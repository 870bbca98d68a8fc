import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The relevance floor and the match grades people read: a text the knowledge base has no answer for gets no
/// suggestion rather than the best of the wrong ones, a long result list stops where matches become weak, and
/// "strong" is kept for matches that earn it.
@Suite("Honest relevance: the floor and the grades")
struct RelevanceFloorTests {
    @Test(
        "a complaint about something the knowledge base does not cover gets no suggestion; one it answers gets a strong match",
        arguments: [false, true])
    func unrelatedTextIsNotAnswered(meaning: Bool) async throws {
        // Given the shipped corpus with a rebuilt index
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex(meaning: meaning)
        // When customers write about things no stored solution covers, in English or in another script
        let unrelated = [
            "My cat knocked the aquarium over and the goldfish are on the carpet, what should I feed them?",
            "لا أستطيع تسجيل الدخول إلى حسابي منذ أمس",
            "Quelle est la meilleure recette de tarte aux pommes pour dimanche ?",
        ]
        for text in unrelated {
            let shown = index.suggestSolutions(for: text, k: 5, viewer: nil)
            // Then nothing is suggested (below the floor, a match is not shown however it ranks)
            #expect(shown.isEmpty, "\(text): \(shown.map { ($0.solution.title, $0.strength) })")
            let all = index.suggestions(for: text, k: 5, floor: 0, viewer: nil)
            let scale = MatchGrade.Scale(terms: all.queryTerms, meaning: meaning)
            #expect(all.matches.allSatisfy { $0.strength < scale.floor && $0.grade == .weak })
        }
        // When a customer describes a problem the knowledge base answers, in their own words
        let asked = index.suggestions(
            for: HelpdeskIndex.complaintQuery(
                subject: "Forgot my password",
                description: "I forgot my password for the shop and the reset e-mail never arrives, not even in spam."),
            k: 5, viewer: nil)
        let complaintScale = MatchGrade.Scale(terms: MatchGrade.Scale.shortTerms + 1, meaning: meaning)
        #expect(MatchGrade.Scale(terms: asked.queryTerms, meaning: meaning) == complaintScale)
        let forgot = asked.matches
        // Then the first suggestion is a strong match about the password, and every one shown is at least partial
        let first = try #require(forgot.first)
        #expect(first.grade == .strong, "strength \(first.strength)")
        #expect(first.solution.title.localizedCaseInsensitiveContains("password"))
        #expect(forgot.allSatisfy { $0.strength >= complaintScale.floor && $0.grade != .weak })
        #expect(forgot.allSatisfy { $0.strength <= 1 })
    }

    @Test("a long result list stops where matches become weak, and strength does not depend on the other results")
    func longListsStopAtTheFloor() async throws {
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        // When a long list (40) is asked for a specific question
        let text = "The invoice for March shows the wrong VAT number for our company, and our accountant needs a "
            + "corrected copy before the quarterly tax filing"
        let shown = index.suggestSolutions(for: text, k: 40, viewer: nil)
        let asked = index.suggestions(for: text, k: 40, floor: 0, viewer: nil)
        let everything = asked.matches
        let scale = MatchGrade.Scale(terms: asked.queryTerms)
        // Then fewer are shown: the tail below the floor is cut, and nothing above it is lost
        #expect(everything.count == 40)
        #expect(!shown.isEmpty && shown.count < 40, "\(everything.map { ($0.solution.title, $0.strength) })")
        #expect(Set(shown.map(\.solution.id)) == Set(everything.filter { $0.strength >= scale.floor }.map(\.solution.id)))
        #expect(shown.first?.solution.title.contains("VAT") == true)
        // And a match's strength is the same whether it is asked for alone or among many
        let alone = index.suggestSolutions(for: text, k: 1, viewer: nil)
        #expect(alone.first?.strength == shown.first?.strength)
    }

    @Test("grades follow the strength on the text's scale: strong from its threshold, partial down to the floor, weak below")
    func gradesFollowStrength() {
        for scale in [MatchGrade.Scale.search, .complaint] {
            #expect(scale.grade(1) == .strong)
            #expect(scale.grade(scale.strongFrom) == .strong)
            #expect(scale.grade(scale.strongFrom.nextDown) == .partial)
            #expect(scale.grade(scale.floor) == .partial)
            #expect(scale.grade(scale.floor.nextDown) == .weak)
            #expect(scale.grade(0) == .weak)
            #expect(scale.floor > 0 && scale.floor < scale.strongFrom && scale.strongFrom < 1)
        }
        // A few words are graded as a search, a longer text as a complaint.
        #expect(MatchGrade.Scale(terms: 1) == .search && MatchGrade.Scale(terms: MatchGrade.Scale.shortTerms) == .search)
        #expect(MatchGrade.Scale(terms: MatchGrade.Scale.shortTerms + 1) == .complaint)
        #expect(Set(MatchGrade.allCases.map(\.label)).count == 3)
    }
}
