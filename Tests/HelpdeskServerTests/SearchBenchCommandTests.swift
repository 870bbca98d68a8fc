import Foundation
import Testing
import TestSupport

/// `care bench search`, run as the built binary on a small generated corpus.
@Suite("Search benchmark command")
struct SearchBenchCommandTests {
    @Test(
        "times both engines on two segments, or on one after --merge, with the same quality figures",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(3))
    )
    func mergedIndex() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-search-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Given 40,000 documents about four topics (two build slices of 20,000), one document in each slice with a word
        // of its own, four queries and their judgements
        let topics = ["printer paper jam tray", "wifi signal drops router", "refund card payment late", "password reset mail"]
        var corpus = ""
        var qrels = ""
        for i in 0..<40_000 {
            let topic = topics[i % topics.count]
            let own = i == 7 ? " zeppelin" : i == 39_998 ? " quokka" : ""
            corpus += #"{"id": "d\#(i)", "title": "\#(topic.split(separator: " ")[0]) \#(i)", "body": "\#(topic) note \#(i)\#(own)"}"# + "\n"
            if i % topics.count == 0 { qrels += "q1 0 d\(i) 1\n" }
            if i % topics.count == 1 { qrels += "q2 0 d\(i) 1\n" }
        }
        try corpus.write(toFile: folder + "/corpus.jsonl", atomically: true, encoding: .utf8)
        qrels += "q3 0 d7 1\nq4 0 d39998 1\n"
        try qrels.write(toFile: folder + "/qrels", atomically: true, encoding: .utf8)
        try """
            {"id": "q1", "text": "the printer has a paper jam"}
            {"id": "q2", "text": "wifi keeps dropping"}
            {"id": "q3", "text": "zeppelin"}
            {"id": "q4", "text": "quokka"}

            """.write(toFile: folder + "/queries.jsonl", atomically: true, encoding: .utf8)
        let common = [
            "bench", "search", "--corpus", folder + "/corpus.jsonl", "--queries", folder + "/queries.jsonl",
            "--qrels", folder + "/qrels", "--engines", "ours,impact", "--threads", "2", "--repeats", "1", "--warmup", "0",
        ]
        // When it runs on two build threads, Then the index has two segments
        let split = try await runCare(common)
        #expect(split.status == 0, "\(split.output)")
        #expect(split.output.contains("on 2 thread(s), 2 segment(s)"), "\(split.output)")
        // When it runs with --merge, Then the index is one segment, the merge timed within the build
        let merged = try await runCare(common + ["--merge"])
        #expect(merged.status == 0, "\(merged.output)")
        #expect(merged.output.contains("merged in "), "\(merged.output)")
        #expect(merged.output.contains("1 segment(s)"), "\(merged.output)")
        // And both engines find, both ways, a judged document first for every query, the two single documents of
        // either slice included: MRR@10 is 1, and P@10 is (1 + 1 + 0.1 + 0.1) / 4
        for run in [split, merged] {
            let rows = run.output.split(separator: "\n").filter { $0.hasPrefix("ours ") || $0.hasPrefix("impact ") }
            #expect(rows.count == 2, "\(run.output)")
            for row in rows { #expect(row.contains("0.550  1.000"), "\(row)") }
        }
    }
}
