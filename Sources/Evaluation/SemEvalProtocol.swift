import Foundation
import SearchEngine

/// SemEval-2016 Task 3 subtask B: rerank each original question's ten related questions.
public enum SemEvalProtocol {
    /// One configuration's figures.
    public struct Row: Sendable {
        public let name: String
        public let map: Double
        public let mrr: Double
        public let p1: Double
    }

    /// One ranking configuration: which fields and weights, and which scoring.
    public struct Configuration: Sendable {
        public let name: String
        public let fields: [FieldDefinition]
        public let scoring: Scoring
        public let stemming: Bool
    }

    public static let configurations: [Configuration] = [
        Configuration(name: "BM25, subject + body", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .bm25, stemming: true),
        Configuration(name: "BM25, subject + body, no stemming", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .bm25, stemming: false),
        Configuration(name: "TF-IDF, subject + body", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .tfidf, stemming: true),
        Configuration(name: "BM25, subject ×2 + body", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1)], scoring: .bm25, stemming: true),
        Configuration(name: "BM25, subject ×2 + body + comments ×0.25", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1), .init(name: "comments", weight: 0.25)], scoring: .bm25, stemming: true),
        Configuration(name: "TF-IDF, subject ×2 + body + comments ×0.25", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1), .init(name: "comments", weight: 0.25)], scoring: .tfidf, stemming: true),
    ]

    public static func run(_ data: SemEvalData) -> [Row] {
        var rows = [evaluate("search-engine order (RELQ_RANKING_ORDER)", data) { q in
            q.related.sorted { $0.rank < $1.rank }.map(\.id)
        }]
        for c in configurations {
            let index = SearchIndex(configuration: IndexConfiguration(fields: c.fields, analyzer: Analyzer(stemming: c.stemming)))
            var documents: [Document] = []
            for q in data.questions {
                for r in q.related {
                    documents.append(Document(
                        id: r.id, fields: ["subject": r.subject, "body": r.body, "comments": r.comments], filter: q.id))
                }
            }
            index.apply(documents.map { .upsert($0) })
            rows.append(evaluate(c.name, data) { q in
                let hits = index.search(SearchRequest(text: q.subject + "\n" + q.body, k: q.related.count, scoring: c.scoring, filter: q.id))
                let found = Set(hits.map(\.id))
                // Related questions sharing no term with the original keep the engine's order, after the rest.
                return hits.map(\.id) + q.related.sorted { $0.rank < $1.rank }.map(\.id).filter { !found.contains($0) }
            })
        }
        return rows
    }

    /// MAP (a question without any relevant related question counts 0), MRR and P@1 of `rank`'s orders.
    public static func evaluate(_ name: String, _ data: SemEvalData, rank: (SemEvalData.Original) -> [String]) -> Row {
        var map = 0.0
        var mrr = 0.0
        var p1 = 0.0
        for q in data.questions {
            let relevant = Set(q.related.filter(\.relevant).map(\.id))
            let ranking = rank(q)
            map += RankingMetrics.averagePrecision(ranking, relevant: relevant)
            mrr += RankingMetrics.reciprocalRank(ranking, relevant: relevant)
            p1 += RankingMetrics.precision(at: 1, ranking, relevant: relevant)
        }
        let n = Double(max(data.questions.count, 1))
        return Row(name: name, map: map / n, mrr: mrr / n, p1: p1 / n)
    }
}
