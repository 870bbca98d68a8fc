import ArgumentParser
import Foundation
import SearchEngine

/// `care eval`: relevance measured on public data.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure suggestion quality on evaluation data.",
        subcommands: [CorpusEvalCommand.self, SemEvalCommand.self, StackExchangeEvalCommand.self]
    )
}

/// `care eval semeval FILE.xml`: SemEval-2016 Task 3 subtask B — rerank the ten related questions of
/// each original question; MAP over all original questions (one without any relevant question counts
/// 0), MRR and P@1, for several configurations beside the file's own search-engine order.
struct SemEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semeval",
        abstract: "Rerank SemEval-2016 Task 3 subtask B related questions and report MAP, MRR and P@1."
    )

    @Argument(help: "The task's XML file, e.g. ../shared/data/semeval2016-task3-cqa-ql/SemEval2016-Task3-CQA-QL-train-part2.xml")
    var file: String
    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        let data = try SemEvalData.load(path: file)
        let rows = SemEvalProtocol.run(data)
        if json {
            let object: [String: Any] = [
                "questions": data.questions.count,
                "with_relevant": data.questions.filter { $0.related.contains(where: \.relevant) }.count,
                "results": rows.map { ["configuration": $0.name, "MAP": $0.map, "MRR": $0.mrr, "P@1": $0.p1] },
            ]
            let out = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: out, as: UTF8.self))
            return
        }
        print("SemEval-2016 Task 3 subtask B, \(data.questions.count) original questions (\(file))")
        print("configuration                                   MAP     MRR     P@1")
        for r in rows {
            print(r.name.padding(toLength: 46, withPad: " ", startingAt: 0)
                + String(format: "  %6.2f  %6.2f  %6.2f", r.map * 100, r.mrr * 100, r.p1 * 100))
        }
    }
}

/// The protocol, shared by the command and the tests.
enum SemEvalProtocol {
    struct Row {
        let name: String
        let map: Double
        let mrr: Double
        let p1: Double
    }

    /// One ranking configuration: which fields and weights, and which scoring.
    struct Configuration {
        let name: String
        let fields: [FieldDefinition]
        let scoring: Scoring
        let stemming: Bool
    }

    static let configurations: [Configuration] = [
        Configuration(name: "BM25, subject + body", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .bm25, stemming: true),
        Configuration(name: "BM25, subject + body, no stemming", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .bm25, stemming: false),
        Configuration(name: "TF-IDF, subject + body", fields: [.init(name: "subject", weight: 1), .init(name: "body", weight: 1)], scoring: .tfidf, stemming: true),
        Configuration(name: "BM25, subject ×2 + body", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1)], scoring: .bm25, stemming: true),
        Configuration(name: "BM25, subject ×2 + body + comments ×0.25", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1), .init(name: "comments", weight: 0.25)], scoring: .bm25, stemming: true),
        Configuration(name: "TF-IDF, subject ×2 + body + comments ×0.25", fields: [.init(name: "subject", weight: 2), .init(name: "body", weight: 1), .init(name: "comments", weight: 0.25)], scoring: .tfidf, stemming: true),
    ]

    static func run(_ data: SemEvalData) -> [Row] {
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

    static func evaluate(_ name: String, _ data: SemEvalData, rank: (SemEvalData.Original) -> [String]) -> Row {
        var map = 0.0
        var mrr = 0.0
        var p1 = 0.0
        for q in data.questions {
            let relevant = Set(q.related.filter(\.relevant).map(\.id))
            let ranking = rank(q)
            var hits = 0
            var ap = 0.0
            for (i, id) in ranking.enumerated() where relevant.contains(id) {
                hits += 1
                ap += Double(hits) / Double(i + 1)
                if hits == 1 { mrr += 1 / Double(i + 1) }
            }
            if !relevant.isEmpty { map += ap / Double(relevant.count) }
            if let first = ranking.first, relevant.contains(first) { p1 += 1 }
        }
        let n = Double(data.questions.count)
        return Row(name: name, map: map / n, mrr: mrr / n, p1: p1 / n)
    }
}
