/// The best `k` (score, document) pairs seen so far, as a min-heap on score.
///
/// A document's score is the sum of its terms' `Float` contributions taken in `Double`: with fewer
/// than 2^29 terms and contributions within 2^29 of each other in magnitude that sum is exact, so every
/// algorithm gets the same score for a document whatever order it adds the terms in, and ties are
/// real ties.
///
/// Documents arrive in increasing global order, and a tie in score is won by the earlier document,
/// so a new document enters only with a score strictly above `threshold`.
struct TopKQueue {
    /// How many results to keep.
    let k: Int
    private var scores: [Double] = []
    private var docs: [UInt64] = []

    /// Creates an empty queue for `k ≥ 1` results.
    init(k: Int) {
        precondition(k >= 1, "k must be at least 1")
        self.k = k
        scores.reserveCapacity(k)
        docs.reserveCapacity(k)
    }

    /// Creates an empty queue for `k ≥ 1` results that only documents scoring above `floor` enter.
    /// - Precondition: at least `k` documents that the search will see score above `floor` (otherwise
    ///   fewer than `k` results come out), and none scoring `floor` or less belongs in the top k.
    init(k: Int, floor: Double) {
        self.init(k: k)
        threshold = floor
    }

    /// The score a new document must beat: the k-th best so far, or the floor (0 unless given) while fewer
    /// than k are held.
    private(set) var threshold: Double = 0

    /// Whether a document scoring `score` would enter.
    @inline(__always) func wouldEnter(_ score: Double) -> Bool { score > threshold }

    /// Inserts a document that `wouldEnter`.
    /// - Parameters:
    ///   - score: its score.
    ///   - doc: its global order (segment, then document number).
    mutating func insert(_ score: Double, doc: UInt64) {
        assert(wouldEnter(score))
        if scores.count < k {
            scores.append(score)
            docs.append(doc)
            siftUp(scores.count - 1)
            if scores.count == k { threshold = scores[0] }
        } else {
            scores[0] = score
            docs[0] = doc
            siftDown(0)
            threshold = scores[0]
        }
    }

    /// `a` ranks below `b`: lower score, or equal score and later document.
    @inline(__always) private func worse(_ a: Int, _ b: Int) -> Bool {
        scores[a] < scores[b] || (scores[a] == scores[b] && docs[a] > docs[b])
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            if !worse(i, parent) { break }
            scores.swapAt(i, parent)
            docs.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = scores.count
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            var m = l
            if l + 1 < n && worse(l + 1, l) { m = l + 1 }
            if !worse(m, i) { break }
            scores.swapAt(i, m)
            docs.swapAt(i, m)
            i = m
        }
    }

    /// The results, best first (score descending, then earlier document).
    func sorted() -> [(score: Double, doc: UInt64)] {
        zip(scores, docs).map { (score: $0.0, doc: $0.1) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
    }
}

/// Which documents of a segment a query may return: not deleted, and with the requested filter value.
struct DocAcceptor {
    let deleted: UnsafePointer<UInt64>?
    let filter: UnsafePointer<UInt32>?
    let wanted: UInt32

    @inline(__always) func accepts(_ doc: UInt32) -> Bool {
        if let deleted, deleted[Int(doc >> 6)] & (1 << UInt64(doc & 63)) != 0 { return false }
        if let filter, filter[Int(doc)] != wanted { return false }
        return true
    }
}

/// Relative slack on score comparisons against bounds, so that floating-point rounding in sums of
/// bounds can never prune a document whose score would enter.
let boundSlack: Double = 1 + 1e-5
