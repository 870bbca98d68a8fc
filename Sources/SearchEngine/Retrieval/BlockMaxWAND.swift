/// Block-max WAND (Ding & Suel 2011, as in PISA's block_max_wand_query): after WAND finds a pivot,
/// the block bounds of the cursors up to the pivot are checked too; when even they cannot beat the
/// threshold, the whole region up to the end of the shortest of those blocks is skipped.
enum BlockMaxWAND {
    /// Adds the segment's best matches to `queue`.
    /// - Parameters:
    ///   - cursors: one per query term.
    ///   - base: global order of the segment's document 0.
    static func search<C: PostingCursor>(_ cursors: inout [C], acceptor: DocAcceptor, base: UInt64, queue: inout TopKQueue) {
        var order = Array(cursors.indices)
        WAND.sortByDoc(&order, cursors)
        while let (pivot, pivotDoc) = WAND.findPivot(order, cursors, threshold: queue.threshold) {
            var blockBound: Double = 0
            for i in 0...pivot {
                cursors[order[i]].shallowAdvance(to: pivotDoc)
                blockBound += Double(cursors[order[i]].blockMaxScore())
            }
            if blockBound * boundSlack > queue.threshold {
                if cursors[order[0]].doc == pivotDoc {
                    if acceptor.accepts(pivotDoc) {
                        let s = Exhaustive.canonicalScore(&cursors, doc: pivotDoc)
                        if queue.wouldEnter(s) { queue.insert(s, doc: base + UInt64(pivotDoc)) }
                    }
                    for i in 0...pivot where cursors[order[i]].doc == pivotDoc { cursors[order[i]].advance() }
                } else {
                    var p = pivot
                    while cursors[order[p]].doc == pivotDoc { p -= 1 }
                    cursors[order[p]].advance(to: pivotDoc)
                }
            } else {
                // No document up to the end of the shortest block can enter: skip past it.
                var next = DocID.terminated
                var mover = 0
                for i in 0...pivot {
                    next = min(next, cursors[order[i]].lastDocInBlock)
                    if cursors[order[i]].maxScore > cursors[order[mover]].maxScore { mover = i }
                }
                next = next == DocID.terminated ? next : next + 1
                if pivot + 1 < order.count { next = min(next, cursors[order[pivot + 1]].doc) }
                if next <= pivotDoc { next = pivotDoc + 1 }
                cursors[order[mover]].advance(to: next)
            }
            WAND.sortByDoc(&order, cursors)
        }
    }
}
