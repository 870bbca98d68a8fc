/// A cursor over one term's postings in an `ImpactSegment`: the posting values are impacts, a posting's
/// contribution is impact × query weight (an integer, exact in a `Float`), and block bounds are the
/// blocks' exact largest impacts × the weight. Nothing is divided and no length is looked up.
typealias ImpactPostingCursor = BlockPostingCursor<ImpactScorer>

/// Scores impacts: impact × query weight.
struct ImpactScorer: BlockScorer {
    /// The query weight as a `Float`.
    private let weight: Float
    /// The query weight.
    let integerWeight: UInt32
    /// The largest impact of each block of the segment.
    let blockMax: UnsafePointer<UInt8>
    let termBound: Float

    /// - Parameters:
    ///   - segment: the impact segment (must outlive the scorer).
    ///   - term: the term's id in the segment.
    ///   - weight: the query weight of the term (≤ 65,535, so that weight × impact is exact in a `Float`).
    init(segment: ImpactSegment, term: Int, weight: UInt32) {
        assert(weight <= 65_535)
        self.weight = Float(weight)
        integerWeight = weight
        blockMax = UnsafePointer(segment.blockMax.base)
        termBound = Float(segment.termMax[term]) * Float(weight)
    }

    @inline(__always) func score(value: UInt32, doc: UInt32) -> Float { Float(value) * weight }

    @inline(__always) func blockBound(_ b: Int) -> Float { Float(blockMax[b]) * weight }
}

extension BlockPostingCursor where Scorer == ImpactScorer {
    /// The query weight.
    var integerWeight: UInt32 { scorer.integerWeight }

    /// `score()` as an integer: the impact × the query weight. Precondition: not exhausted.
    @inline(__always) mutating func integerScore() -> UInt32 { value() &* scorer.integerWeight }

    /// The largest impact of the blocks overlapping `from ... to` (0 when none can hold a document there);
    /// moves the block pointer to `from`.
    @inline(__always) mutating func maxImpact(from: UInt32, to: UInt32) -> UInt32 {
        UInt32(maxBlockBound(from: from, to: to, zero: 0) { cursor, b in cursor.scorer.blockMax[b] })
    }

    /// `accumulate` into integer scores: adds impact × weight of every posting with document in
    /// `windowStart ..< end` to `scores[doc - windowStart]` (wrapping: callers keep sums below 2³²).
    @inline(__always)
    mutating func accumulateImpacts(
        until end: UInt32, windowStart: UInt32, scores: UnsafeMutablePointer<UInt32>, seen: UnsafeMutablePointer<UInt64>
    ) {
        let weight = scorer.integerWeight
        accumulate(until: end, windowStart: windowStart, into: scores, seen: seen) { score, impact, _ in score &+= impact &* weight }
    }
}
