/// How a `BlockPostingCursor` scores one term's postings and bounds its blocks: one implementation per
/// kind of posting value, so that the cursor's walk and loops are written once and specialised for each.
protocol BlockScorer {
    /// The contribution of a posting whose decoded value is `value` (a weighted frequency or an impact)
    /// in document `doc`.
    func score(value: UInt32, doc: UInt32) -> Float
    /// An upper bound of `score` over the postings of block `b` (the segment's block numbering).
    func blockBound(_ b: Int) -> Float
    /// An upper bound of `score` over the term's whole posting list.
    var termBound: Float { get }
}

/// Scores a `Segment`'s postings, whose values are weighted frequencies, with a similarity's
/// `TermScorer`; bounds come from the frontier points the segment keeps per block and per term.
struct TermBlockScorer<Scorer: TermScorer>: BlockScorer {
    let scorer: Scorer
    private let blockBounds: UnsafePointer<Float>
    let termBound: Float

    /// - Parameters:
    ///   - segment: the segment (must outlive the scorer).
    ///   - term: the term's id in the segment.
    ///   - scorer: the similarity's scorer for the term.
    init(segment: Segment, term: Int, scorer: Scorer) {
        self.scorer = scorer
        blockBounds = UnsafePointer(segment.blockBound.base)
        termBound = scorer.bound(segment.termBound.base + term * ScoreBounds.termStride, points: ScoreBounds.termPoints)
    }

    @inline(__always) func score(value: UInt32, doc: UInt32) -> Float { scorer.score(units: value, doc: doc) }

    @inline(__always) func blockBound(_ b: Int) -> Float {
        scorer.bound(blockBounds + b * ScoreBounds.blockStride, points: ScoreBounds.blockPoints)
    }
}
