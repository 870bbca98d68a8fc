import ArgumentParser
import Foundation
import HelpdeskCore
import ShippedModel

/// `care bench typing`: what a keystroke of as-you-type suggestions costs the index, with and without the typing
/// memory, on a store.
struct TypingBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typing",
        abstract: "The index's CPU time per keystroke of as-you-type suggestions, with and without the typing memory.",
        discussion: """
            Types every prefix (from 3 characters) of each complaint of --complaints (subject, a space, then the \
            description, cut to 200 characters) as an anonymous visitor, one thread, and times each keystroke's \
            suggestions (search, meaning, verdict prior, associations; not the highlights or the JSON) in thread \
            CPU time. Each complaint is typed once with a fresh typing memory and once without one, in alternating \
            order, and the suggestions of the two are compared. The index is loaded from the store's snapshot \
            (<data>/index), or rebuilt from the store when there is none.
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
        var without: [Double] = []
        var with: [Double] = []
        var differ = 0
        for round in 0..<rounds {
            for (n, text) in texts.enumerated() {
                let prefixes = text.indices.dropFirst(3).map { String(text[..<$0]) } + [text]
                var shown: [[SolutionMatch]] = []
                for remembered in (n + round) % 2 == 0 ? [false, true] : [true, false] {
                    let memory = remembered ? TypingMemory() : nil
                    var matches: [[SolutionMatch]] = []
                    for typed in prefixes {
                        let start = ThreadCPU.microseconds()
                        let suggestions = index.suggestions(for: typed, prefixLastTerm: true, viewer: nil, typing: memory)
                        let spent = ThreadCPU.microseconds() - start
                        if remembered { with.append(spent) } else { without.append(spent) }
                        matches.append(suggestions.matches)
                    }
                    if shown.isEmpty { shown = matches } else { differ += zip(shown, matches).filter { $0 != $1 }.count }
                }
            }
        }
        func line(_ name: String, _ values: [Double]) -> String {
            let figures = [0.5, 0.9, 0.99].map { QueryTimer.percentile(values, $0) ?? 0 }
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            return name.padding(toLength: 16, withPad: " ", startingAt: 0)
                + figures.map { String(format: "%9.1f", $0) }.joined() + String(format: "%9.1f", mean)
        }
        print("\(without.count) keystrokes per mode (\(texts.count) complaints × \(rounds) rounds), \(index.checkpoint) change-log checkpoint")
        print("thread CPU µs      p50      p90      p99     mean")
        print(line("without memory", without))
        print(line("with memory", with))
        print("keystrokes whose suggestions differ: \(differ)")
    }

    /// Subject, a space and description of each complaint of the JSON lines file at `path`, cut to 200 characters.
    static func typedTexts(_ path: String) throws -> [String] {
        let content: String
        do {
            content = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("\(path): cannot be read (\(error.localizedDescription)).")
        }
        var texts: [String] = []
        for (n, line) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            guard let row = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ValidationError("\(path):\(n + 1): not a JSON object.")
            }
            guard let subject = row["subject"] as? String, let description = row["description"] as? String else {
                throw ValidationError("\(path):\(n + 1): field subject or description: missing or not text.")
            }
            texts.append(String((subject + " " + description).prefix(200)))
        }
        guard !texts.isEmpty else { throw ValidationError("\(path): no complaints.") }
        return texts
    }
}
