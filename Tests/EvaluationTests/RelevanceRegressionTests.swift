import Foundation
import Testing
import TestSupport

@testable import Evaluation

/// The held-out complaints of `Corpus/eval` through the app's own suggestions and agent ranking: a ranking change that
/// lowers what customers and admins see fails CI. The floors are the figures of the shipped configuration when they
/// were set (`care eval corpus`, `care eval corpus --no-topic`), rounded down to two decimals; raise them when a change
/// lifts the figures, and lower one only with a measured reason in `Benchmarks/README.md`.
@Suite("Relevance does not regress on Corpus/eval")
struct RelevanceRegressionTests {
    /// The shipped configuration: words and meaning (the shipped embedding model), as `care serve` suggests.
    static func shipped(_ topic: CorpusEvaluation.Options.Topic = .given) -> CorpusEvaluation.Options {
        var options = CorpusEvaluation.Options()
        options.topic = topic
        options.embeddings = Repository.shippedModel
        return options
    }

    @Test("with the topic picked: P@1, MRR@10, recall@5 and the agent's hit@1 stay above their floors")
    func topicPicked() async throws {
        let (figures, _) = try await CorpusEvaluation(corpus: Repository.corpusFolder.path, options: Self.shipped()).run()
        #expect(figures.complaints == 420)
        #expect(figures.solutionP1 >= 0.83, "solution P@1 \(figures.solutionP1)")
        #expect(figures.solutionMRR10 >= 0.88, "solution MRR@10 \(figures.solutionMRR10)")
        #expect(figures.solutionRecall5 >= 0.95, "solution recall@5 \(figures.solutionRecall5)")
        #expect(figures.agentHit1 >= 0.73, "agent hit@1 \(figures.agentHit1)")
        // And the routing beats sending everything to the busiest agent
        #expect(figures.agentHit1 > figures.agentHit1MostResolutions * 2)
    }

    @Test("with \"Not sure\" as the topic: P@1, MRR@10, recall@5 and the agent's hit@1 stay above their floors")
    func notSure() async throws {
        let options = Self.shipped(.notSure)
        let (figures, _) = try await CorpusEvaluation(corpus: Repository.corpusFolder.path, options: options).run()
        #expect(figures.solutionP1 >= 0.77, "solution P@1 \(figures.solutionP1)")
        #expect(figures.solutionMRR10 >= 0.84, "solution MRR@10 \(figures.solutionMRR10)")
        #expect(figures.solutionRecall5 >= 0.94, "solution recall@5 \(figures.solutionRecall5)")
        #expect(figures.agentHit1 >= 0.65, "agent hit@1 \(figures.agentHit1)")
    }

    @Test("by words alone (care serve --no-meaning), the topic picked: the figures before meaning was matched hold")
    func wordsAlone() async throws {
        let (figures, _) = try await CorpusEvaluation(corpus: Repository.corpusFolder.path).run()
        #expect(figures.solutionP1 >= 0.79, "solution P@1 \(figures.solutionP1)")
        #expect(figures.solutionMRR10 >= 0.86, "solution MRR@10 \(figures.solutionMRR10)")
        #expect(figures.solutionRecall5 >= 0.94, "solution recall@5 \(figures.solutionRecall5)")
    }
}
