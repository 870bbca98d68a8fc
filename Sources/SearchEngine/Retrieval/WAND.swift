/// WAND (Broder et al. 2003): keep the cursors ordered by document; the pivot is the first cursor at
/// which the summed maximum contributions of the cursors before it exceed the threshold. A document
/// before the pivot cannot enter, so lagging cursors jump straight to the pivot document.
enum WAND {
    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        var order = Array(cursors.indices)
        sortByDoc(&order, cursors)
        while let (pivot, pivotDoc) = findPivot(order, cursors, threshold: queue.threshold) {
            if cursors[order[0]].doc == pivotDoc {
                if acceptor.accepts(pivotDoc) {
                    let s = Exhaustive.canonicalScore(&cursors, doc: pivotDoc)
                    if queue.wouldEnter(s) { queue.insert(s, doc: base + UInt64(pivotDoc)) }
                }
                for i in 0...pivot where cursors[order[i]].doc == pivotDoc { cursors[order[i]].advance() }
            } else {
                // Move the last lagging cursor before the pivot up to the pivot document.
                var p = pivot
                while cursors[order[p]].doc == pivotDoc { p -= 1 }
                cursors[order[p]].advance(to: pivotDoc)
            }
            sortByDoc(&order, cursors)
        }
    }

    /// Insertion sort of `order` by cursor document (nearly sorted after each step).
    @inline(__always)
    static func sortByDoc<C: PostingCursor>(_ order: inout [Int], _ cursors: [C]) {
        for i in 1..<max(order.count, 1) {
            let x = order[i]
            let d = cursors[x].doc
            var j = i - 1
            while j >= 0 && cursors[order[j]].doc > d {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = x
        }
    }

    /// The pivot position (extended over cursors on the same document) and its document, or `nil`
    /// when no remaining document can beat `threshold`.
    @inline(__always)
    static func findPivot<C: PostingCursor>(_ order: [Int], _ cursors: [C], threshold: Double) -> (Int, UInt32)? {
        var sum: Double = 0
        for i in order.indices {
            let c = order[i]  // an index: copying the cursor itself would copy its whole state
            let doc = cursors[c].doc
            if doc == DocID.terminated { return nil }
            sum += Double(cursors[c].maxScore)
            if sum * boundSlack > threshold {
                var p = i
                while p + 1 < order.count && cursors[order[p + 1]].doc == doc { p += 1 }
                return (p, doc)
            }
        }
        return nil
    }
}
