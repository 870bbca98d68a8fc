import ArgumentParser
import Evaluation
import Foundation
import HelpdeskCore
import ShippedModel

/// `care bench typing`: what a keystroke of as-you-type suggestions costs the index on a store.
struct TypingBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typing",
        abstract: "The index's CPU time per keystroke of as-you-type suggestions on a store.",
        discussion: """
            Types every prefix (from 3 characters) of each complaint of --complaints (subject, a space, then the \
            description, cut to 200 characters) as an anonymous visitor, one thread, and times each keystroke's \
            suggestions (search, meaning, verdict prior, associations; not the highlights or the JSON) in thread \
            CPU time. The index is loaded from the store's snapshot (<data>/index), or rebuilt from the store when \
            there is none.
            """
    )

    @OptionGroup var store: DataFolderOptions

    @Option(help: "JSON lines with subject and description (default: Corpus/eval/complaints.jsonl).")
    var complaints: String = "Corpus/eval/complaints.jsonl"

    @Option(help: "How many times the complaints are typed.")
    var rounds: Int = 2

    @Flag(help: "Match words only (no embedding model).")
    var noMeaning = false

    func run() async throws {
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds: use a number from 1 to 100.") }
        let texts = try Self.typedTexts(complaints)
        let database = try await store.open()
        let embeddings = noMeaning ? nil : try ShippedModel.open()
        let snapshot = URL(fileURLWithPath: store.data).appendingPathComponent("index").path
        let index: HelpdeskIndex
        if store.database == nil, FileManager.default.fileExists(atPath: snapshot) {
            index = try HelpdeskIndex.load(from: snapshot, database: database, embeddings: embeddings).index
        } else {
            index = HelpdeskIndex(embeddings: embeddings)
            try index.rebuild(from: database)
        }
        var spent: [Double] = []
        for _ in 0..<rounds {
            for text in texts {
                for end in text.indices.dropFirst(3) + [text.endIndex] {
                    let typed = String(text[..<end])
                    let start = ThreadCPU.microseconds()
                    _ = index.suggestions(for: typed, prefixLastTerm: true, viewer: nil)
                    spent.append(ThreadCPU.microseconds() - start)
                }
            }
        }
        let figures = [0.5, 0.9, 0.99].map { QueryTimer.percentile(spent, $0) ?? 0 }
        let mean = spent.reduce(0, +) / Double(max(spent.count, 1))
        print("\(spent.count) keystrokes (\(texts.count) complaints × \(rounds) rounds), change-log checkpoint \(index.checkpoint), meaning \(noMeaning ? "off" : "on")")
        print("thread CPU µs per keystroke: p50 \(Self.format(figures[0])), p90 \(Self.format(figures[1])), p99 \(Self.format(figures[2])), mean \(Self.format(mean))")
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Subject, a space and description of each complaint of the JSON lines file at `path` (read as `care eval corpus`
    /// reads its complaints), cut to 200 characters.
    static func typedTexts(_ path: String) throws -> [String] {
        let complaints: [CorpusEvaluation.Complaint]
        do {
            complaints = try CorpusEvaluation.readComplaints(path)
        } catch let error as EvaluationDataError {
            throw ValidationError(error.description)
        }
        guard !complaints.isEmpty else { throw ValidationError("\(path): no complaints.") }
        return complaints.map { String(($0.subject + " " + $0.description).prefix(200)) }
    }
}
