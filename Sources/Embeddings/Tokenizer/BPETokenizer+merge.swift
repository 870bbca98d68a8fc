extension BPETokenizer {
    /// Applies the merge rules to `symbols` until no adjacent pair has one, lowest rank first and,
    /// among equal ranks, leftmost first: the order of `tokenizers`' `Word::merge_all`, which this follows
    /// step by step (a priority queue of candidate pairs; entries whose symbols have changed since they were
    /// queued are skipped when they come up). Merged-away symbols are set to -1.
    ///
    /// Only the symbols in `range` take part: pairs never reach outside it. `previous`, `next` and `queue` are
    /// scratch space, passed in so that their storage is reused.
    /// - Complexity: O(*n* log *n*) for *n* symbols in `range`.
    func mergeAll(_ symbols: inout [Int32], in range: Range<Int>, previous: inout [Int32], next: inout [Int32], queue: inout MergeQueue) {
        guard range.count > 1 else { return }
        if previous.count < symbols.count {
            previous = [Int32](repeating: 0, count: symbols.count)
            next = [Int32](repeating: 0, count: symbols.count)
        }
        queue.removeAll()
        let merges = self.merges
        symbols.withUnsafeMutableBufferPointer { symbols in
            previous.withUnsafeMutableBufferPointer { previous in
                next.withUnsafeMutableBufferPointer { next in
                    for i in range {
                        previous[i] = Int32(i - 1)
                        next[i] = Int32(i + 1)
                    }
                    previous[range.lowerBound] = -1
                    next[range.upperBound - 1] = -1
                    for i in range.dropLast() {
                        if let m = merges.merge(symbols[i], symbols[i + 1]) { queue.push(rank: m.rank, position: i) }
                    }
                    while let (rank, position) = queue.pop() {
                        // Skip entries made stale by earlier merges: the left symbol is gone, it is last, or the
                        // pair is no longer the one queued (its rank differs).
                        let left = symbols[position]
                        guard left >= 0 else { continue }
                        let right = Int(next[position])
                        guard right >= 0, let m = merges.merge(left, symbols[right]), m.rank == rank else { continue }

                        symbols[position] = m.merged
                        symbols[right] = -1
                        let after = next[right]
                        next[position] = after
                        if after >= 0 { previous[Int(after)] = Int32(position) }

                        let before = Int(previous[position])
                        if before >= 0, let p = merges.merge(symbols[before], m.merged) {
                            queue.push(rank: p.rank, position: before)
                        }
                        if after >= 0, let p = merges.merge(m.merged, symbols[Int(after)]) {
                            queue.push(rank: p.rank, position: position)
                        }
                    }
                }
            }
        }
    }
}

/// A binary min-heap of merge candidates ordered by rank, then position (both packed into one `UInt64`).
struct MergeQueue {
    private var heap: [UInt64] = []

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    /// - Complexity: O(log *n*).
    mutating func push(rank: UInt32, position: Int) {
        heap.append(UInt64(rank) << 32 | UInt64(UInt32(truncatingIfNeeded: position)))
        heap.withUnsafeMutableBufferPointer { h in
            var child = h.count - 1
            let value = h[child]
            while child > 0 {
                let parent = (child - 1) / 2
                guard h[parent] > value else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = value
        }
    }

    /// The candidate with the lowest rank (leftmost among equals), removed.
    /// - Complexity: O(log *n*).
    mutating func pop() -> (rank: UInt32, position: Int)? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return (UInt32(last >> 32), Int(UInt32(truncatingIfNeeded: last))) }
        let top = heap[0]
        heap.withUnsafeMutableBufferPointer { h in
            var parent = 0
            let count = h.count
            while true {
                var child = 2 * parent + 1
                if child >= count { break }
                if child + 1 < count && h[child + 1] < h[child] { child += 1 }
                guard h[child] < last else { break }
                h[parent] = h[child]
                parent = child
            }
            h[parent] = last
        }
        return (UInt32(top >> 32), Int(UInt32(truncatingIfNeeded: top)))
    }
}
