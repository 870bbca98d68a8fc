import Testing

@testable import Embeddings

/// Seeded clustered unit vectors: `clusters` random centres, each vector a centre plus noise of weight `noise`,
/// normalised and packed; filter code `id % 3` (0 for about a third, like "resolved").
struct ClusteredVectors {
    let dimensions: Int
    var vectors: [(id: Int64, vector: PackedVector, filter: Int32)] = []

    init(count: Int, clusters: Int, dimensions: Int = 64, noise: Float = 0.6, seed: UInt64) {
        self.dimensions = dimensions
        var generator = SplitMix64(seed: seed)
        let centres = (0..<clusters).map { _ in Self.random(dimensions, using: &generator) }
        for i in 0..<count {
            let centre = centres[Int(generator.next() % UInt64(clusters))]
            let jitter = Self.random(dimensions, using: &generator)
            var v = zip(centre, jitter).map { $0 + noise * $1 }
            VectorMath.normalize(&v)
            vectors.append((Int64(i + 1), PackedVector(v), Int32(i % 3)))
        }
    }

    /// A random unit vector.
    static func random(_ dimensions: Int, using generator: inout SplitMix64) -> [Float] {
        var v = (0..<dimensions).map { _ in Float.random(in: -1...1, using: &generator) }
        VectorMath.normalize(&v)
        return v
    }

    /// A query near a random one of the vectors.
    func query(_ i: Int) -> PackedQuery {
        var generator = SplitMix64(seed: UInt64(1000 + i))
        let base = vectors[Int(generator.next() % UInt64(vectors.count))].vector.unpacked
        var v = zip(base, Self.random(dimensions, using: &generator)).map { $0 + 0.3 * $1 }
        VectorMath.normalize(&v)
        return PackedQuery(v)
    }

    /// The index of all vectors.
    func index() -> InvertedFileIndex {
        var index = InvertedFileIndex(dimensions: dimensions)
        for entry in vectors { index.set(entry.id, entry.vector, filter: entry.filter) }
        return index
    }
}

/// Every vector scored as the exact table scores it (`VectorTable.nearest` in HelpdeskCore), best first, ties by id.
func exactNearest(
    _ entries: [(id: Int64, vector: PackedVector, filter: Int32)], _ query: PackedQuery, k: Int, filter: Int32? = nil
) -> [(id: Int64, similarity: Double)] {
    let scored = entries.filter { filter == nil || $0.filter == filter }.map { entry in
        let dot = query.values.withUnsafeBufferPointer { q in
            entry.vector.values.withUnsafeBufferPointer { v in PackedVector.dot(q.baseAddress!, v.baseAddress!, count: v.count) }
        }
        return (id: entry.id, similarity: Double(Float(dot) * query.scale * entry.vector.scale))
    }
    return Array(scored.sorted { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.id < $1.id) }.prefix(k))
}

@Suite("Inverted file index")
struct InvertedFileIndexTests {
    @Test("probing every list gives the exact answer, with and without a filter, trained or not", arguments: [1, 2, 3] as [UInt64])
    func allListsAreExact(seed: UInt64) {
        let data = ClusteredVectors(count: 1500, clusters: 20, seed: seed)
        var index = data.index()
        for trained in [false, true] {
            if trained { index.train(lists: 24, seed: seed) }
            #expect(index.isTrained == trained && index.listCount == (trained ? 24 : 1) && index.count == 1500)
            for i in 0..<30 {
                let query = data.query(i)
                for filter in [nil, 0, 2] as [Int32?] {
                    let got = index.nearest(query, k: 10, probes: index.listCount, filter: filter)
                    let expected = exactNearest(data.vectors, query, k: 10, filter: filter)
                    #expect(got.map(\.id) == expected.map(\.id) && got.map(\.similarity) == expected.map(\.similarity))
                }
            }
        }
    }

    @Test("vectors set after training are found, removed ones are not, and a moved entry stays findable")
    func setAndRemoveAfterTraining() {
        let data = ClusteredVectors(count: 1000, clusters: 10, seed: 7)
        var index = data.index()
        index.train(lists: 16, seed: 7)
        // New vectors: each is its own nearest neighbour, even reading two lists only.
        let added = ClusteredVectors(count: 50, clusters: 5, seed: 8).vectors.map {
            (id: $0.id + 10_000, vector: $0.vector, filter: $0.filter)
        }
        for entry in added { index.set(entry.id, entry.vector, filter: entry.filter) }
        #expect(index.count == 1050)
        for entry in added {
            let query = PackedQuery(entry.vector.unpacked)
            #expect(index.nearest(query, k: 1, probes: 2).first?.id == entry.id || tiedAtTop(index, query, entry.id))
        }
        // Removal: gone from every answer, also with all lists read; the others stay.
        let removed = Set(data.vectors.prefix(300).map(\.id)).union(added.prefix(25).map(\.id))
        for id in removed { index.remove(id) }
        #expect(index.count == 1050 - removed.count && index.listSizes.reduce(0, +) == index.count)
        let kept = (data.vectors + added).filter { !removed.contains($0.id) }
        for entry in kept.prefix(200) {
            #expect(index.contains(entry.id))
            let query = PackedQuery(entry.vector.unpacked)
            let got = index.nearest(query, k: 10, probes: index.listCount)
            #expect(got.allSatisfy { !removed.contains($0.id) })
            #expect(got.map(\.id) == exactNearest(kept, query, k: 10).map(\.id))
        }
        // Setting an id again replaces its vector and filter.
        let moved = kept[0]
        index.set(moved.id, added[30].vector, filter: 1)
        #expect(index.count == 1050 - removed.count)
        let again = index.nearest(PackedQuery(added[30].vector.unpacked), k: 2, probes: index.listCount, filter: 1)
        #expect(again.contains { $0.id == moved.id })
        index.remove(moved.id)
        index.remove(moved.id)
        #expect(!index.contains(moved.id) && index.count == 1049 - removed.count)
    }

    /// Whether `id` shares the top similarity (an equal vector elsewhere may sort first by id).
    func tiedAtTop(_ index: InvertedFileIndex, _ query: PackedQuery, _ id: Int64) -> Bool {
        let top = index.nearest(query, k: 5, probes: index.listCount)
        guard let best = top.first?.similarity else { return false }
        return top.contains { $0.id == id && $0.similarity == best }
    }

    @Test("a filter is respected at every probe count")
    func filterRespected() {
        let data = ClusteredVectors(count: 1200, clusters: 12, seed: 11)
        var index = data.index()
        index.train(lists: 20, seed: 11)
        let filters = Dictionary(uniqueKeysWithValues: data.vectors.map { ($0.id, $0.filter) })
        for probes in [1, 3, 20] {
            for i in 0..<20 {
                let got = index.nearest(data.query(i), k: 10, probes: probes, filter: 1)
                #expect(!got.isEmpty && got.allSatisfy { filters[$0.id] == 1 })
            }
        }
        #expect(index.nearest(data.query(0), k: 10, probes: 20, filter: 9).isEmpty)
    }

    @Test("recall@10 on a clustered set is at least 0.93 when reading 8 of 32 lists, and grows with the lists read")
    func recallFloor() {
        // Noise of 1.5 against unit centres: the clusters overlap, so one list is not enough (about 0.8).
        let data = ClusteredVectors(count: 4000, clusters: 40, noise: 1.5, seed: 21)
        var index = data.index()
        index.train(lists: 32, seed: 21)
        func recall(probes: Int) -> Double {
            var hits = 0
            for i in 0..<100 {
                let query = data.query(i)
                let got = Set(index.nearest(query, k: 10, probes: probes).map(\.id))
                hits += exactNearest(data.vectors, query, k: 10).filter { got.contains($0.id) }.count
            }
            return Double(hits) / 1000
        }
        let one = recall(probes: 1)
        let eight = recall(probes: 8)
        #expect(eight >= 0.93, "recall@10 \(eight) reading 8 lists")
        #expect(one < eight, "recall@10 \(one) reading 1 list, \(eight) reading 8")
    }

    @Test("training is deterministic for a seed; too few vectors or lists leave one list; odd inputs are ignored")
    func trainingEdges() {
        let data = ClusteredVectors(count: 500, clusters: 8, seed: 3)
        var a = data.index()
        var b = data.index()
        a.train(lists: 10, seed: 5)
        b.train(lists: 10, seed: 5)
        #expect(a.listSizes == b.listSizes && a.centroids == b.centroids)
        a.train(lists: 1)
        #expect(!a.isTrained && a.listCount == 1 && a.count == 500)
        var small = InvertedFileIndex(dimensions: 64)
        small.set(1, data.vectors[0].vector)
        small.train(lists: 8)
        #expect(small.listCount == 1 && small.nearest(PackedQuery(data.vectors[0].vector.unpacked), k: 3, probes: 8).map(\.id) == [1])
        small.set(2, PackedVector([Float](repeating: 0, count: 64)))
        small.set(3, PackedVector([1, 0, 0]))
        #expect(small.count == 1)
        #expect(small.nearest(PackedQuery([1, 0, 0]), k: 3, probes: 1).isEmpty)
        #expect(small.nearest(PackedQuery(data.vectors[0].vector.unpacked), k: 0, probes: 1).isEmpty)
    }

    @Test("the shipped model's vectors: a paraphrase's own ticket is found reading a few lists")
    func shippedModel() {
        let texts = [
            "I forgot my password and cannot sign in", "Router keeps dropping Wi-Fi", "My parcel was marked delivered but never came",
            "Refund not received after return", "The invoice shows the wrong VAT number", "App crashes when I open the camera",
            "Two-factor code never arrives by text message", "Cancel my subscription please", "Change the delivery address of my order",
            "Printer says offline although it is connected",
        ]
        var index = InvertedFileIndex(dimensions: Shipped.model.dimensions)
        for (i, text) in texts.enumerated() { index.set(Int64(i + 1), PackedVector(Shipped.model.embed(text))) }
        index.train(lists: 3, seed: 1)
        let query = PackedQuery(Shipped.model.embed("Reset a forgotten password, I cannot log in"))
        #expect(index.nearest(query, k: 1, probes: 3).first?.id == 1)
    }
}
