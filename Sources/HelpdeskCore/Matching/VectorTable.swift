import CVectorKernels
import Embeddings

/// Vectors by id in contiguous int8 slots, each with a filter value (a ticket's status bucket, a solution's category),
/// for exact nearest-neighbour passes that read one array per chunk and look up no string: 256 bytes of values, a
/// scale, an id and a filter code per entry (freed slots are reused). Queries come quantised (`PackedQuery`), so a
/// pass is integer dot products (`care_dot_i16_i8`, vectorised for AVX2 when the processor has it).
///
/// The table is a value that readers copy out of the index while a catch-up changes its own copy. So that a change
/// does not copy every vector (at 100,000 tickets, filing one ticket copied 25 MB), the slots live in chunks of
/// `chunkSlots` and the id → slot map in pages of `pageIDs` ids: a change copies only the chunk and the page it touches
/// (plus the short arrays that list them) while a reader still holds the old table.
struct VectorTable: Sendable {
    /// Slots per chunk.
    static let chunkSlots = 1_024
    /// Ids per page of the slot map.
    static let pageIDs = 1_024

    /// `chunkSlots` slots (the last chunk may hold fewer).
    private struct Chunk: Sendable {
        /// The values, `dimensions` per slot.
        var values: [Int8] = []
        /// Each slot's scale (0 for a free slot).
        var scales: [Float] = []
        /// Each slot's id.
        var ids: [Int64] = []
        /// Each slot's filter code (`noFilter` for none).
        var filters: [Int32] = []
    }

    /// The slots, in order.
    private var chunks: [Chunk] = []
    /// The slot of each id, by page (`id` divided by `pageIDs`, rounded down); -1 for none.
    private var pages: [Int64: [Int32]] = [:]
    /// Number of ids with a slot.
    private(set) var count = 0
    /// Number of slots ever made (in use or free).
    private var slotCount = 0
    /// Slots freed by removals, reused first.
    private var free: [Int] = []
    /// The code of each filter value seen.
    private var filterCodes: [String: Int32] = [:]
    /// The length of every vector (0 until the first one).
    private(set) var dimensions = 0

    private static let noFilter: Int32 = -1

    /// An empty table.
    init() {}

    /// The page of `id` and its place in it.
    private static func page(of id: Int64) -> (page: Int64, offset: Int) {
        let size = Int64(pageIDs)
        let page = id >= 0 ? id / size : (id + 1) / size - 1  // rounded down, without overflow at Int64.min
        return (page, Int(id - page * size))
    }

    /// The slot of `id`, if it has one.
    private func slot(of id: Int64) -> Int? {
        let (page, offset) = Self.page(of: id)
        guard let entries = pages[page] else { return nil }
        let slot = entries[offset]
        return slot < 0 ? nil : Int(slot)
    }

    /// Records `slot` (or none) for `id`.
    private mutating func setSlot(_ slot: Int?, of id: Int64) {
        let (page, offset) = Self.page(of: id)
        if pages[page] == nil {
            guard slot != nil else { return }
            pages[page] = [Int32](repeating: -1, count: Self.pageIDs)
        }
        pages[page]![offset] = Int32(slot ?? -1)
        if slot == nil, pages[page]!.allSatisfy({ $0 < 0 }) { pages[page] = nil }
    }

    /// Sets the vector and filter of `id` (a vector of another length than the table's is ignored).
    mutating func set(_ id: Int64, _ vector: PackedVector, filter: String?) {
        if dimensions == 0 { dimensions = vector.count }
        guard vector.count == dimensions, dimensions > 0 else { return }
        let slot: Int
        if let existing = self.slot(of: id) {
            slot = existing
        } else {
            if let reused = free.popLast() {
                slot = reused
            } else {
                slot = slotCount
                slotCount += 1
                if slot % Self.chunkSlots == 0 { chunks.append(Chunk()) }
                let c = slot / Self.chunkSlots
                chunks[c].ids.append(0)
                chunks[c].scales.append(0)
                chunks[c].filters.append(Self.noFilter)
                chunks[c].values.append(contentsOf: repeatElement(0, count: dimensions))
            }
            setSlot(slot, of: id)
            count += 1
        }
        let filterCode = code(filter)
        let (c, s) = slot.quotientAndRemainder(dividingBy: Self.chunkSlots)
        chunks[c].ids[s] = id
        chunks[c].scales[s] = vector.scale
        chunks[c].filters[s] = filterCode
        chunks[c].values.replaceSubrange(s * dimensions..<(s + 1) * dimensions, with: vector.values)
    }

    /// Removes `id`'s vector.
    mutating func remove(_ id: Int64) {
        guard let slot = slot(of: id) else { return }
        setSlot(nil, of: id)
        count -= 1
        let (c, s) = slot.quotientAndRemainder(dividingBy: Self.chunkSlots)
        chunks[c].scales[s] = 0
        chunks[c].filters[s] = Self.noFilter
        free.append(slot)
    }

    /// Every id's vector with its filter value, in slot order.
    var entries: [(id: Int64, vector: PackedVector, filter: String?)] {
        var names = [String](repeating: "", count: filterCodes.count)
        for (name, code) in filterCodes { names[Int(code)] = name }
        var result: [(id: Int64, vector: PackedVector, filter: String?)] = []
        result.reserveCapacity(count)
        for (c, chunk) in chunks.enumerated() {
            for s in chunk.ids.indices {
                // A freed slot, or one its id moved from.
                guard slot(of: chunk.ids[s]) == c * Self.chunkSlots + s else { continue }
                let vector = PackedVector(values: Array(chunk.values[s * dimensions..<(s + 1) * dimensions]), scale: chunk.scales[s])
                result.append((chunk.ids[s], vector, chunk.filters[s] == Self.noFilter ? nil : names[Int(chunk.filters[s])]))
            }
        }
        return result
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
        guard let slot = slot(of: id), query.count == dimensions else { return nil }
        let (c, s) = slot.quotientAndRemainder(dividingBy: Self.chunkSlots)
        let chunk = chunks[c]
        return query.values.withUnsafeBufferPointer { q in
            chunk.values.withUnsafeBufferPointer { v in
                Double(
                    Float(care_dot_i16_i8(q.baseAddress!, v.baseAddress! + s * dimensions, dimensions))
                        * query.scale * chunk.scales[s])
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
        let dimensions = self.dimensions
        query.values.withUnsafeBufferPointer { q in
            for chunk in chunks {
                chunk.values.withUnsafeBufferPointer { v in
                    chunk.scales.withUnsafeBufferPointer { scales in
                        chunk.filters.withUnsafeBufferPointer { filters in
                            chunk.ids.withUnsafeBufferPointer { ids in
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
        }
        return best
    }
}
