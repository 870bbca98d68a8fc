/// Document numbers inside a segment.
enum DocID {
    /// The document number of an exhausted cursor, greater than every real one.
    static let terminated = UInt32.max
}

/// A position in one query term's posting list, moving forward only.
protocol PostingCursor {
    /// The current document, or `DocID.terminated` when exhausted.
    var doc: UInt32 { get }
    /// Moves to the next posting.
    mutating func advance()
    /// Moves to the first posting with document ≥ `target` (no move when already there).
    mutating func advance(to target: UInt32)
    /// The contribution of the current posting. Precondition: not exhausted.
    mutating func score() -> Float
    /// An upper bound of `score()` over the whole list.
    var maxScore: Float { get }
    /// Moves the block pointer (not the posting) to the block that may contain `target`.
    mutating func shallowAdvance(to target: UInt32)
    /// An upper bound of `score()` over the block `shallowAdvance` reached (0 past the end).
    mutating func blockMaxScore() -> Float
    /// Last document of the block `shallowAdvance` reached (`DocID.terminated` past the end).
    var lastDocInBlock: UInt32 { get }
    /// A lower bound of the first document ≥ `target` in the list, from block boundaries only (no
    /// decoding); `DocID.terminated` when the list has none.
    mutating func nextPossibleDoc(atLeast target: UInt32) -> UInt32
    /// An upper bound of `score()` over documents in `from ... to` (0 when none can be there), from
    /// the bounds of the blocks overlapping that range; moves the block pointer to `from`.
    mutating func maxScore(from: UInt32, to: UInt32) -> Float
    /// Adds the contribution of every posting with document in `windowStart ..< end` to
    /// `scores[doc - windowStart]` and sets bit `doc - windowStart` of `seen`; the cursor ends on the
    /// first document ≥ `end`.
    /// - Precondition: `doc >= windowStart`.
    mutating func accumulate(until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<Double>, seen: UnsafeMutablePointer<UInt64>)
}

/// A cursor over a block-compressed posting list of a segment, decoding one block of 128 postings at a
/// time and skipping whole blocks by their last document. The document walk and the windowed
/// accumulation are the same for every layout (`SegmentPostings`); `Scorer` turns posting values
/// (weighted frequencies or impacts) into contributions and gives the block bounds.
struct BlockPostingCursor<Scorer: BlockScorer>: PostingCursor {
    private let blockLastDoc: UnsafePointer<UInt32>
    private let blockOffset: UnsafePointer<UInt32>
    private let blockBits: UnsafePointer<UInt16>
    private let packed: UnsafePointer<UInt32>
    private let blockBegin: Int
    private let blockEnd: Int
    private let docFreq: Int
    let scorer: Scorer
    let maxScore: Float

    private let docs: UnsafeMutablePointer<UInt32>
    private let values: UnsafeMutablePointer<UInt32>
    private var block: Int
    private var position = 0
    private var count = 0
    private var valuesDecoded = false
    private var shallowBlock: Int
    private(set) var doc: UInt32 = DocID.terminated
    // The last block bound computed: consecutive windows mostly share a block (all of them share one
    // block of a rare term), so each block's bound is computed about once per query.
    private var boundBlock = -1
    private var boundValue: Float = 0

    /// - Parameters:
    ///   - segment: the segment (must outlive the cursor).
    ///   - term: the term's id in the segment.
    ///   - scorer: scores the term's postings.
    ///   - buffer: scratch space for 2 × 128 values, owned by the caller for the cursor's lifetime.
    init(segment: some SegmentPostings, term: Int, scorer: Scorer, buffer: UnsafeMutablePointer<UInt32>) {
        blockLastDoc = UnsafePointer(segment.directory.blockLastDoc.base)
        blockOffset = UnsafePointer(segment.blockOffset.base)
        blockBits = UnsafePointer(segment.blockBits.base)
        packed = UnsafePointer(segment.packed.base)
        blockBegin = Int(segment.directory.termBlockStart[term])
        blockEnd = Int(segment.directory.termBlockStart[term + 1])
        docFreq = Int(segment.directory.termDocFreq[term])
        self.scorer = scorer
        maxScore = scorer.termBound
        docs = buffer
        values = buffer + PostingsWriter.blockSize
        block = blockBegin
        shallowBlock = blockBegin
        if blockBegin < blockEnd {
            decode(blockBegin)
            doc = docs[0]
        }
    }

    /// Decodes the document numbers of block `b` and makes it current.
    @inline(__always) private mutating func decode(_ b: Int) {
        block = b
        let n = b == blockEnd - 1 ? docFreq - (b - blockBegin) * PostingsWriter.blockSize : PostingsWriter.blockSize
        count = n
        position = 0
        valuesDecoded = false
        let previous: UInt32 = b > blockBegin ? blockLastDoc[b - 1] : 0
        BitPacking.unpackDeltas(packed + Int(blockOffset[b]), count: n, width: BlockHeader.docBits(blockBits[b]), from: previous, into: docs)
    }

    /// Moves to the first posting of the next block, or to the end.
    @inline(__always) private mutating func nextBlock() {
        if block + 1 < blockEnd {
            decode(block + 1)
            doc = docs[0]
        } else {
            doc = DocID.terminated
        }
    }

    @inline(__always) mutating func advance() {
        position &+= 1
        if position < count {
            doc = docs[position]
        } else {
            nextBlock()
        }
    }

    @inline(__always) mutating func advance(to target: UInt32) {
        if target <= doc { return }
        if target > blockLastDoc[block] {
            var b = block + 1
            while b < blockEnd && blockLastDoc[b] < target { b += 1 }
            if b == blockEnd {
                doc = DocID.terminated
                position = count
                return
            }
            decode(b)
        }
        // The block's last document is ≥ target: binary search in what is left of it (probes for
        // sparse candidates jump far into long lists).
        var lo = position
        var hi = count &- 1
        while lo < hi {
            let mid = (lo &+ hi) &>> 1
            if docs[mid] < target { lo = mid &+ 1 } else { hi = mid }
        }
        position = lo
        doc = docs[lo]
    }

    /// Decodes the posting values of the current block, once.
    @inline(__always) private mutating func decodeValues() {
        if valuesDecoded { return }
        let header = blockBits[block]
        BitPacking.unpack(
            packed + Int(blockOffset[block]) + BitPacking.wordCount(count: count, width: BlockHeader.docBits(header)),
            count: count, width: BlockHeader.tfBits(header), into: values)
        let shift = BlockHeader.tfShift(header)
        if shift != 0 { for i in 0..<count { values[i] &<<= shift } }
        valuesDecoded = true
    }

    /// The value of the current posting. Precondition: not exhausted.
    @inline(__always) mutating func value() -> UInt32 {
        if valuesDecoded { return values[position] }
        // One value read straight from the packed block: probes of long lists for single candidates
        // would otherwise unpack 128 values to use one.
        let header = blockBits[block]
        let words = packed + Int(blockOffset[block]) + BitPacking.wordCount(count: count, width: BlockHeader.docBits(header))
        return BitPacking.value(words, index: position, width: BlockHeader.tfBits(header)) &<< BlockHeader.tfShift(header)
    }

    @inline(__always) mutating func score() -> Float { scorer.score(value: value(), doc: doc) }

    @inline(__always) mutating func shallowAdvance(to target: UInt32) {
        var b = max(shallowBlock, block)
        while b < blockEnd && blockLastDoc[b] < target { b += 1 }
        shallowBlock = b
    }

    @inline(__always) mutating func blockMaxScore() -> Float {
        shallowBlock < blockEnd ? cachedBound(shallowBlock) : 0
    }

    /// The bound of block `b`, from the one-entry cache when it is the last block asked for.
    @inline(__always) private mutating func cachedBound(_ b: Int) -> Float {
        if b != boundBlock {
            boundBlock = b
            boundValue = scorer.blockBound(b)
        }
        return boundValue
    }

    var lastDocInBlock: UInt32 { shallowBlock < blockEnd ? blockLastDoc[shallowBlock] : DocID.terminated }

    @inline(__always) mutating func nextPossibleDoc(atLeast target: UInt32) -> UInt32 {
        if doc >= target { return doc }
        shallowAdvance(to: target)
        if shallowBlock >= blockEnd { return DocID.terminated }
        return shallowBlock > blockBegin ? max(target, blockLastDoc[shallowBlock - 1] &+ 1) : target
    }

    /// The largest `bound(&self, b)` over the blocks `b` overlapping `from ... to` that may hold a document
    /// there (`zero` when none); moves the block pointer to `from`.
    @inline(__always) mutating func maxBlockBound<Bound: Comparable>(
        from: UInt32, to: UInt32, zero: Bound, _ bound: (inout Self, Int) -> Bound
    ) -> Bound {
        shallowAdvance(to: from)
        var b = shallowBlock
        guard b < blockEnd, b == blockBegin || blockLastDoc[b - 1] < to else { return zero }
        var best = bound(&self, b)
        while blockLastDoc[b] < to && b + 1 < blockEnd {
            b += 1
            best = max(best, bound(&self, b))
        }
        return best
    }

    @inline(__always) mutating func maxScore(from: UInt32, to: UInt32) -> Float {
        maxBlockBound(from: from, to: to, zero: 0) { $0.cachedBound($1) }
    }

    @inline(__always)
    mutating func accumulate(until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<Double>, seen: UnsafeMutablePointer<UInt64>) {
        let scorer = self.scorer
        accumulate(until: end, windowStart: windowStart, into: scores, seen: seen) { score, value, doc in
            score += Double(scorer.score(value: value, doc: doc))
        }
    }

    /// The accumulation loop of every score type: `add(&scores[doc - windowStart], value, doc)` for every
    /// posting with document in `windowStart ..< end`, setting bit `doc - windowStart` of `seen`; the
    /// cursor ends on the first document ≥ `end`.
    /// - Precondition: `doc >= windowStart`.
    @inline(__always)
    mutating func accumulate<Score>(
        until end: UInt32, windowStart: UInt32, into scores: UnsafeMutablePointer<Score>, seen: UnsafeMutablePointer<UInt64>,
        add: (inout Score, UInt32, UInt32) -> Void
    ) {
        assert(doc >= windowStart)
        // Locals, so that the stores into `scores` need not reload the cursor's fields.
        let docs = self.docs
        let values = self.values
        while doc < end {
            decodeValues()
            var p = position
            let n = count
            while p < n {
                let d = docs[p]
                if d >= end { break }
                let j = Int(d &- windowStart)
                add(&scores[j], values[p], d)
                seen[j &>> 6] |= 1 &<< UInt64(j & 63)
                p &+= 1
            }
            position = p
            if p < n {
                doc = docs[p]
            } else {
                nextBlock()
            }
        }
    }
}
