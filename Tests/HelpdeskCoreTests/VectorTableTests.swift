import Embeddings
import Foundation
import SearchEngine
import Testing

@testable import HelpdeskCore

/// The exact vector table that similar tickets, duplicate detection and solution meaning read: its answers over many
/// chunks, its slots reused, and a reader's copy untouched by the writer's changes (the catch-up changes its own copy
/// while requests read the one they took).
@Suite("Vector table")
struct VectorTableTests {
    /// A unit vector of `dimensions` seeded values.
    private static func vector(_ random: inout SplitMix64, dimensions: Int = 32) -> [Float] {
        let raw = (0..<dimensions).map { _ in Float.random(in: -1...1, using: &random) }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return raw.map { $0 / norm }
    }

    /// Every live entry scored one by one, best first, ties by id: what `nearest` must return.
    private static func bruteForce(
        _ entries: [Int64: (vector: PackedVector, filter: String?)], _ query: PackedQuery, k: Int, filter: String?
    ) -> [(id: Int64, similarity: Double)] {
        var all: [(id: Int64, similarity: Double)] = []
        for (id, entry) in entries where filter == nil || entry.filter == filter {
            var single = VectorTable()
            single.set(id, entry.vector, filter: entry.filter)
            all.append((id, single.similarity(query, id: id)!))
        }
        all.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.id < $1.id) }
        return Array(all.prefix(k))
    }

    @Test("across several chunks and pages, with changes, removals and reused slots, nearest is the exact top k")
    func exactAcrossChunks() {
        var random = SplitMix64(seed: 17)
        var table = VectorTable()
        var model: [Int64: (vector: PackedVector, filter: String?)] = [:]
        let buckets = ["open", "resolved", "closed"]
        // Ids in three ranges, so that pages are made far apart, negative ones included.
        let ids: [Int64] = Array(1...2_600) + Array(1_000_000...1_000_300) + Array(-40 ... -1)
        for id in ids {
            let vector = PackedVector(Self.vector(&random))
            let bucket = buckets[Int(random.next() % 3)]
            table.set(id, vector, filter: bucket)
            model[id] = (vector, bucket)
        }
        // A third changes its vector or bucket, a tenth leaves, then new ids take the freed slots.
        for id in ids where random.next() % 3 == 0 {
            let vector = PackedVector(Self.vector(&random))
            let bucket = buckets[Int(random.next() % 3)]
            table.set(id, vector, filter: bucket)
            model[id] = (vector, bucket)
        }
        for id in ids where random.next() % 10 == 0 {
            table.remove(id)
            model[id] = nil
        }
        for id in Int64(5_000)..<5_100 {
            let vector = PackedVector(Self.vector(&random))
            table.set(id, vector, filter: "open")
            model[id] = (vector, "open")
        }
        #expect(table.count == model.count)
        #expect(Dictionary(uniqueKeysWithValues: table.entries.map { ($0.id, $0.filter) }) == model.mapValues { $0.filter })
        #expect(table.entries.allSatisfy { model[$0.id]?.vector == $0.vector })
        for round in 0..<10 {
            let query = PackedQuery(Self.vector(&random))
            for filter in [nil, "open", "closed"] as [String?] {
                let got = table.nearest(query, k: 15, filter: filter)
                let want = Self.bruteForce(model, query, k: 15, filter: filter)
                #expect(got.map(\.id) == want.map(\.id), "round \(round), filter \(filter ?? "none")")
                #expect(zip(got, want).allSatisfy { $0.similarity == $1.similarity })
            }
        }
        // A removed id has no similarity, a kept one has its own.
        let removed = ids.first { model[$0] == nil }!
        #expect(table.similarity(PackedQuery(Self.vector(&random)), id: removed) == nil)
        #expect(table.nearest(PackedQuery(Self.vector(&random)), k: 5, filter: "no such bucket").isEmpty)
    }

    @Test("a reader's copy keeps its answers while the writer sets, moves and removes vectors in its own")
    func readerCopyUnchanged() {
        var random = SplitMix64(seed: 4)
        var writer = VectorTable()
        for id in Int64(1)...3_000 { writer.set(id, PackedVector(Self.vector(&random)), filter: "open") }
        let reader = writer
        let queryVector = Self.vector(&random)
        let query = PackedQuery(queryVector)
        let before = reader.nearest(query, k: 10, filter: "open")
        let entriesBefore = reader.entries
        // The writer moves the reader's best match to another bucket, removes the second, and adds a vector equal to
        // the query.
        writer.set(before[0].id, PackedVector(Self.vector(&random)), filter: "resolved")
        writer.remove(before[1].id)
        writer.set(9_999, PackedVector(queryVector), filter: "open")
        #expect(reader.nearest(query, k: 10, filter: "open").map(\.id) == before.map(\.id))
        #expect(reader.entries.map(\.id) == entriesBefore.map(\.id))
        #expect(reader.count == 3_000)
        let after = writer.nearest(query, k: 10, filter: "open")
        #expect(after.first?.id == 9_999)
        #expect(!after.contains { $0.id == before[0].id || $0.id == before[1].id })
        #expect(writer.count == 3_000)
    }
}
