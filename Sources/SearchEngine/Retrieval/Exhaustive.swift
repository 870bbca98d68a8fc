/// Scores every document that contains at least one query term, document at a time. The reference
/// the pruned algorithms are tested against.
enum Exhaustive {
    /// Adds the segment's matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        while true {
            var d = DocID.terminated
            for c in cursors.indices where cursors[c].doc < d { d = cursors[c].doc }
            if d == DocID.terminated { return }
            if acceptor.accepts(d) {
                let s = canonicalScore(&cursors, doc: d)
                if queue.wouldEnter(s) { queue.insert(s, doc: base + UInt64(d)) }
            }
            for c in cursors.indices where cursors[c].doc == d { cursors[c].advance() }
        }
    }

    /// The score of `doc`: the contributions of the cursors positioned on it (see `TopKQueue` for why
    /// the order of the sum does not matter).
    @inline(__always)
    static func canonicalScore<C: PostingCursor>(_ cursors: inout [C], doc: UInt32) -> Double {
        var s: Double = 0
        for c in cursors.indices where cursors[c].doc == doc { s += Double(cursors[c].score()) }
        return s
    }
}
