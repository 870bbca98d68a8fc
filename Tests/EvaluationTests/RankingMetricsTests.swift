import Foundation
import Testing
import TestSupport

@testable import Evaluation

@Suite("Ranking measures")
struct RankingMetricsTests {
    @Test("reciprocal rank, precision, hits, average precision and nDCG on hand-worked lists")
    func handWorked() {
        let ranking = ["a", "x", "b", "y", "c"]
        let relevant: Set = ["a", "b", "c", "d"]
        #expect(RankingMetrics.reciprocalRank(ranking, relevant: ["b"]) == 1.0 / 3)
        #expect(RankingMetrics.reciprocalRank(ranking, relevant: ["b"], cutoff: 2) == 0)
        #expect(RankingMetrics.reciprocalRank(ranking, relevant: ["z"]) == 0)
        #expect(RankingMetrics.precision(at: 2, ranking, relevant: relevant) == 0.5)
        #expect(RankingMetrics.precision(at: 10, ranking, relevant: relevant) == 0.3)  // missing places count as misses
        #expect(RankingMetrics.hit(at: 1, ranking, relevant: ["x"]) == 0 && RankingMetrics.hit(at: 2, ranking, relevant: ["x"]) == 1)
        // AP = (1/1 + 2/3 + 3/5) / 4 relevant, "d" never ranked
        #expect(abs(RankingMetrics.averagePrecision(ranking, relevant: relevant) - (1 + 2.0 / 3 + 3.0 / 5) / 4) < 1e-12)
        #expect(RankingMetrics.averagePrecision(ranking, relevant: []) == 0)
        // nDCG@10 with relevant at positions 0 and 2 of 2: (1 + 1/log2(4)) / (1 + 1/log2(3))
        let expected = (1 + 1 / log2(4.0)) / (1 + 1 / log2(3.0))
        #expect(abs(RankingMetrics.ndcg(at: 10, relevantPositions: [0, 2], relevantCount: 2) - expected) < 1e-12)
        #expect(RankingMetrics.ndcg(at: 10, relevantPositions: [12], relevantCount: 1) == 0)
    }

    @Test("sums average per query; a missing answer counts as a zero")
    func sums() {
        var sums = RankingSums()
        sums.add(rank: 0)
        sums.add(rank: 3)
        sums.add(rank: nil)
        #expect(sums.queries == 3)
        #expect(sums.mean(sums.hit1) == 1.0 / 3 && sums.mean(sums.hit5) == 2.0 / 3)
        #expect(abs(sums.mean(sums.rr) - (1 + 0.25) / 3) < 1e-12)
        #expect(RankingSums().mean(0) == 0)
    }

    @Test("the SemEval reader keeps each original question's related ones, labels and order, and decodes entities")
    func semEvalReader() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tiny.xml").path
        func thread(_ org: String, _ rel: String, _ rank: Int, _ label: String, _ subject: String) -> String {
            """
            <OrgQuestion ORGQ_ID="\(org)"><OrgQSubject>Visa &amp; permit</OrgQSubject><OrgQBody>How long?</OrgQBody>
            <Thread THREAD_SEQUENCE="\(rel)"><RelQuestion RELQ_ID="\(rel)" RELQ_RANKING_ORDER="\(rank)" RELQ_RELEVANCE2ORGQ="\(label)">
            <RelQSubject>\(subject)</RelQSubject><RelQBody>Body &#233;</RelQBody></RelQuestion>
            <RelComment><RelCText>First comment</RelCText></RelComment></Thread></OrgQuestion>
            """
        }
        try ("<root>" + thread("Q1", "Q1_R1", 1, "Irrelevant", "Other") + thread("Q1", "Q1_R2", 2, "PerfectMatch", "Visa time")
            + thread("Q2", "Q2_R1", 1, "Relevant", "Permit") + "</root>").write(toFile: path, atomically: true, encoding: .utf8)
        let data = try SemEvalData.load(path: path)
        #expect(data.questions.map(\.id) == ["Q1", "Q2"])
        #expect(data.questions[0].subject == "Visa & permit" && data.questions[0].related.map(\.relevant) == [false, true])
        #expect(data.questions[0].related[1].body == "Body é" && data.questions[0].related[1].comments == "First comment")
        // The file's own order puts the irrelevant one first: MAP 0.5 on Q1, 1 on Q2
        let row = SemEvalProtocol.evaluate("order", data) { q in q.related.sorted { $0.rank < $1.rank }.map(\.id) }
        #expect(row.map == 0.75 && row.p1 == 0.5 && row.mrr == 0.75)
        #expect(throws: EvaluationDataError.self) { try SemEvalData.load(path: folder.appendingPathComponent("missing.xml").path) }
    }
}
