/// Builds one segment from documents in memory: analyses each field, accumulates weighted term
/// frequencies per document, and keeps the postings in arrival order until `build()` sorts the
/// dictionary, groups the postings by term and block-encodes them.
struct SegmentBuilder {
    private let analyzer: Analyzer
    private let fieldUnits: [UInt32]

    // Term hash table over an arena of term bytes.
    private var termBytes: [UInt8] = []
    private var termStart: [UInt32] = []
    private var termLength: [UInt16] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 12)
    private var slotMask = (1 << 12) - 1

    // Raw token → term id (-1 for a stop word), so that each distinct token is stemmed and looked up
    // once per segment instead of once per occurrence. Tokens of up to 16 bytes are stored in the slot
    // itself, so a lookup touches one cache line.
    private var tokenSlots: [TokenSlot] = [TokenSlot](repeating: TokenSlot(), count: 1 << 12)
    private var tokenMask = (1 << 12) - 1
    private var tokenCount = 0
    private var longTokens: [[UInt8]] = []

    // Postings in arrival order (document order), as parallel arrays; `build` groups them by term with
    // a counting sort, which streams through memory instead of chasing one growing array per term.
    private var postingTerm: [UInt32] = []
    private var postingDoc: [UInt32] = []
    private var postingUnits: [UInt32] = []

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

    /// The id of `term`, adding it when new.
    private mutating func termID(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var s = TermDictionary.hash(term) & slotMask
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
                var s = TermDictionary.hash(t) & mask
                while newSlots[s] >= 0 { s = (s + 1) & mask }
                newSlots[s] = Int32(id)
            }
        }
        slots = newSlots
        slotMask = mask
    }

    /// The term id of a raw token, or -1 for a stop word.
    @inline(__always)
    private mutating func termID(forToken token: inout [UInt8], lettersOnly: Bool) -> Int {
        let key = token.withUnsafeBufferPointer { TokenSlot.key($0) }
        var s = Int(truncatingIfNeeded: key.hash) & tokenMask
        while true {
            let slot = tokenSlots[s]
            if slot.length == 0 { break }
            if slot.a == key.a && slot.b == key.b && slot.length == key.length {
                if key.length <= 16 { return Int(slot.term) }
                if longTokens[Int(slot.long)] == token { return Int(slot.term) }
            }
            s = (s + 1) & tokenMask
        }
        var slot = TokenSlot(a: key.a, b: key.b, length: key.length, term: -1, long: 0)
        if key.length > 16 {
            slot.long = UInt32(longTokens.count)
            longTokens.append(token)
        }
        if analyzer.term(for: &token, lettersOnly: lettersOnly) {
            slot.term = Int32(token.withUnsafeBufferPointer { termID($0) })
        }
        tokenSlots[s] = slot
        tokenCount += 1
        if tokenCount * 2 > tokenSlots.count { growTokens() }
        return Int(slot.term)
    }

    private mutating func growTokens() {
        let capacity = tokenSlots.count * 2
        var newSlots = [TokenSlot](repeating: TokenSlot(), count: capacity)
        let mask = capacity - 1
        for slot in tokenSlots where slot.length != 0 {
            var s = Int(truncatingIfNeeded: TokenSlot.mix(slot.a, slot.b, slot.length)) & mask
            while newSlots[s].length != 0 { s = (s + 1) & mask }
            newSlots[s] = slot
        }
        tokenSlots = newSlots
        tokenMask = mask
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
            analyzer.forEachToken(in: text) { token, lettersOnly in
                let t = termID(forToken: &token, lettersOnly: lettersOnly)
                if t < 0 { return }
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
            postingTerm.append(UInt32(t))
            postingDoc.append(doc)
            postingUnits.append(units)
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

    /// Sorts the dictionary and encodes the postings into a segment.
    /// - Complexity: O(P + T log T) for P postings and T terms.
    func build() -> Segment {
        let order: [Int] = termBytes.withUnsafeBufferPointer { arena in
            func term(_ id: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: arena[Int(termStart[id])..<(Int(termStart[id]) + Int(termLength[id]))])
            }
            return (0..<termStart.count).sorted { lexicographicallyPrecedes(term($0), term($1)) }
        }
        // Group postings by term: counting sort on the term id, stable, so documents stay in order.
        let termCount = termStart.count
        var offset = [Int](repeating: 0, count: termCount + 1)
        for t in postingTerm { offset[Int(t) + 1] += 1 }
        for t in 0..<termCount { offset[t + 1] += offset[t] }
        var docs = [UInt32](repeating: 0, count: postingTerm.count)
        var tfs = [UInt32](repeating: 0, count: postingTerm.count)
        var next = offset
        for i in postingTerm.indices {
            let t = Int(postingTerm[i])
            docs[next[t]] = postingDoc[i]
            tfs[next[t]] = postingUnits[i]
            next[t] += 1
        }
        var writer = PostingsWriter(docLength: docLength, inverseNorm: inverseNorm)
        var terms: [[UInt8]] = []
        terms.reserveCapacity(order.count)
        docs.withUnsafeBufferPointer { d in
            tfs.withUnsafeBufferPointer { f in
                for id in order {
                    let start = Int(termStart[id])
                    terms.append(Array(termBytes[start..<(start + Int(termLength[id]))]))
                    let range = offset[id]..<offset[id + 1]
                    writer.addTerm(docs: UnsafeBufferPointer(rebasing: d[range]), tfs: UnsafeBufferPointer(rebasing: f[range]))
                }
            }
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

/// One entry of the builder's token table: the token's first 16 bytes, its length and its term.
struct TokenSlot {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var length: UInt32 = 0
    var term: Int32 = -1
    var long: UInt32 = 0  // index into the long-token list when length > 16

    /// The first 16 bytes (zero-padded), the length, and a hash of those (longer tokens that share
    /// their first 16 bytes probe on and are told apart by their full bytes).
    @inline(__always)
    static func key(_ token: UnsafeBufferPointer<UInt8>) -> (a: UInt64, b: UInt64, length: UInt32, hash: UInt64) {
        var a: UInt64 = 0
        var b: UInt64 = 0
        let n = token.count
        for i in 0..<min(n, 8) { a |= UInt64(token[i]) << UInt64(8 * i) }
        if n > 8 { for i in 8..<min(n, 16) { b |= UInt64(token[i]) << UInt64(8 * (i - 8)) } }
        return (a, b, UInt32(n), mix(a, b, UInt32(n)))
    }

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64, _ length: UInt32) -> UInt64 {
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }
}
