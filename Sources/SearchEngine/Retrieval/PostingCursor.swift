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
    var blockMaxScore: Float { get }
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
/// time and skipping whole blocks by their last document.
struct BlockPostingCursor<Scorer: TermScorer>: PostingCursor {
    private let blockLastDoc: UnsafePointer<UInt32>
    private let blockOffset: UnsafePointer<UInt32>
    private let blockBits: UnsafePointer<UInt16>
    private let blockBound: UnsafePointer<Float>
    private let packed: UnsafePointer<UInt32>
    private let blockBegin: Int
    private let blockEnd: Int
    private let docFreq: Int
    private let scorer: Scorer
    let maxScore: Float

    private let docs: UnsafeMutablePointer<UInt32>
    private let tfs: UnsafeMutablePointer<UInt32>
    private var block: Int
    private var position = 0
    private var count = 0
    private var tfsDecoded = false
    private var shallowBlock: Int
    private(set) var doc: UInt32 = DocID.terminated

    /// - Parameters:
    ///   - segment: the segment (must outlive the cursor).
    ///   - term: the term's id in the segment.
    ///   - scorer: scores the term's postings.
    ///   - buffer: scratch space for 2 × 128 values, owned by the caller for the cursor's lifetime.
    init(segment: Segment, term: Int, scorer: Scorer, buffer: UnsafeMutablePointer<UInt32>) {
        blockLastDoc = UnsafePointer(segment.blockLastDoc.base)
        blockOffset = UnsafePointer(segment.blockOffset.base)
        blockBits = UnsafePointer(segment.blockBits.base)
        blockBound = UnsafePointer(segment.blockBound.base)
        packed = UnsafePointer(segment.packed.base)
        blockBegin = Int(segment.termBlockStart[term])
        blockEnd = Int(segment.termBlockStart[term + 1])
        docFreq = Int(segment.termDocFreq[term])
        self.scorer = scorer
        maxScore = scorer.bound(segment.termBound.base + term * ScoreBounds.termStride, points: ScoreBounds.termPoints)
        docs = buffer
        tfs = buffer + PostingsWriter.blockSize
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
        tfsDecoded = false
        let bits = blockBits[b]
        BitPacking.unpack(packed + Int(blockOffset[b]), count: n, width: Int(bits & 0xFF), into: docs)
        var previous: UInt32 = b > blockBegin ? blockLastDoc[b - 1] : 0
        for i in 0..<n {
            previous &+= docs[i]
            docs[i] = previous
        }
    }

    @inline(__always) mutating func advance() {
        position &+= 1
        if position < count {
            doc = docs[position]
        } else if block + 1 < blockEnd {
            decode(block + 1)
            doc = docs[0]
        } else {
            doc = DocID.terminated
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
        while docs[position] < target { position &+= 1 }
        doc = docs[position]
    }

    /// Decodes the weighted frequencies of the current block, once.
    @inline(__always) private mutating func decodeFrequencies() {
        if tfsDecoded { return }
        let bits = blockBits[block]
        let docBits = Int(bits & 0xFF)
        BitPacking.unpack(
            packed + Int(blockOffset[block]) + BitPacking.wordCount(count: count, width: docBits),
            count: count, width: Int(bits >> 8), into: tfs)
        tfsDecoded = true
    }

    @inline(__always) mutating func score() -> Float {
        decodeFrequencies()
        return scorer.score(units: tfs[position], doc: doc)
    }

    @inline(__always) mutating func shallowAdvance(to target: UInt32) {
        var b = max(shallowBlock, block)
        while b < blockEnd && blockLastDoc[b] < target { b += 1 }
        shallowBlock = b
    }

    var blockMaxScore: Float {
        shallowBlock < blockEnd
            ? scorer.bound(blockBound + shallowBlock * ScoreBounds.blockStride, points: ScoreBounds.blockPoints) : 0
    }

    var lastDocInBlock: UInt32 { shallowBlock < blockEnd ? blockLastDoc[shallowBlock] : DocID.terminated }

    @inline(__always) mutating func nextPossibleDoc(atLeast target: UInt32) -> UInt32 {
        if doc >= target { return doc }
        shallowAdvance(to: target)
        if shallowBlock >= blockEnd { return DocID.terminated }
        return shallowBlock > blockBegin ? max(target, blockLastDoc[shallowBlock - 1] &+ 1) : target
    }

    @inline(__always) mutating func maxScore(from: UInt32, to: UInt32) -> Float {
        shallowAdvance(to: from)
        var b = shallowBlock
        guard b < blockEnd, b == blockBegin || blockLastDoc[b - 1] < to else { return 0 }
        var best = scorer.bound(blockBound + b * ScoreBounds.blockStride, points: ScoreBounds.blockPoints)
        while blockLastDoc[b] < to && b + 1 < blockEnd {
            b += 1
            best = max(best, scorer.bound(blockBound + b * ScoreBounds.blockStride, points: ScoreBounds.blockPoints))
        }
        return best
    }

    @inline(__always)
    mutating func accumulate(until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<Double>, seen: UnsafeMutablePointer<UInt64>) {
        assert(doc >= windowStart)
        while doc < end {
            decodeFrequencies()
            var p = position
            while p < count {
                let d = docs[p]
                if d >= end { break }
                let j = Int(d &- windowStart)
                scores[j] += Double(scorer.score(units: tfs[p], doc: d))
                seen[j &>> 6] |= 1 &<< UInt64(j & 63)
                p &+= 1
            }
            position = p
            if p < count {
                doc = docs[p]
            } else if block + 1 < blockEnd {
                decode(block + 1)
                doc = docs[0]
            } else {
                doc = DocID.terminated
            }
        }
    }
}
