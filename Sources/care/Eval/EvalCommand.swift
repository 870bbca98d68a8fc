import ArgumentParser
import Foundation
import Evaluation
import SearchEngine
import ShippedModel

/// `care eval`: relevance measured on public data.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure suggestion quality on evaluation data.",
        subcommands: [
            CorpusEvalCommand.self, SemEvalCommand.self, StackExchangeEvalCommand.self, FloorEvalCommand.self,
            DuplicateEvalCommand.self,
        ]
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
    @Flag(help: "Leave out the configurations that fuse the words with the shipped embedding model's similarity of meaning.")
    var noMeaning = false
    @Option(
        help: """
            The index ranking the words: float (BM25 and TF-IDF of the search index) or impact (its BM25 frozen into \
            8-bit impacts, same analyzer, field weights, k1 and b; BM25 configurations only, no meaning rows).
            """)
    var engine: SemEvalProtocol.Engine = .float
    @Flag(help: "Read a word no related question holds and the shipped model's vocabulary does not list as the nearest known word, as the app's suggestions do.")
    var typoCorrection = false

    func run() throws {
        let data = try SemEvalData.load(path: file)
        let model = noMeaning && !typoCorrection || engine == .impact && !typoCorrection ? nil : try ShippedModel.open()
        let rows = SemEvalProtocol.run(
            data, embeddings: noMeaning || engine == .impact ? nil : model, engine: engine,
            typosFrom: typoCorrection ? model : nil)
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
        let width = max(46, rows.map(\.name.count).max() ?? 0)
        print("configuration".padding(toLength: width, withPad: " ", startingAt: 0) + "     MAP     MRR     P@1")
        for r in rows {
            print(r.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + String(format: "  %6.2f  %6.2f  %6.2f", r.map * 100, r.mrr * 100, r.p1 * 100))
        }
    }
}

extension SemEvalProtocol.Engine: ExpressibleByArgument {}
