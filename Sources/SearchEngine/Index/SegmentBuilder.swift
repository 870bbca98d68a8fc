/// Builds one segment from documents in memory: analyses each field, accumulates weighted term
/// frequencies per document, and keeps each term's postings as variable-length gaps until `build()`
/// sorts the dictionary and block-encodes them.
struct SegmentBuilder {
    private let analyzer: Analyzer
    private let fieldUnits: [UInt32]

    // Term hash table over an arena of term bytes.
    private var termBytes: [UInt8] = []
    private var termStart: [UInt32] = []
    private var termLength: [UInt16] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 12)
    private var slotMask = (1 << 12) - 1

    // Per-term postings as varint (gap, units) pairs, and the last document added to each.
    private var postings: [[UInt8]] = []
    private var lastDoc: [UInt32] = []

    // Per-document accumulation.
    private var docUnits: [UInt32] = []
    private var touched: [Int32] = []

    private var ids: [String] = []
    private var docLength: [Float] = []
    private var inverseNorm: [Float] = []
    private var docFilter: [UInt32] = []
    private var filterValues: [String] = []
    private var filterIndex: [String: UInt32] = [:]

    /// - Parameters:
    ///   - analyzer: turns field text into terms.
    ///   - fieldWeights: weight of each field, in the order `add` receives field texts.
    init(analyzer: Analyzer, fieldWeights: [Double]) {
        self.analyzer = analyzer
        self.fieldUnits = fieldWeights.map(FieldWeights.units)
    }

    /// Number of documents added.
    var count: Int { ids.count }

    @inline(__always) private func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The id of `term`, adding it when new.
    private mutating func termID(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var s = hash(term) & slotMask
        while true {
            let id = slots[s]
            if id < 0 { break }
            let start = Int(termStart[Int(id)])
            let length = Int(termLength[Int(id)])
            if length == term.count {
                let same = termBytes.withUnsafeBufferPointer { arena in
                    memoryEqual(arena.baseAddress! + start, term.baseAddress!, length)
                }
                if same { return Int(id) }
            }
            s = (s + 1) & slotMask
        }
        let id = termStart.count
        slots[s] = Int32(id)
        termStart.append(UInt32(termBytes.count))
        termLength.append(UInt16(term.count))
        termBytes.append(contentsOf: term)
        postings.append([])
        lastDoc.append(0)
        docUnits.append(0)
        if termStart.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        termBytes.withUnsafeBufferPointer { arena in
            for id in 0..<termStart.count {
                let t = UnsafeBufferPointer(rebasing: arena[Int(termStart[id])..<(Int(termStart[id]) + Int(termLength[id]))])
                var s = hash(t) & mask
                while newSlots[s] >= 0 { s = (s + 1) & mask }
                newSlots[s] = Int32(id)
            }
        }
        slots = newSlots
        slotMask = mask
    }

    /// Adds a document.
    /// - Parameters:
    ///   - id: external id.
    ///   - fields: text of each field, in the order of the weights given at `init` (missing ones empty).
    ///   - filter: the optional filter value.
    mutating func add(id: String, fields: [String], filter: String?) {
        let doc = UInt32(ids.count)
        var length: UInt32 = 0
        for (f, text) in fields.enumerated() where f < fieldUnits.count && fieldUnits[f] > 0 && !text.isEmpty {
            let units = fieldUnits[f]
            analyzer.forEachTerm(in: text) { term in
                let t = termID(term)
                if docUnits[t] == 0 { touched.append(Int32(t)) }
                docUnits[t] &+= units
                length &+= units
            }
        }
        var sumSquares = 0.0
        for t32 in touched {
            let t = Int(t32)
            let units = docUnits[t]
            docUnits[t] = 0
            let l = Double(LogTFTable.value(units))
            sumSquares += l * l
            let gap = postings[t].isEmpty ? doc : doc - lastDoc[t]
            lastDoc[t] = doc
            Self.appendVarint(gap, to: &postings[t])
            Self.appendVarint(units, to: &postings[t])
        }
        touched.removeAll(keepingCapacity: true)
        ids.append(id)
        docLength.append(Float(length) * FieldWeights.unitScale)
        inverseNorm.append(sumSquares > 0 ? Float(1 / sumSquares.squareRoot()) : 0)
        if let filter {
            if let ordinal = filterIndex[filter] {
                docFilter.append(ordinal)
            } else {
                filterValues.append(filter)
                let ordinal = UInt32(filterValues.count)
                filterIndex[filter] = ordinal
                docFilter.append(ordinal)
            }
        } else {
            docFilter.append(0)
        }
    }

    @inline(__always) private static func appendVarint(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Sorts the dictionary and encodes the postings into a segment.
    /// - Complexity: O(P + T log T) for P postings and T terms.
    func build() -> Segment {
        let order: [Int] = termBytes.withUnsafeBufferPointer { arena in
            func term(_ id: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: arena[Int(termStart[id])..<(Int(termStart[id]) + Int(termLength[id]))])
            }
            return (0..<termStart.count).sorted { lexicographicallyPrecedes(term($0), term($1)) }
        }
        var writer = PostingsWriter(docLength: docLength, inverseNorm: inverseNorm)
        var terms: [[UInt8]] = []
        terms.reserveCapacity(order.count)
        var docs: [UInt32] = []
        var tfs: [UInt32] = []
        for id in order {
            let start = Int(termStart[id])
            terms.append(Array(termBytes[start..<(start + Int(termLength[id]))]))
            docs.removeAll(keepingCapacity: true)
            tfs.removeAll(keepingCapacity: true)
            postings[id].withUnsafeBufferPointer { p in
                var i = 0
                var doc: UInt32 = 0
                while i < p.count {
                    var gap: UInt32 = 0
                    var shift: UInt32 = 0
                    while true {
                        let b = p[i]; i += 1
                        gap |= UInt32(b & 0x7F) << shift
                        if b < 0x80 { break }
                        shift += 7
                    }
                    var units: UInt32 = 0
                    shift = 0
                    while true {
                        let b = p[i]; i += 1
                        units |= UInt32(b & 0x7F) << shift
                        if b < 0x80 { break }
                        shift += 7
                    }
                    doc = docs.isEmpty ? gap : doc + gap
                    docs.append(doc)
                    tfs.append(units)
                }
            }
            docs.withUnsafeBufferPointer { d in tfs.withUnsafeBufferPointer { f in writer.addTerm(docs: d, tfs: f) } }
        }
        return Segment(
            ids: ids, docLength: docLength, inverseNorm: inverseNorm, docFilter: docFilter,
            filterValues: filterValues, terms: terms, postings: writer)
    }
}

/// Byte equality of two buffers of `count` bytes.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
