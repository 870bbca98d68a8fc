/// MaxScore (Turtle & Flood 1995, as in PISA's maxscore_query): terms sorted by their maximum
/// contribution split into non-essential ones, whose bounds together cannot lift a document above the
/// threshold, and essential ones. Only documents of essential lists are candidates; non-essential
/// lists are probed (skipping whole blocks) for candidates while their bound can still matter.
enum MaxScore {
    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term, in query order (the order scores are summed in).
    ///   - base: global order of the segment's document 0.
    /// - Precondition: every cursor's `maxScore` bounds all its contributions.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        let n = cursors.count
        guard n > 0 else { return }
        // Terms by increasing bound, and prefix sums of the bounds.
        let order = cursors.indices.sorted { cursors[$0].maxScore < cursors[$1].maxScore }
        var upper = [Float](repeating: 0, count: n)
        var running: Float = 0
        for i in 0..<n {
            running += cursors[order[i]].maxScore
            upper[i] = running
        }
        var contribution = [Float](repeating: 0, count: n)
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
            var score: Float = 0
            for i in firstEssential..<n {
                let c = order[i]
                if cursors[c].doc == d {
                    let s = cursors[c].score()
                    contribution[c] = s
                    score += s
                    cursors[c].advance()
                }
            }
            // Probe non-essential lists, largest bound first, while they can still matter.
            var i = firstEssential - 1
            var pruned = false
            while i >= 0 {
                if (score + upper[i]) * boundSlack <= queue.threshold {
                    pruned = true
                    break
                }
                let c = order[i]
                cursors[c].advance(to: d)
                if cursors[c].doc == d {
                    let s = cursors[c].score()
                    contribution[c] = s
                    score += s
                }
                i -= 1
            }
            if !pruned && score * boundSlack > queue.threshold {
                var exact: Float = 0  // summed in query order, as every algorithm does
                for c in 0..<n { exact += contribution[c] }
                if queue.wouldEnter(exact) {
                    queue.insert(exact, doc: base + UInt64(d))
                    while firstEssential < n && upper[firstEssential] * boundSlack <= queue.threshold { firstEssential += 1 }
                }
            }
            for c in 0..<n { contribution[c] = 0 }
        }
    }
}
