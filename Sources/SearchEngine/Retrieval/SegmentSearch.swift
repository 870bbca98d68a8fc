/// The per-segment part of a search, shared by the float index (`IndexSnapshot`) and the impact index
/// (`ImpactIndex`): skip segments that cannot hold a wanted document, open one cursor per query term the
/// segment has, and run the request's algorithm over them into one queue.
struct SegmentSearch<Segment: SegmentPostings & Sendable>: Sendable {
    /// The segments, in global document order.
    let segments: [Segment]
    /// Deleted documents of each segment as a bit set (`nil`: none).
    let deletions: [FrozenArray<UInt64>?]
    /// Number of deleted documents in each segment.
    let deletedCounts: [Int]

    /// The id of each query term in each segment (`nil` where the segment lacks it).
    func termIDs(_ query: Query) -> [[Int?]] {
        segments.map { segment in query.terms.map { segment.directory.termID($0.bytes) } }
    }

    /// Runs `request.algorithm` over every segment that may hold a wanted document.
    /// - Parameters:
    ///   - termIDs: as `termIDs(_:)` gives them.
    ///   - makeCursor: the cursor of query term `i` (id `t`) in segment `s`: `(s, i, t, buffer)`, where
    ///     `buffer` is scratch space for 2 × 128 values that outlives the cursor.
    ///   - blockMaxScore: runs `.blockMaxScore` instead of `BlockMaxScore.search` when given.
    func run<C: PostingCursor>(
        _ request: SearchRequest, termIDs: [[Int?]], queue: inout TopKQueue,
        makeCursor: (Int, Int, Int, UnsafeMutablePointer<UInt32>) -> C,
        blockMaxScore: ((inout [C], DocAcceptor, UInt64, inout TopKQueue) -> Void)? = nil
    ) {
        let terms = termIDs.first?.count ?? 0
        let stride = 2 * PostingsWriter.blockSize
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: max(terms, 1) * stride)
        defer { buffer.deallocate() }
        for (s, segment) in segments.enumerated() {
            var wanted: UInt32 = 0
            if let filter = request.filter {
                guard let ordinal = segment.directory.filterOrdinal(filter) else { continue }
                wanted = ordinal
            }
            if deletedCounts[s] == segment.directory.docCount { continue }
            var cursors: [C] = []
            cursors.reserveCapacity(terms)
            for i in 0..<terms {
                guard let t = termIDs[s][i] else { continue }
                cursors.append(makeCursor(s, i, t, buffer + cursors.count * stride))
            }
            if cursors.isEmpty { continue }
            let acceptor = DocAcceptor(
                deleted: deletions[s].map { UnsafePointer($0.base) },
                filter: request.filter == nil ? nil : UnsafePointer(segment.directory.docFilter.base), wanted: wanted)
            let base = UInt64(s) << 32
            switch request.algorithm {
            case .exhaustive: Exhaustive.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .wand: WAND.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .blockMaxWAND: BlockMaxWAND.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .maxScore: MaxScore.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .blockMaxScore:
                if let blockMaxScore {
                    blockMaxScore(&cursors, acceptor, base, &queue)
                } else {
                    BlockMaxScore.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
                }
            }
        }
    }

    /// The hits of `queue`'s results, best first, with each score mapped by `score`.
    func hits(_ queue: TopKQueue, score: (Double) -> Double = { $0 }) -> [SearchHit] {
        queue.sorted().map { result in
            let s = Int(result.doc >> 32)
            return SearchHit(id: segments[s].directory.externalID(Int(result.doc & 0xFFFF_FFFF)), score: score(result.score))
        }
    }
}
