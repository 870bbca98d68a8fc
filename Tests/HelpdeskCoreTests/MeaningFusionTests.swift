import Embeddings
import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The fusions of words and meaning measured beside the shipped linear one (reciprocal rank fusion and a learned
/// logistic combination): what each scores, that a fusion changes only the order of the suggestions and never which
/// ones pass the floor or how they are graded, and that a bad setting is refused.
@Suite("Fusing words and meaning")
struct MeaningFusionTests {
    @Test("reciprocal rank fusion adds 1/(k + rank) of each list, weighted for meaning; a candidate the words missed has no words term")
    func reciprocalRankScores() {
        let rrf = MeaningFusion.reciprocalRank(k: 60)
        let both = rrf.score(strength: 0.2, similarity: 0.1, weight: 1, wordsRank: 1, meaningRank: 1)
        let wordsOnly = rrf.score(strength: 0.9, similarity: 0.9, weight: 1, wordsRank: 1, meaningRank: 40)
        let meaningOnly = rrf.score(strength: 0, similarity: 0.9, weight: 2, wordsRank: nil, meaningRank: 1)
        #expect(abs(both - 2.0 / 61) < 1e-12)
        #expect(abs(wordsOnly - (1.0 / 61 + 1.0 / 100)) < 1e-12)
        #expect(abs(meaningOnly - 2.0 / 61) < 1e-12)
        // The values themselves do not count, only the ranks.
        #expect(both > wordsOnly)
        // A hostile constant is bounded, not trapped on.
        #expect(MeaningFusion.reciprocalRank(k: .infinity).score(strength: 0, similarity: 0, weight: 1, wordsRank: 1, meaningRank: 1) > 0)
    }

    @Test("the linear fusion is the shipped formula, and the learned one a logistic probability rising with each signal")
    func linearAndLearnedScores() {
        #expect(abs(MeaningFusion.linear.score(strength: 0.6, similarity: 0.3, weight: 1, wordsRank: 1, meaningRank: 2) - 0.45) < 1e-12)
        let model = LearnedFusion(bias: -2, words: 1, meaning: 2, product: 0.5)
        let learned = MeaningFusion.learned(model)
        let low = learned.score(strength: 0.1, similarity: 0.1, weight: 1, wordsRank: 3, meaningRank: 3)
        let moreWords = learned.score(strength: 0.5, similarity: 0.1, weight: 1, wordsRank: 3, meaningRank: 3)
        let moreMeaning = learned.score(strength: 0.1, similarity: 0.5, weight: 1, wordsRank: 3, meaningRank: 3)
        #expect(low > 0 && low < moreWords && low < moreMeaning && moreMeaning < 1)
        #expect(abs(LearnedFusion(words: 0, meaning: 0, product: 0).probability(strength: 1, similarity: 1) - 0.5) < 1e-12)
    }

    @Test("a fusion is read from its argument, and a missing, unbounded or unknown one is refused")
    func parsing() {
        #expect(MeaningFusion(argument: "linear") == .linear)
        #expect(MeaningFusion(argument: "rrf") == .reciprocalRank(k: 60))
        #expect(MeaningFusion(argument: "rrf:10") == .reciprocalRank(k: 10))
        #expect(MeaningFusion(argument: "learned:1,2,3") == .learned(LearnedFusion(bias: 0, words: 1, meaning: 2, product: 3)))
        #expect(MeaningFusion(argument: "learned:1,2,3,-4") == .learned(LearnedFusion(bias: -4, words: 1, meaning: 2, product: 3)))
        for bad in ["", "rrf:", "rrf:-1", "rrf:nan", "rrf:1e9", "learned:1,2", "learned:1,2,3,4,5", "learned:1e9,0,0", "learned:a,b,c", "cosine"] {
            #expect(MeaningFusion(argument: bad) == nil, "\(bad)")
        }
    }

    @Test("another fusion changes only the order: the same solutions pass the floor, with the same strength and grade, and each match carries its two signals")
    func fusionOrdersOnly() async throws {
        // Given solutions about a forgotten password, a router, a card payment and a locked account
        let fixture = try await Fixture.make()
        let index = HelpdeskIndex(embeddings: Repository.shippedModel)
        fixture.db.attach(index: index)
        let admin = try await fixture.admin()
        let password = try await fixture.db.createSolution(
            by: admin,
            SolutionDraft(title: "Reset a forgotten password", steps: ["Open the sign-in screen and tap Forgot password."]))
        for (title, step) in [
            ("Router keeps dropping the Wi-Fi", "Restart the router."), ("Card payment declined at checkout", "Check the card expiry date."),
            ("Account locked after failed sign-in attempts", "Wait 15 minutes, then sign in with the right password."),
        ] {
            _ = try await fixture.db.createSolution(by: admin, SolutionDraft(title: title, steps: [step]))
        }
        try index.catchUp(from: fixture.db)
        for text in ["I cannot remember my login credentials", "my password does not work and the account is locked"] {
            let linear = index.suggestSolutions(for: text, viewer: nil)
            #expect(!linear.isEmpty, "\(text)")
            for fusion in [MeaningFusion.reciprocalRank(k: 60), .learned(LearnedFusion(bias: -3, words: 1, meaning: 1, product: 0.5))] {
                let other = index.suggestSolutions(for: text, fusion: fusion, viewer: nil)
                // Then the same solutions are suggested, each with the same strength and grade as with the linear fusion
                let byID = Dictionary(uniqueKeysWithValues: linear.map { ($0.solution.requiredID, $0) })
                #expect(Set(other.map(\.solution.requiredID)) == Set(byID.keys), "\(text) \(fusion)")
                for match in other {
                    #expect(match.strength == byID[match.solution.requiredID]?.strength)
                    #expect(match.grade == byID[match.solution.requiredID]?.grade)
                }
            }
        }
        // And a paraphrase found by meaning alone carries no words' strength, but its similarity
        let paraphrase = index.suggestSolutions(for: "I cannot remember my login credentials", viewer: nil)
        let found = try #require(paraphrase.first { $0.solution.requiredID == password.requiredID })
        #expect(found.wordsStrength == 0)
        #expect(found.similarity > 0.2)
        #expect(abs(found.strength - found.similarity / 2) < 1e-9)
    }
}
