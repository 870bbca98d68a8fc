import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore
import Embeddings
import SearchEngine

/// As-you-type: a client's keystrokes reuse the scores of the words it completed (`TypingMemory`). What the customer
/// sees must not change.
@Suite("Typing memory")
struct TypingMemoryTests {
    /// The first `count` complaints of `Corpus/eval`, subject then description, cut to 120 characters.
    static func typedComplaints(_ count: Int) throws -> [(text: String, topic: String?)] {
        let lines = try String(
            contentsOf: Repository.corpusFolder.appendingPathComponent("eval/complaints.jsonl"), encoding: .utf8
        ).split(separator: "\n").prefix(count)
        return try lines.map { line in
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let text = "\(row["subject"] as? String ?? "") \(row["description"] as? String ?? "")"
            return (String(text.prefix(120)), row["category"] as? String)
        }
    }

    @Test("every keystroke of typed complaints gets the suggestions a search without the memory gets")
    func keystrokesSuggestAsBefore() async throws {
        // Given the shipped corpus with meaning, and eval complaints typed one character at a time
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex(meaning: true)
        let agent = try await f.agent(by: try await f.admin())
        var reused = 0
        var keystrokes = 0
        for (n, complaint) in try Self.typedComplaints(8).enumerated() {
            // An anonymous visitor without a topic, a customer's form with the topic chosen, an agent
            let viewer: User? = n % 3 == 2 ? agent : nil
            let topic = n % 3 == 1 ? complaint.topic : nil
            let memory = TypingMemory()
            var previous: Int?
            for end in complaint.text.indices.dropFirst(2) + [complaint.text.endIndex] {
                let typed = String(complaint.text[..<end])
                let remembered = index.suggestions(for: typed, topicId: topic, prefixLastTerm: true, viewer: viewer, typing: memory)
                let fresh = index.suggestions(for: typed, topicId: topic, prefixLastTerm: true, viewer: viewer)
                // Then the same solutions, in the same order, with the same scores, strengths and grades
                #expect(remembered.matches == fresh.matches, "\(typed)")
                #expect(remembered.terms == fresh.terms && remembered.queryTerms == fresh.queryTerms)
                keystrokes += 1
                let kept = memory.byteCount
                if kept > 64, previous == kept { reused += 1 }
                previous = kept
            }
        }
        // And the memory held the complete words' scores for most keystrokes
        #expect(keystrokes > 500)
        #expect(reused * 2 > keystrokes)
    }

    @Test("one memory shared by two texts, or kept across a change to the index, still suggests as a search without it")
    func sharedAndStaleMemories() async throws {
        // Given one memory that two texts are typed with, in turns
        let f = try await Fixture.make()
        let (index, _, _, _, printer) = try await f.resolvedScene(
            title: "Reinstall the printer driver", steps: ["Open settings", "Remove the driver"])
        let memory = TypingMemory()
        for typed in ["printer dri", "wifi router dro", "printer driv", "wifi router drop"] {
            #expect(
                index.suggestions(for: typed, prefixLastTerm: true, viewer: nil, typing: memory).matches
                    == index.suggestions(for: typed, prefixLastTerm: true, viewer: nil).matches)
        }
        // When the solution is unpublished between two keystrokes
        let admin = try await f.admin()
        #expect(index.suggestions(for: "printer dri", prefixLastTerm: true, viewer: nil, typing: memory).matches.count == 1)
        _ = try await f.db.setSolutionPublished(id: printer.requiredID, false, by: admin)
        // Then the next keystroke no longer suggests it
        #expect(index.suggestions(for: "printer driv", prefixLastTerm: true, viewer: nil, typing: memory).matches.isEmpty)
    }

    @Test("the meaning pass of a typist finds exactly the nearest vectors of a full pass, as the text drifts", arguments: 0..<6)
    func meaningPassIsExact(seed: Int) {
        // Given a table of random vectors in four categories, some replaced and removed
        var random = SplitMix64(seed: UInt64(seed) &+ 77)
        func vector(_ dimensions: Int = 64) -> [Float] { (0..<dimensions).map { _ in Float.random(in: -1...1, using: &random) } }
        var table = VectorTable()
        for id in 0..<Int64(400 + seed * 100) {
            table.set(id, PackedVector(vector()), filter: ["a", "b", "c", "d"][Int(id % 4)])
        }
        for _ in 0..<40 { table.remove(Int64.random(in: 0..<400, using: &random)) }
        // When a typist's sum of token rows moves a row at a time, with jumps, and the table changes between keys
        var sum = vector()
        var prefix: NearestPrefix?
        var reused = 0
        for key in 0..<120 {
            let row = vector()
            for i in sum.indices { sum[i] += key % 25 == 24 ? row[i] * 8 : row[i] * 0.3 }
            if key == 60 { table.set(7, PackedVector(vector()), filter: "a") }
            let length = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let query = PackedQuery(sum.map { $0 / length })
            let k = [1, 5, 30][key % 3]
            let filter: String? = key % 4 == 0 ? "b" : nil
            let typed = table.nearest(query, sum: sum, k: k, filter: filter, reusing: prefix)
            let full = table.nearest(query, k: k, filter: filter)
            // Then the same ids with the same similarities, in the same order
            #expect(typed.nearest.map(\.id) == full.map(\.id), "seed \(seed) key \(key)")
            #expect(typed.nearest.map(\.similarity) == full.map(\.similarity), "seed \(seed) key \(key)")
            if let before = prefix, let after = typed.prefix, before.stamp == after.stamp, before.reference == after.reference {
                reused += 1
            }
            prefix = typed.prefix
        }
        // And most keys reused the figures of a key before
        #expect(reused > 60)
    }

    @Test("the memories of many clients stay within their count and byte bounds, the most recent kept")
    func memoriesAreBounded() async throws {
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        // Given at most 16 clients remembered
        let memories = TypingMemories(maximumClients: 16, maximumBytes: 1 << 16)
        for client in 0..<100 {
            memories.with("ip:10.0.0.\(client)") { memory in
                _ = index.suggestions(for: "student cannot see the assign", prefixLastTerm: true, viewer: nil, typing: memory)
            }
            // Then never more than that, and never more bytes than allowed
            #expect(memories.count <= 16)
            #expect(memories.byteCount <= 1 << 16)
        }
        // And the client that typed last is remembered, with what it typed
        let last = memories.with("ip:10.0.0.99") { $0.byteCount }
        #expect(last > 64)
        #expect(memories.count >= 4)
    }
}
