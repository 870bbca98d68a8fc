/// Builds one segment from documents in memory: analyses each field, accumulates weighted term
/// frequencies per document, and keeps the postings in arrival order until `build()` sorts the
/// dictionary, groups the postings by term and block-encodes them.
struct SegmentBuilder {
    private let analyzer: Analyzer
    private let fieldUnits: [UInt32]
    private let logTF = LogTFTable.table

    // Term hash table over an arena of term bytes.
    private var termBytes: [UInt8] = []
    private var termStart: [UInt32] = []
    private var termLength: [UInt16] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 12)
    private var slotMask = (1 << 12) - 1

    // Raw token → term id (-1 for a stop word), so that each distinct token is stemmed and looked up
    // once per segment instead of once per occurrence. Two open-addressing tables: a small hot one,
    // which takes the first `hotCapacity` short tokens seen (the frequent words of a language come
    // early) and stays in the processor's cache, and a cold one for the rest. A lookup that misses the
    // cache costs as much as tokenizing a whole sentence, and word frequencies are skewed enough that
    // most lookups end in the hot table. The cold table holds 8 bytes a slot (32 bits of the hash,
    // entry number + 1); its entries keep tokens of up to 16 bytes inline.
    // The hot table is sized for the documents expected (about 64 new tokens a document, at most
    // 8,192 tokens in 384 KiB), so that a live update of one document does not clear the whole of it.
    private static let maximumHotCapacity = 8192
    private let hotCapacity: Int
    private let hotMask: Int
    private var hotSlots: [HotToken]
    private var hotCount = 0
    private var tokenSlots: [UInt64] = [UInt64](repeating: 0, count: 1 << 12)
    private var tokenMask = (1 << 12) - 1
    private var tokenEntries: [TokenSlot] = []
    private var longTokens: [[UInt8]] = []

    // Postings in arrival order (document order), as parallel arrays; `build` groups them by term with
    // a counting sort, which streams through memory instead of chasing one growing array per term.
    private var postingTerm: [UInt32] = []
    private var postingDoc: [UInt32] = []
    private var postingUnits: [UInt32] = []

    // Per-document accumulation.
    private var docUnits: [UInt32] = []
    private var touched: [Int32] = []
    private var fieldTerms: [Int32] = []

    private var ids: [String] = []
    private var docLength: [Float] = []
    private var inverseNorm: [Float] = []
    private var docFilter: [UInt32] = []
    private var filterValues: [String] = []
    private var filterIndex: [String: UInt32] = [:]

    /// - Parameters:
    ///   - analyzer: turns field text into terms.
    ///   - fieldWeights: weight of each field, in the order `add` receives field texts.
    ///   - expectedDocuments: about how many documents will be added (sizes the hot token table).
    init(analyzer: Analyzer, fieldWeights: [Double], expectedDocuments: Int) {
        self.analyzer = analyzer
        self.fieldUnits = fieldWeights.map(FieldWeights.units)
        var capacity = 64
        while capacity < Self.maximumHotCapacity && capacity < expectedDocuments * 64 { capacity *= 2 }
        hotCapacity = capacity
        hotMask = 2 * capacity - 1
        hotSlots = [HotToken](repeating: HotToken(), count: 2 * capacity)
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
    /// - Precondition: 16 bytes are readable from the token's start (the tokenizer's buffer has room).
    @inline(__always)
    private mutating func termID(forToken token: UnsafeBufferPointer<UInt8>, lettersOnly: Bool) -> Int {
        let key = TokenSlot.paddedKey(token)
        if key.length <= 16 {
            // The hot table first: until it is full it holds every short token seen.
            var h = Int(truncatingIfNeeded: key.hash) & hotMask
            while true {
                let slot = hotSlots[h]
                if slot.length == 0 { break }
                if slot.a == key.a && slot.b == key.b && slot.length == key.length { return Int(slot.term) }
                h = (h + 1) & hotMask
            }
            if hotCount < hotCapacity {
                var bytes = Array(token)
                let term = analyzer.term(for: &bytes, lettersOnly: lettersOnly)
                    ? Int32(bytes.withUnsafeBufferPointer { termID($0) }) : -1
                hotSlots[h] = HotToken(a: key.a, b: key.b, length: key.length, term: term)
                hotCount += 1
                return Int(term)
            }
        }
        let tag = key.hash >> 32
        var s = Int(truncatingIfNeeded: key.hash) & tokenMask
        while true {
            let slot = tokenSlots[s]
            if slot == 0 { break }
            if slot >> 32 == tag {
                let entry = tokenEntries[Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1]
                if entry.a == key.a && entry.b == key.b && entry.length == key.length {
                    if key.length <= 16 || longTokens[Int(entry.long)].elementsEqual(token) { return Int(entry.term) }
                }
            }
            s = (s + 1) & tokenMask
        }
        var bytes = Array(token)
        return addToken(key.a, key.b, length: key.length, tag: tag, slot: s, bytes: &bytes, lettersOnly: lettersOnly)
    }

    /// Enters a token into the free table slot `slot`, with its term (stemmed from `bytes`).
    private mutating func addToken(
        _ a: UInt64, _ b: UInt64, length: UInt32, tag: UInt64, slot: Int, bytes: inout [UInt8], lettersOnly: Bool
    ) -> Int {
        var entry = TokenSlot(a: a, b: b, length: length, term: -1, long: 0)
        if length > 16 {
            entry.long = UInt32(longTokens.count)
            longTokens.append(bytes)
        }
        if analyzer.term(for: &bytes, lettersOnly: lettersOnly) {
            entry.term = Int32(bytes.withUnsafeBufferPointer { termID($0) })
        }
        tokenEntries.append(entry)
        tokenSlots[slot] = tag << 32 | UInt64(tokenEntries.count)
        if tokenEntries.count * 2 > tokenSlots.count { growTokens() }
        return Int(entry.term)
    }

    private mutating func growTokens() {
        let capacity = tokenSlots.count * 2
        var newSlots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (i, entry) in tokenEntries.enumerated() {
            let hash = TokenSlot.mix(entry.a, entry.b, entry.length)
            var s = Int(truncatingIfNeeded: hash) & mask
            while newSlots[s] != 0 { s = (s + 1) & mask }
            newSlots[s] = (hash >> 32) << 32 | UInt64(i + 1)
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
        // Term ids and the document's distinct terms go through buffers that are taken out of `self`
        // while in use, so that the per-token loops write through pointers, without copy-on-write checks.
        var termBuffer: [Int32] = []
        var touchedBuffer: [Int32] = []
        swap(&termBuffer, &fieldTerms)
        swap(&touchedBuffer, &touched)
        var touchedCount = 0
        for (f, text) in fields.enumerated() where f < fieldUnits.count && fieldUnits[f] > 0 && !text.isEmpty {
            let units = fieldUnits[f]
            // A token takes at least one byte and a separator.
            let bound = text.utf8.count / 2 + 1
            if termBuffer.count < bound { termBuffer = [Int32](repeating: 0, count: bound * 2) }
            if touchedBuffer.count < touchedCount + bound {
                touchedBuffer.append(contentsOf: repeatElement(0, count: touchedCount + bound * 2 - touchedBuffer.count))
            }
            let count = termBuffer.withUnsafeMutableBufferPointer { terms in
                var count = 0
                analyzer.forEachRawToken(in: text) { token, lettersOnly in
                    let t = termID(forToken: token, lettersOnly: lettersOnly)
                    if t >= 0 { terms[count] = Int32(truncatingIfNeeded: t); count += 1 }
                }
                return count
            }
            termBuffer.withUnsafeBufferPointer { terms in
                touchedBuffer.withUnsafeMutableBufferPointer { touched in
                    docUnits.withUnsafeMutableBufferPointer { docUnits in
                        for i in 0..<count {
                            let t = Int(terms[i])
                            if docUnits[t] == 0 { touched[touchedCount] = terms[i]; touchedCount += 1 }
                            docUnits[t] &+= units
                        }
                    }
                }
            }
            length &+= units &* UInt32(count)
        }
        var sumSquares = 0.0
        for t32 in touchedBuffer[0..<touchedCount] {
            let t = Int(t32)
            let units = docUnits[t]
            docUnits[t] = 0
            let l = Double(LogTFTable.value(units, in: logTF))
            sumSquares += l * l
            postingTerm.append(UInt32(t))
            postingDoc.append(doc)
            postingUnits.append(units)
        }
        swap(&termBuffer, &fieldTerms)
        swap(&touchedBuffer, &touched)
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
            // Sorted on the first eight bytes as one big-endian number (terms hold no zero byte, so a
            // shorter term's zero padding sorts it first), then on the full bytes when those tie.
            var keyed = [(prefix: UInt64, id: Int32)]()
            keyed.reserveCapacity(termStart.count)
            for id in 0..<termStart.count {
                let t = term(id)
                var prefix: UInt64 = 0
                for i in 0..<8 { prefix = prefix << 8 | UInt64(i < t.count ? t[i] : 0) }
                keyed.append((prefix, Int32(id)))
            }
            keyed.sort { x, y in
                x.prefix != y.prefix ? x.prefix < y.prefix : lexicographicallyPrecedes(term(Int(x.id)), term(Int(y.id)))
            }
            return keyed.map { Int($0.id) }
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
        var sortedBytes: [UInt8] = []
        sortedBytes.reserveCapacity(termBytes.count)
        var sortedOffsets: [UInt32] = [0]
        sortedOffsets.reserveCapacity(order.count + 1)
        docs.withUnsafeBufferPointer { d in
            tfs.withUnsafeBufferPointer { f in
                for id in order {
                    let start = Int(termStart[id])
                    sortedBytes.append(contentsOf: termBytes[start..<(start + Int(termLength[id]))])
                    sortedOffsets.append(UInt32(sortedBytes.count))
                    let range = offset[id]..<offset[id + 1]
                    writer.addTerm(docs: UnsafeBufferPointer(rebasing: d[range]), tfs: UnsafeBufferPointer(rebasing: f[range]))
                }
            }
        }
        return Segment(
            ids: ids, docLength: docLength, inverseNorm: inverseNorm, docFilter: docFilter,
            filterValues: filterValues, termBytes: sortedBytes, termOffsets: sortedOffsets, postings: writer)
    }
}

/// Byte equality of two buffers of `count` bytes.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}

/// One token of the builder's token table: its first 16 bytes, its length and its term.
struct TokenSlot {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var length: UInt32 = 0
    var term: Int32 = -1
    var long: UInt32 = 0  // index into the long-token list when length > 16

    /// The token's first 16 bytes (zero-padded, read as two 8-byte words and masked to its length), its
    /// length, and a hash of those (longer tokens that share their first 16 bytes probe on and are told
    /// apart by their full bytes).
    /// - Precondition: 16 bytes are readable from the token's start.
    @inline(__always)
    static func paddedKey(_ token: UnsafeBufferPointer<UInt8>) -> (a: UInt64, b: UInt64, length: UInt32, hash: UInt64) {
        let raw = UnsafeRawPointer(token.baseAddress!)
        let n = token.count
        var a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if n < 8 { a &= (1 << UInt64(8 * n)) &- 1 }
        if n <= 8 { b = 0 } else if n < 16 { b &= (1 << UInt64(8 * (n - 8))) &- 1 }
        return (a, b, UInt32(n), mix(a, b, UInt32(n)))
    }

    @inline(__always) static func mix(_ a: UInt64, _ b: UInt64, _ length: UInt32) -> UInt64 {
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }
}

/// A token of up to 16 bytes in the builder's hot table, with its term (-1: a stop word).
struct HotToken {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var length: UInt32 = 0
    var term: Int32 = -1
}
