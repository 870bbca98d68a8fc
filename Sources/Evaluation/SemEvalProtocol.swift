import Embeddings
import Foundation
import HelpdeskCore
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

    /// The index that ranks the words.
    public enum Engine: String, Sendable, CaseIterable {
        /// The float BM25 or TF-IDF search of `SearchIndex`.
        case float
        /// `ImpactIndex`: BM25 frozen into 8-bit impacts from the same index (same analyzer, field weights, k1
        /// and b); it has no TF-IDF and no score ceiling, so the TF-IDF configurations and the meaning rows are
        /// left out.
        case impact
    }

    /// The meaning weights measured beside the words (`HelpdeskIndex.defaultMeaningWeight` is one of them).
    public static let meaningWeights: [Double] = [0.25, 0.5, 1, 2, 4]

    /// Every configuration's figures; with `embeddings`, also the words fused with the similarity of meaning as the
    /// app fuses them, for each of `meaningWeights`, and the similarity of meaning alone.
    /// - Parameter engine: with `.impact`, the BM25 configurations rank with an `ImpactIndex` frozen from their index
    ///   (rows named with ", 8-bit impacts"); the TF-IDF configurations and the meaning rows are left out.
    /// - Parameter typosFrom: when given, every search reads a word no related question holds and the model's vocabulary
    ///   does not list as the nearest known word (`SearchRequest.typoCorrection`, as the app's suggestions do); the rows'
    ///   names say so.
    /// - Parameter fusions: other fusions than the linear one to measure, each at `fusionWeights` (rows named after
    ///   them); `candidateSink` is handed every related question's signals once (for learning a fusion offline).
    public static func run(
        _ data: SemEvalData, embeddings: StaticEmbeddingModel? = nil, engine: Engine = .float,
        typosFrom model: StaticEmbeddingModel? = nil, fusions: [MeaningFusion] = [], fusionWeights: [Double] = [1],
        candidateSink: (@Sendable (CorpusEvaluation.Candidate) -> Void)? = nil
    ) -> [Row] {
        let suffix = model == nil ? "" : ", typos corrected"
        func request(_ q: SemEvalData.Original, known: KnownWords?, scoring: Scoring = .bm25) -> SearchRequest {
            var request = SearchRequest(text: q.subject + "\n" + q.body, k: q.related.count, scoring: scoring, filter: q.id)
            request.typoCorrection = known
            return request
        }
        var rows = [evaluate("search-engine order (RELQ_RANKING_ORDER)", data) { q in
            q.related.sorted { $0.rank < $1.rank }.map(\.id)
        }]
        for c in configurations {
            if engine == .impact, case .tfidf = c.scoring { continue }
            let index = SearchIndex(configuration: IndexConfiguration(fields: c.fields, analyzer: Analyzer(stemming: c.stemming)))
            var documents: [Document] = []
            for q in data.questions {
                for r in q.related {
                    documents.append(Document(
                        id: r.id, fields: ["subject": r.subject, "body": r.body, "comments": r.comments], filter: q.id))
                }
            }
            index.apply(documents.map { .upsert($0) })
            let known = model.map { HelpdeskIndex.knownWords(of: $0, analyzer: index.configuration.analyzer) }
            switch (engine, c.scoring) {
            case (.impact, .bm25(let k1, let b)):
                let impacts = ImpactIndex(freezing: index, k1: k1, b: b)
                rows.append(evaluate(c.name + ", 8-bit impacts" + suffix, data) { q in
                    ranking(impacts.search(request(q, known: known)), q)
                })
            default:
                rows.append(evaluate(c.name + suffix, data) { q in
                    ranking(index.search(request(q, known: known, scoring: c.scoring)), q)
                })
            }
        }
        if engine == .float, let embeddings {
            rows += meaningRows(
                data, embeddings: embeddings, typosFrom: model, fusions: fusions, fusionWeights: fusionWeights,
                candidateSink: candidateSink)
        }
        return rows
    }

    /// The order of `q`'s related questions that `hits` give: the hits, then the related questions sharing no term with
    /// the original, in the engine's order.
    private static func ranking(_ hits: [SearchHit], _ q: SemEvalData.Original) -> [String] {
        let found = Set(hits.map(\.id))
        return hits.map(\.id) + q.related.sorted { $0.rank < $1.rank }.map(\.id).filter { !found.contains($0) }
    }

    /// The app's fusion (`HelpdeskIndex.suggestions`) on the ten related questions: each one's strength by words (BM25
    /// over subject + body, score over the query's score ceiling) and its cosine with the original question (subject
    /// + body embedded), fused as (strength + w × max(0, cosine)) / (1 + w).
    static func meaningRows(
        _ data: SemEvalData, embeddings: StaticEmbeddingModel, typosFrom model: StaticEmbeddingModel? = nil,
        fusions: [MeaningFusion] = [], fusionWeights: [Double] = [1],
        candidateSink: (@Sendable (CorpusEvaluation.Candidate) -> Void)? = nil
    ) -> [Row] {
        let suffix = model == nil ? "" : ", typos corrected"
        let fields: [FieldDefinition] = [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)]
        let index = SearchIndex(configuration: IndexConfiguration(fields: fields, analyzer: Analyzer(stemming: true)))
        var vectors: [String: PackedVector] = [:]
        var documents: [IndexChange] = []
        for q in data.questions {
            for r in q.related {
                documents.append(.upsert(Document(id: r.id, fields: ["subject": r.subject, "body": r.body], filter: q.id)))
                vectors[r.id] = PackedVector(embeddings.embed(r.subject + "\n" + r.body))
            }
        }
        index.apply(documents)
        let known = model.map { HelpdeskIndex.knownWords(of: $0, analyzer: index.configuration.analyzer) }
        var queries: [String: [Float]] = [:]
        for q in data.questions { queries[q.id] = embeddings.embed(q.subject + "\n" + q.body) }
        func fused(_ weight: Double, _ q: SemEvalData.Original, fusion: MeaningFusion = .linear, sink: Bool = false) -> [String] {
            var request = SearchRequest(text: q.subject + "\n" + q.body, k: q.related.count, filter: q.id)
            request.typoCorrection = known
            let (hits, ceiling) = index.searchWithCeiling(request)
            var strengths: [String: Double] = [:]
            var wordsRanks: [String: Int] = [:]
            for hit in hits where strengths[hit.id] == nil {
                strengths[hit.id] = ceiling > 0 ? min(1, hit.score / ceiling) : 0
                wordsRanks[hit.id] = wordsRanks.count + 1
            }
            let query = queries[q.id] ?? []
            let related = q.related.sorted { $0.rank < $1.rank }
            let similarities = related.map { max(0, Double(vectors[$0.id]?.dot(query) ?? 0)) }
            var meaningRanks: [String: Int] = [:]
            for (rank, i) in similarities.indices.sorted(by: { similarities[$0] != similarities[$1] ? similarities[$0] > similarities[$1] : $0 < $1 }).enumerated() {
                meaningRanks[related[i].id] = rank + 1
            }
            let scored = zip(related, similarities).map { r, similarity in
                if sink {
                    candidateSink?(CorpusEvaluation.Candidate(
                        complaint: q.id, solution: r.id, wordsStrength: strengths[r.id] ?? 0, similarity: similarity,
                        relevant: r.relevant))
                }
                return (id: r.id, score: fusion.score(
                    strength: strengths[r.id] ?? 0, similarity: similarity, weight: weight, wordsRank: wordsRanks[r.id],
                    meaningRank: meaningRanks[r.id] ?? related.count))
            }
            // Stable: equal scores keep the engine's order.
            return scored.enumerated().sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
                .map(\.element.id)
        }
        var rows = meaningWeights.map { w in
            evaluate("BM25 strength + \(w.formatted()) × meaning, subject + body" + suffix, data) { fused(w, $0, sink: w == 1) }
        }
        rows.append(evaluate("meaning alone (WordLlama cosine)" + suffix, data) { fused(1e9, $0) })
        for fusion in fusions {
            for w in fusionWeights {
                rows.append(evaluate("\(fusion.name), w \(w.formatted()), subject + body" + suffix, data) { fused(w, $0, fusion: fusion) })
            }
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
