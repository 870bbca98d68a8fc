/// Stop-word lists and the byte-keyed set the analyzer checks them in.
public enum StopWords {
    /// English stop words: the NLTK list with its contractions split at the apostrophe (as the
    /// tokenizer splits them), plus "also". The same list the peer benchmark uses.
    public static let english: [String] = """
        a about above after again against all am an and any are aren as at be because been before being \
        below between both but by can cannot could couldn did didn do does doesn doing don down during \
        each few for from further had hadn has hasn have haven having he her here hers herself him \
        himself his how i if in into is isn it its itself just let me more most mustn my myself no nor \
        not of off on once only or other ought our ours ourselves out over own same shan she should \
        shouldn so some such than that the their theirs them themselves then there these they this \
        those through to too under until up very was wasn we were weren what when where which while \
        who whom why will with won would wouldn you your yours yourself yourselves s t d ll m o re ve \
        y also
        """.split(separator: " ").map(String.init)
}

/// An immutable open-addressing hash set of short byte strings (stop words), checked once per token.
struct ByteSet: Sendable {
    private let slots: [Int32]  // index into `words`, or -1
    private let words: [[UInt8]]
    private let mask: Int

    init(_ strings: some Sequence<String>) {
        let unique = Array(Set(strings.map { Array($0.utf8) }))
        var capacity = 16
        while capacity < unique.count * 4 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (i, w) in unique.enumerated() {
            var s = Int(Self.hash(w) & UInt64(capacity - 1))
            while slots[s] >= 0 { s = (s + 1) & (capacity - 1) }
            slots[s] = Int32(i)
        }
        self.slots = slots
        self.words = unique
        self.mask = capacity - 1
    }

    @inline(__always) static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }

    /// Whether the set holds exactly these bytes.
    @inline(__always) func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = Int(Self.hash(bytes) & UInt64(mask))
        while true {
            let i = slots[s]
            if i < 0 { return false }
            if words[Int(i)].elementsEqual(bytes) { return true }
            s = (s + 1) & mask
        }
    }

    var isEmpty: Bool { words.isEmpty }
}
