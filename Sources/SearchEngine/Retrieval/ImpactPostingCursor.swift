/// A cursor over one term's postings in a segment scored by quantised impacts (`ImpactIndex`): documents
/// decode from the segment's bit-packed blocks as in `BlockPostingCursor`, but a posting's contribution is
/// its stored impact × the query weight (an integer, exact in a `Float`), and block bounds are the blocks'
/// exact largest impacts. No frequency is decoded and nothing is divided.
struct ImpactPostingCursor: PostingCursor {
    private let blockLastDoc: UnsafePointer<UInt32>
    private let blockOffset: UnsafePointer<UInt32>
    private let blockBits: UnsafePointer<UInt16>
    private let blockMax: UnsafePointer<UInt8>
    private let packed: UnsafePointer<UInt32>
    /// The term's first impact.
    private let termImpacts: UnsafePointer<UInt8>
    private let blockBegin: Int
    private let blockEnd: Int
    private let docFreq: Int
    private let weight: Float
    /// `weight` as an integer.
    let integerWeight: UInt32
    let maxScore: Float

    private let docs: UnsafeMutablePointer<UInt32>
    /// The current block's first impact.
    private var impacts: UnsafePointer<UInt8>
    private var block: Int
    private var position = 0
    private var count = 0
    private var shallowBlock: Int
    private(set) var doc: UInt32 = DocID.terminated

    /// - Parameters:
    ///   - segment: the segment (must outlive the cursor).
    ///   - impacts: the segment's impacts (must outlive the cursor).
    ///   - term: the term's id in the segment.
    ///   - weight: the query weight of the term (≤ 65,535, so that weight × impact is exact in a `Float`).
    ///   - buffer: scratch space for 128 values, owned by the caller for the cursor's lifetime.
    init(segment: Segment, impacts: SegmentImpacts, term: Int, weight: UInt32, buffer: UnsafeMutablePointer<UInt32>) {
        assert(weight <= 65_535)
        blockLastDoc = UnsafePointer(segment.blockLastDoc.base)
        blockOffset = UnsafePointer(segment.blockOffset.base)
        blockBits = UnsafePointer(segment.blockBits.base)
        blockMax = UnsafePointer(impacts.blockMax.base)
        packed = UnsafePointer(segment.packed.base)
        termImpacts = UnsafePointer(impacts.impacts.base) + Int(impacts.termPostingStart[term])
        self.impacts = termImpacts
        blockBegin = Int(segment.termBlockStart[term])
        blockEnd = Int(segment.termBlockStart[term + 1])
        docFreq = Int(segment.termDocFreq[term])
        self.weight = Float(weight)
        integerWeight = weight
        maxScore = Float(impacts.termMax[term]) * Float(weight)
        docs = buffer
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
        impacts = termImpacts + (b - blockBegin) * PostingsWriter.blockSize
        let previous: UInt32 = b > blockBegin ? blockLastDoc[b - 1] : 0
        BitPacking.unpackDeltas(packed + Int(blockOffset[b]), count: n, width: BlockHeader.docBits(blockBits[b]), from: previous, into: docs)
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
        var lo = position
        var hi = count &- 1
        while lo < hi {
            let mid = (lo &+ hi) &>> 1
            if docs[mid] < target { lo = mid &+ 1 } else { hi = mid }
        }
        position = lo
        doc = docs[lo]
    }

    @inline(__always) mutating func score() -> Float { Float(impacts[position]) * weight }

    /// `score()` as an integer: the impact × the query weight.
    @inline(__always) func integerScore() -> UInt32 { UInt32(impacts[position]) &* integerWeight }

    @inline(__always) mutating func shallowAdvance(to target: UInt32) {
        var b = max(shallowBlock, block)
        while b < blockEnd && blockLastDoc[b] < target { b += 1 }
        shallowBlock = b
    }

    @inline(__always) mutating func blockMaxScore() -> Float {
        shallowBlock < blockEnd ? Float(blockMax[shallowBlock]) * weight : 0
    }

    var lastDocInBlock: UInt32 { shallowBlock < blockEnd ? blockLastDoc[shallowBlock] : DocID.terminated }

    @inline(__always) mutating func nextPossibleDoc(atLeast target: UInt32) -> UInt32 {
        if doc >= target { return doc }
        shallowAdvance(to: target)
        if shallowBlock >= blockEnd { return DocID.terminated }
        return shallowBlock > blockBegin ? max(target, blockLastDoc[shallowBlock - 1] &+ 1) : target
    }

    @inline(__always) mutating func maxScore(from: UInt32, to: UInt32) -> Float { Float(maxImpact(from: from, to: to)) * weight }

    /// The largest impact of the blocks overlapping `from ... to` (0 when none can hold a document there);
    /// moves the block pointer to `from`.
    @inline(__always) mutating func maxImpact(from: UInt32, to: UInt32) -> UInt32 {
        shallowAdvance(to: from)
        var b = shallowBlock
        guard b < blockEnd, b == blockBegin || blockLastDoc[b - 1] < to else { return 0 }
        var best = blockMax[b]
        while blockLastDoc[b] < to && b + 1 < blockEnd {
            b += 1
            best = max(best, blockMax[b])
        }
        return UInt32(best)
    }

    @inline(__always)
    mutating func accumulate(until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<Double>, seen: UnsafeMutablePointer<UInt64>) {
        assert(doc >= windowStart)
        let docs = self.docs
        let weight = Double(self.weight)
        while doc < end {
            let impacts = self.impacts
            var p = position
            let n = count
            while p < n {
                let d = docs[p]
                if d >= end { break }
                let j = Int(d &- windowStart)
                scores[j] += Double(impacts[p]) * weight
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

    /// `accumulate` into integer scores: adds impact × weight of every posting with document in
    /// `windowStart ..< end` to `scores[doc - windowStart]` (wrapping: callers keep sums below 2³²).
    @inline(__always)
    mutating func accumulateImpacts(until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<UInt32>, seen: UnsafeMutablePointer<UInt64>) {
        assert(doc >= windowStart)
        let docs = self.docs
        let weight = integerWeight
        while doc < end {
            let impacts = self.impacts
            var p = position
            let n = count
            while p < n {
                let d = docs[p]
                if d >= end { break }
                let j = Int(d &- windowStart)
                scores[j] &+= UInt32(impacts[p]) &* weight
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
