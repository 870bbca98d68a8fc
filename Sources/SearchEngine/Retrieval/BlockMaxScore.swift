/// MaxScore over windows of documents with per-window block bounds, as Lucene's
/// MaxScoreBulkScorer does: for each window of `windowSize` documents, the terms' bounds are taken
/// from the blocks overlapping the window (much tighter than list-wide bounds), the terms are split
/// into essential and non-essential ones, the essential lists are scored term at a time into an
/// array of accumulators, and only documents they hit are completed by probing non-essential lists,
/// largest bound first, while those can still lift them over the threshold. Windows whose bounds
/// cannot beat the threshold are skipped without decoding.
enum BlockMaxScore {
    /// Documents per window.
    static let windowSize = 4096

    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    /// - Precondition: every cursor's block bounds bound its contributions.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        let n = cursors.count
        guard n > 0 else { return }
        cursors.withUnsafeMutableBufferPointer { cursors in
            search(cursors, acceptor: acceptor, base: base, queue: &queue)
        }
    }

    /// `search` on the caller's cursor buffer; the working arrays are raw buffers, so the loops carry
    /// no copy-on-write or bounds checks.
    private static func search<C: PostingCursor>(
        _ cursors: UnsafeMutableBufferPointer<C>, acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue
    ) {
        let n = cursors.count
        let scores = UnsafeMutablePointer<Double>.allocate(capacity: windowSize)
        scores.initialize(repeating: 0, count: windowSize)
        let seen = UnsafeMutablePointer<UInt64>.allocate(capacity: windowSize / 64)
        seen.initialize(repeating: 0, count: windowSize / 64)
        let order = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let bound = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let upper = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer {
            scores.deallocate()
            seen.deallocate()
            order.deallocate()
            bound.deallocate()
            upper.deallocate()
        }
        for i in 0..<n { order[i] = i }

        var start = DocID.terminated
        for c in 0..<n { start = min(start, cursors[c].doc) }
        while start != DocID.terminated {
            let end = UInt32(min(UInt64(start) + UInt64(windowSize), UInt64(DocID.terminated)))
            // Bounds of each term inside this window, terms by increasing bound, prefix sums.
            for c in 0..<n {
                bound[c] = cursors[c].doc >= end ? 0 : Double(cursors[c].maxScore(from: start, to: end - 1))
            }
            for i in 1..<max(n, 1) {  // insertion sort: n is small, and the order changes little between windows
                let x = order[i]
                var j = i - 1
                while j >= 0 && bound[order[j]] > bound[x] {
                    order[j + 1] = order[j]
                    j -= 1
                }
                order[j + 1] = x
            }
            var running = 0.0
            for i in 0..<n {
                running += bound[order[i]]
                upper[i] = running
            }
            var firstEssential = 0
            while firstEssential < n && upper[firstEssential] * boundSlack <= queue.threshold { firstEssential += 1 }

            if firstEssential < n {
                for i in firstEssential..<n {
                    let c = order[i]
                    cursors[c].advance(to: start)
                    cursors[c].accumulate(until: end, windowStart: start, scores: scores, seen: seen)
                }
                for word in 0..<(windowSize / 64) {
                    var bits = seen[word]
                    if bits == 0 { continue }
                    seen[word] = 0
                    while bits != 0 {
                        let j = word * 64 + bits.trailingZeroBitCount
                        bits &= bits &- 1
                        let partial = scores[j]
                        scores[j] = 0
                        // Most candidates fail here: what the essential lists gave plus every other
                        // list's bound cannot beat the threshold.
                        if firstEssential > 0, (partial + upper[firstEssential - 1]) * boundSlack <= queue.threshold { continue }
                        let d = start + UInt32(j)
                        if !acceptor.accepts(d) { continue }
                        // Probe the non-essential lists, largest bound first, while they can still lift
                        // the candidate over the threshold (MaxScore.completeScore, written out here).
                        var score = partial
                        var i = firstEssential - 1
                        let threshold = queue.threshold
                        while i >= 0 {
                            if (score + upper[i]) * boundSlack <= threshold { break }
                            let c = order[i]
                            cursors[c].advance(to: d)
                            if cursors[c].doc == d { score += Double(cursors[c].score()) }
                            i -= 1
                        }
                        if i < 0, queue.wouldEnter(score) {
                            queue.insert(score, doc: base + UInt64(d))
                            while firstEssential < n && upper[firstEssential] * boundSlack <= queue.threshold {
                                firstEssential += 1
                            }
                        }
                    }
                }
            }
            // The next window starts at the first document any list may still have at or after `end`.
            var next = DocID.terminated
            for c in 0..<n where end != DocID.terminated { next = min(next, cursors[c].nextPossibleDoc(atLeast: end)) }
            start = next
        }
    }
}
