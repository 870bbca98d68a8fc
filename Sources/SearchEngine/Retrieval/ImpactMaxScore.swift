/// Block-max MaxScore (as `BlockMaxScore`) over quantised impacts, in integers: per window of
/// `windowSize` documents the terms' bounds are their blocks' exact largest impacts × query weight, the
/// essential lists add impact × weight into 32-bit accumulators, and candidates are completed by probing
/// the other lists while their bounds can still lift them over the threshold. Scores are exact integers,
/// so no slack is needed in the comparisons, and the answers are exactly those of `Exhaustive` over the
/// same cursors.
enum ImpactMaxScore {
    /// Documents per window. At 1M documents, 16,384 answered faster than 4,096 or 8,192 and as fast as 32,768
    /// (Benchmarks/README.md §1); its accumulators (64 KiB) stay in the second-level cache.
    static let windowSize = 16_384

    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    ///   - windowSize: documents per window, a positive multiple of 64 (smaller ones only in tests, to cross many
    ///     windows on small indexes).
    /// - Precondition: the sum over the cursors of their largest score is below 2³¹ (so no sum wraps), and
    ///   `queue`'s scores are integers.
    static func search(
        _ cursors: inout [ImpactPostingCursor], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue,
        windowSize: Int = windowSize
    ) {
        guard !cursors.isEmpty else { return }
        precondition(windowSize > 0 && windowSize % 64 == 0)
        assert(cursors.reduce(0.0) { $0 + Double($1.maxScore) } < Double(1 << 31))
        cursors.withUnsafeMutableBufferPointer { cursors in
            search(cursors, acceptor: acceptor, base: base, queue: &queue, windowSize: windowSize)
        }
    }

    private static func search(
        _ cursors: UnsafeMutableBufferPointer<ImpactPostingCursor>, acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue,
        windowSize: Int
    ) {
        let n = cursors.count
        let scores = UnsafeMutablePointer<UInt32>.allocate(capacity: windowSize)
        scores.initialize(repeating: 0, count: windowSize)
        let seen = UnsafeMutablePointer<UInt64>.allocate(capacity: windowSize / 64)
        seen.initialize(repeating: 0, count: windowSize / 64)
        let order = UnsafeMutablePointer<Int>.allocate(capacity: n)
        let bound = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        let upper = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        defer {
            scores.deallocate()
            seen.deallocate()
            order.deallocate()
            bound.deallocate()
            upper.deallocate()
        }
        for i in 0..<n { order[i] = i }
        // The queue's threshold as an integer (its scores are integers).
        var threshold = UInt32(queue.threshold)

        var start = DocID.terminated
        for c in 0..<n { start = min(start, cursors[c].doc) }
        while start != DocID.terminated {
            let end = UInt32(min(UInt64(start) + UInt64(windowSize), UInt64(DocID.terminated)))
            for c in 0..<n {
                bound[c] = cursors[c].doc >= end ? 0 : cursors[c].maxImpact(from: start, to: end - 1) &* cursors[c].integerWeight
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
            var running: UInt32 = 0
            for i in 0..<n {
                running &+= bound[order[i]]
                upper[i] = running
            }
            var firstEssential = 0
            while firstEssential < n && upper[firstEssential] <= threshold { firstEssential += 1 }

            if firstEssential < n {
                for i in firstEssential..<n {
                    let c = order[i]
                    cursors[c].advance(to: start)
                    cursors[c].accumulateImpacts(until: end, windowStart: start, scores: scores, seen: seen)
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
                        if firstEssential > 0, partial &+ upper[firstEssential - 1] <= threshold { continue }
                        let d = start + UInt32(j)
                        if !acceptor.accepts(d) { continue }
                        var score = partial
                        var i = firstEssential - 1
                        while i >= 0 {
                            if score &+ upper[i] <= threshold { break }
                            let c = order[i]
                            cursors[c].advance(to: d)
                            if cursors[c].doc == d { score &+= cursors[c].integerScore() }
                            i -= 1
                        }
                        if i < 0, score > threshold {
                            queue.insert(Double(score), doc: base + UInt64(d))
                            threshold = UInt32(queue.threshold)
                            while firstEssential < n && upper[firstEssential] <= threshold { firstEssential += 1 }
                        }
                    }
                }
            }
            var next = DocID.terminated
            for c in 0..<n where end != DocID.terminated { next = min(next, cursors[c].nextPossibleDoc(atLeast: end)) }
            start = next
        }
    }
}
