/// MaxScore (Turtle & Flood 1995, as in PISA's maxscore_query): terms sorted by their maximum
/// contribution split into non-essential ones, whose bounds together cannot lift a document above the
/// threshold, and essential ones. Only documents of essential lists are candidates; non-essential
/// lists are probed (skipping whole blocks) for candidates while their bound can still matter.
enum MaxScore {
    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    /// - Precondition: every cursor's `maxScore` bounds all its contributions.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        let n = cursors.count
        guard n > 0 else { return }
        // Terms by increasing bound, and prefix sums of the bounds.
        let order = cursors.indices.sorted { cursors[$0].maxScore < cursors[$1].maxScore }
        var upper = [Double](repeating: 0, count: n)
        var running: Double = 0
        for i in 0..<n {
            running += Double(cursors[order[i]].maxScore)
            upper[i] = running
        }
        var firstEssential = 0
        while firstEssential < n && upper[firstEssential] * boundSlack <= queue.threshold { firstEssential += 1 }

        while firstEssential < n {
            // The next candidate: the smallest document among essential lists.
            var d = DocID.terminated
            for i in firstEssential..<n {
                let doc = cursors[order[i]].doc
                if doc < d { d = doc }
            }
            if d == DocID.terminated { return }
            if !acceptor.accepts(d) {
                for i in firstEssential..<n where cursors[order[i]].doc == d { cursors[order[i]].advance() }
                continue
            }
            var score: Double = 0
            for i in firstEssential..<n {
                let c = order[i]
                if cursors[c].doc == d {
                    score += Double(cursors[c].score())
                    cursors[c].advance()
                }
            }
            if let total = completeScore(
                score, doc: d, &cursors, order: order, upper: upper, nonEssential: firstEssential,
                threshold: queue.threshold),
                queue.wouldEnter(total)
            {
                queue.insert(total, doc: base + UInt64(d))
                while firstEssential < n && upper[firstEssential] * boundSlack <= queue.threshold { firstEssential += 1 }
            }
        }
    }

    /// Adds the contributions of the non-essential lists `order[0 ..< nonEssential]` to a candidate's
    /// `score`, largest bound first, while they can still lift it over `threshold`.
    /// - Parameter upper: prefix sums of the lists' bounds in `order`.
    /// - Returns: the full score, or `nil` when the candidate cannot beat the threshold.
    @inline(__always)
    static func completeScore<C: PostingCursor>(
        _ score: Double, doc d: UInt32, _ cursors: inout [C], order: [Int], upper: [Double], nonEssential: Int,
        threshold: Double
    ) -> Double? {
        var total = score
        var i = nonEssential - 1
        while i >= 0 {
            if (total + upper[i]) * boundSlack <= threshold { return nil }
            let c = order[i]
            cursors[c].advance(to: d)
            if cursors[c].doc == d { total += Double(cursors[c].score()) }
            i -= 1
        }
        return total
    }
}
