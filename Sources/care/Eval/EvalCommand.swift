import ArgumentParser
import Embeddings
import Foundation
import HelpdeskCore
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
    @Option(help: "Also measure this fusion of words and meaning (rrf, rrf:K or learned:WORDS,MEANING,PRODUCT[,BIAS]); repeatable.")
    var fusion: [MeaningFusion] = []
    @Option(help: "The meaning weights of the --fusion rows, comma-separated.")
    var fusionWeights: String = "1"
    @Option(help: "Write each related question's words' strength and similarity (at the shipped weight) to this TSV file, for learning a fusion.")
    var dumpCandidates: String?

    func run() throws {
        let data = try SemEvalData.load(path: file)
        let model = noMeaning && !typoCorrection || engine == .impact && !typoCorrection ? nil : try ShippedModel.open()
        let weights = try parseFusionWeights(fusionWeights)
        let dump = CandidateDump()
        let sink: (@Sendable (CorpusEvaluation.Candidate) -> Void)? = dumpCandidates == nil ? nil : { @Sendable in dump.append($0) }
        let embeddings: StaticEmbeddingModel? = noMeaning || engine == .impact ? nil : model
        let rows = SemEvalProtocol.run(
            data, embeddings: embeddings, engine: engine, typosFrom: typoCorrection ? model : nil, fusions: fusion,
            fusionWeights: weights, candidateSink: sink)
        if let dumpCandidates { try dump.write(to: dumpCandidates) }
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

extension MeaningFusion: ExpressibleByArgument {}

/// Reads comma-separated meaning weights, each finite and within 0…`HelpdeskIndex.maximumMeaningWeight`.
func parseFusionWeights(_ text: String) throws -> [Double] {
    let weights = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard !weights.isEmpty, weights.count <= 20,
        weights.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 && $0 <= HelpdeskIndex.maximumMeaningWeight } ?? false })
    else { throw ValidationError("--fusion-weights: comma-separated numbers from 0 to \(HelpdeskIndex.maximumMeaningWeight.formatted())") }
    return weights.compactMap { $0 }
}

/// Candidates with their signals, gathered for learning a fusion offline and written as TSV (query, candidate, words'
/// strength, similarity, right 1 or 0).
final class CandidateDump: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ c: CorpusEvaluation.Candidate) {
        let line = "\(c.complaint)\t\(c.solution)\t\(c.wordsStrength)\t\(c.similarity)\t\(c.relevant ? 1 : 0)"
        lock.withLock { lines.append(line) }
    }

    func write(to path: String) throws {
        let text = lock.withLock { (["query\tcandidate\twords\tsimilarity\trelevant"] + lines).joined(separator: "\n") + "\n" }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("\(path): cannot write the candidates (\(error.localizedDescription))")
        }
    }
}
