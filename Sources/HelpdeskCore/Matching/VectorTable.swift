import CVectorKernels
import Embeddings

/// Vectors by id in contiguous int8 slots, each with a filter value (a ticket's status bucket, a solution's category),
/// for exact nearest-neighbour passes that read one array and look up no string: 256 bytes of values, a scale, an
/// id and a filter code per entry (freed slots are reused). Queries come quantised (`PackedQuery`), so a pass is
/// integer dot products (`care_dot_i16_i8`, vectorised for AVX2 when the processor has it).
struct VectorTable: Sendable {
    /// The values, `dimensions` per slot.
    private var values: [Int8] = []
    /// Each slot's scale (0 for a free slot).
    private var scales: [Float] = []
    /// Each slot's id.
    private var ids: [Int64] = []
    /// Each slot's filter code (`noFilter` for none).
    private var filters: [Int32] = []
    /// The slot of each id.
    private var slots: [Int64: Int] = [:]
    /// Slots freed by removals, reused first.
    private var free: [Int] = []
    /// The code of each filter value seen.
    private var filterCodes: [String: Int32] = [:]
    /// The length of every vector (0 until the first one).
    private(set) var dimensions = 0

    private static let noFilter: Int32 = -1

    /// An empty table.
    init() {}

    /// Number of ids with a vector.
    var count: Int { slots.count }

    /// Sets the vector and filter of `id` (a vector of another length than the table's is ignored).
    mutating func set(_ id: Int64, _ vector: PackedVector, filter: String?) {
        if dimensions == 0 { dimensions = vector.count }
        guard vector.count == dimensions, dimensions > 0 else { return }
        let slot: Int
        if let existing = slots[id] {
            slot = existing
        } else if let reused = free.popLast() {
            slot = reused
        } else {
            slot = ids.count
            ids.append(0)
            scales.append(0)
            filters.append(Self.noFilter)
            values.append(contentsOf: repeatElement(0, count: dimensions))
        }
        slots[id] = slot
        ids[slot] = id
        scales[slot] = vector.scale
        filters[slot] = code(filter)
        values.replaceSubrange(slot * dimensions..<(slot + 1) * dimensions, with: vector.values)
    }

    /// Removes `id`'s vector.
    mutating func remove(_ id: Int64) {
        guard let slot = slots.removeValue(forKey: id) else { return }
        scales[slot] = 0
        filters[slot] = Self.noFilter
        free.append(slot)
    }

    /// Every id's vector with its filter value, in slot order.
    var entries: [(id: Int64, vector: PackedVector, filter: String?)] {
        var names = [String](repeating: "", count: filterCodes.count)
        for (name, code) in filterCodes { names[Int(code)] = name }
        return ids.indices.compactMap { slot in
            guard slots[ids[slot]] == slot else { return nil }  // a freed slot, or one its id moved from
            let vector = PackedVector(values: Array(values[slot * dimensions..<(slot + 1) * dimensions]), scale: scales[slot])
            return (ids[slot], vector, filters[slot] == Self.noFilter ? nil : names[Int(filters[slot])])
        }
    }

    private mutating func code(_ filter: String?) -> Int32 {
        guard let filter else { return Self.noFilter }
        if let known = filterCodes[filter] { return known }
        let next = Int32(filterCodes.count)
        filterCodes[filter] = next
        return next
    }

    /// The cosine of `query` (a unit vector) with `id`'s vector; nil when it has none.
    func similarity(_ query: PackedQuery, id: Int64) -> Double? {
        guard let slot = slots[id], query.count == dimensions else { return nil }
        return query.values.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                Double(
                    Float(care_dot_i16_i8(q.baseAddress!, v.baseAddress! + slot * dimensions, dimensions))
                        * query.scale * scales[slot])
            }
        }
    }

    /// The `k` ids nearest `query` (a unit vector), of filter value `filter` when given, best first; ties by id.
    /// - Complexity: O(*n* × dimensions + *n* log *k*) for *n* entries: exact, every vector is read.
    func nearest(_ query: PackedQuery, k: Int, filter: String?) -> [(id: Int64, similarity: Double)] {
        guard k > 0, query.count == dimensions, dimensions > 0 else { return [] }
        let wanted: Int32?
        if let filter {
            guard let known = filterCodes[filter] else { return [] }
            wanted = known
        } else {
            wanted = nil
        }
        var best: [(id: Int64, similarity: Double)] = []
        best.reserveCapacity(k + 1)
        let queryScale = query.scale
        query.values.withUnsafeBufferPointer { q in
            values.withUnsafeBufferPointer { v in
                scales.withUnsafeBufferPointer { scales in
                    filters.withUnsafeBufferPointer { filters in
                        ids.withUnsafeBufferPointer { ids in
                            for slot in 0..<ids.count where scales[slot] != 0 && (wanted == nil || filters[slot] == wanted) {
                                let similarity = Double(
                                    Float(care_dot_i16_i8(q.baseAddress!, v.baseAddress! + slot * dimensions, dimensions))
                                        * queryScale * scales[slot])
                                let id = ids[slot]
                                if best.count == k, let last = best.last,
                                    !(similarity > last.similarity || (similarity == last.similarity && id < last.id))
                                {
                                    continue
                                }
                                let at =
                                    best.firstIndex { $0.similarity < similarity || ($0.similarity == similarity && $0.id > id) }
                                    ?? best.count
                                best.insert((id, similarity), at: at)
                                if best.count > k { best.removeLast() }
                            }
                        }
                    }
                }
            }
        }
        return best
    }
}
