import Embeddings
import SearchEngine

/// What each ticket's complaint means (its subject and description embedded), one byte per dimension, beside the
/// tickets index and derived from the same index changes: a catch-up, a rebuild or a load applies them to both, so a
/// ticket is matched by meaning exactly while its words are indexed (a merged ticket leaves both).
///
/// Kept contiguously (one slot per ticket, freed slots reused) so that an exact nearest-neighbour pass reads one
/// array: 256 bytes of values, a scale and a bucket per ticket, plus the id map (about 0.3 KiB per ticket).
struct TicketVectors: Sendable {
    /// The vectors' values, `dimensions` per slot.
    private var values: [Int8] = []
    /// Each slot's scale (0 for a free slot: it matches nothing).
    private var scales: [Float] = []
    /// Each slot's ticket id.
    private var ids: [Int64] = []
    /// Each slot's status bucket (`"open"`, `"resolved"`: the tickets index's filter).
    private var buckets: [String?] = []
    /// The slot of each ticket.
    private var slots: [Int64: Int] = [:]
    /// Slots freed by deletes, reused first.
    private var free: [Int] = []
    /// The length of every vector (0 until the first one).
    private(set) var dimensions = 0

    /// No vectors.
    init() {}

    /// The vectors of the tickets upserted by `changes` (none without a model).
    init(_ changes: [IndexChange], embeddings: StaticEmbeddingModel?) {
        apply(changes, embeddings: embeddings)
    }

    /// Number of tickets with a vector.
    var count: Int { slots.count }

    /// The text a ticket's vector is made from: its subject, then its description (what a new complaint is compared
    /// with).
    static func text(_ document: Document) -> String {
        (document.fields["subject"] ?? "") + "\n" + (document.fields["description"] ?? "")
    }

    /// Applies tickets-index changes: an upsert embeds the ticket again (its bucket may have changed), a delete frees
    /// its slot.
    mutating func apply(_ changes: [IndexChange], embeddings: StaticEmbeddingModel?) {
        guard let embeddings else { return }
        for change in changes {
            switch change {
            case .upsert(let document):
                guard let id = Int64(document.id) else { continue }
                store(id, PackedVector(embeddings.embed(Self.text(document))), bucket: document.filter)
            case .delete(let documentId):
                guard let id = Int64(documentId), let slot = slots.removeValue(forKey: id) else { continue }
                scales[slot] = 0
                buckets[slot] = nil
                free.append(slot)
            }
        }
    }

    private mutating func store(_ id: Int64, _ vector: PackedVector, bucket: String?) {
        if dimensions == 0 { dimensions = vector.count }
        guard vector.count == dimensions else { return }
        let slot: Int
        if let existing = slots[id] {
            slot = existing
        } else if let reused = free.popLast() {
            slot = reused
        } else {
            slot = ids.count
            ids.append(0)
            scales.append(0)
            buckets.append(nil)
            values.append(contentsOf: repeatElement(0, count: dimensions))
        }
        slots[id] = slot
        ids[slot] = id
        scales[slot] = vector.scale
        buckets[slot] = bucket
        values.replaceSubrange(slot * dimensions..<(slot + 1) * dimensions, with: vector.values)
    }

    /// The cosine of `query` (a unit vector) with ticket `id`'s vector; nil when it has none.
    func similarity(_ query: [Float], id: Int64) -> Double? {
        guard let slot = slots[id], query.count == dimensions else { return nil }
        return Double(dot(query, slot: slot))
    }

    /// The `k` tickets nearest `query` (a unit vector), of `bucket` when given, best first; ties by id.
    /// - Complexity: O(*n* × dimensions + *n* log *k*) for *n* tickets: exact, every vector is read.
    func nearest(_ query: [Float], k: Int, bucket: String?) -> [(id: Int64, similarity: Double)] {
        guard k > 0, query.count == dimensions, dimensions > 0 else { return [] }
        var best: [(id: Int64, similarity: Double)] = []
        best.reserveCapacity(k + 1)
        for slot in ids.indices where scales[slot] != 0 && (bucket == nil || buckets[slot] == bucket) {
            let similarity = Double(dot(query, slot: slot))
            let entry = (id: ids[slot], similarity: similarity)
            if best.count == k, let last = best.last,
                !(similarity > last.similarity || (similarity == last.similarity && entry.id < last.id))
            {
                continue
            }
            let at = best.firstIndex { $0.similarity < similarity || ($0.similarity == similarity && $0.id > entry.id) } ?? best.count
            best.insert(entry, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    private func dot(_ query: [Float], slot: Int) -> Float {
        query.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                let base = UnsafeRawPointer(v.baseAddress! + slot * dimensions)
                let rq = UnsafeRawPointer(q.baseAddress!)
                var sum = SIMD16<Float>()
                var i = 0
                while i + 16 <= dimensions {
                    sum += rq.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                        * SIMD16<Float>(base.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self))
                    i += 16
                }
                var total = sum.sum()
                while i < dimensions {
                    total += q[i] * Float(v[slot * dimensions + i])
                    i += 1
                }
                return total * scales[slot]
            }
        }
    }
}
