/// A frozen BM25 index of quantised impacts, derived from one snapshot of a `SearchIndex`.
///
/// Every posting's BM25 contribution `idf · tf (k1 + 1) / (tf + k1 (1 − b + b · dl / avgdl))` (query weight 1,
/// the collection statistics of the snapshot) is computed once, at freezing time, and stored as an 8-bit
/// impact `max(1, round(score × 255 / maximumScore))`, where `maximumScore` is the largest contribution of
/// any posting of the snapshot (one global quantiser). A document's quantised score for a query is the
/// integer `Σ qtf · impact` over the query terms it holds. Each segment is frozen into a layout of its own
/// (`ImpactSegment`): postings stay in document order as blocks of bit-packed document gaps and impacts,
/// without frequencies, lengths or float bounds; each block of 128 postings gets its exact largest impact,
/// so block-max MaxScore prunes with bounds that are exact per block and scores without a division or a
/// length lookup per posting. Ids, dictionaries and filter values are shared with the snapshot.
///
/// The top-k is exact with respect to the quantised scores: every `RetrievalAlgorithm` returns the same
/// documents as scoring every match, ties broken by index order. It differs from the float BM25 ranking
/// of `SearchIndex.search` only where quantisation reorders documents (`Benchmarks/README.md`, "Quantised
/// impacts").
///
/// The index is immutable: changes to the `SearchIndex` after freezing are not seen (freeze again).
public final class ImpactIndex: Sendable {
    /// Impacts run from 1 to `levels`.
    public static let levels = 255

    /// The analyzer of the frozen index, for queries.
    let analyzer: Analyzer
    /// The frozen segments, in global document order, with the snapshot's deletions.
    let segmentSearch: SegmentSearch<ImpactSegment>
    /// The BM25 saturation the impacts were computed with.
    public let k1: Double
    /// The BM25 length normalisation the impacts were computed with.
    public let b: Double
    /// The largest float BM25 contribution of any posting (query weight 1); impact `levels` stands for it.
    public let maximumScore: Double

    /// Freezes the current snapshot of `index` into impacts, on the calling thread.
    /// - Parameters:
    ///   - index: the live index; later changes to it are not reflected.
    ///   - k1: BM25 saturation.
    ///   - b: BM25 length normalisation.
    /// - Complexity: O(postings), two passes (one for the quantiser's maximum, one to quantise).
    public convenience init(freezing index: SearchIndex, k1: Double = BM25.defaultK1, b: Double = BM25.defaultB) {
        let quantiser = Quantiser(snapshot: index.snapshot, k1: k1, b: b)
        let maximum = quantiser.snapshot.segments.indices.reduce(Float(0)) { max($0, quantiser.maximum(segment: $1)) }
        self.init(quantiser, maximum: maximum, segments: quantiser.snapshot.segments.indices.map { quantiser.impacts(segment: $0, maximum: maximum) })
    }

    /// Freezes the current snapshot of `index` into impacts like `init(freezing:k1:b:)`, one task per segment.
    public static func freezing(_ index: SearchIndex, k1: Double = BM25.defaultK1, b: Double = BM25.defaultB) async -> ImpactIndex {
        let quantiser = Quantiser(snapshot: index.snapshot, k1: k1, b: b)
        let count = quantiser.snapshot.segments.count
        let maximum = await withTaskGroup(of: Float.self) { group in
            for s in 0..<count { group.addTask { quantiser.maximum(segment: s) } }
            return await group.reduce(Float(0)) { max($0, $1) }
        }
        let segments = await withTaskGroup(of: (Int, ImpactSegment).self) { group in
            for s in 0..<count { group.addTask { (s, quantiser.impacts(segment: s, maximum: maximum)) } }
            var built = [ImpactSegment?](repeating: nil, count: count)
            for await (s, impacts) in group { built[s] = impacts }
            return built.compactMap { $0 }
        }
        return ImpactIndex(quantiser, maximum: maximum, segments: segments)
    }

    private init(_ quantiser: Quantiser, maximum: Float, segments: [ImpactSegment]) {
        let snapshot = quantiser.snapshot
        precondition(segments.count == snapshot.segments.count)
        analyzer = snapshot.configuration.analyzer
        segmentSearch = SegmentSearch(segments: segments, deletions: snapshot.deletions, deletedCounts: snapshot.deletedCounts)
        k1 = quantiser.k1
        b = quantiser.b
        maximumScore = Double(maximum)
    }

    /// Float BM25 contributions of every posting of a snapshot (query weight 1), and their quantisation.
    private struct Quantiser: Sendable {
        let snapshot: IndexSnapshot
        let k1: Double
        let b: Double
        /// Collection-wide idf of every term of every segment.
        let idf: [[Double]]

        init(snapshot: IndexSnapshot, k1: Double, b: Double) {
            self.snapshot = snapshot
            self.k1 = k1
            self.b = b
            let n = snapshot.statistics.documentCount
            idf = snapshot.segments.map { segment in
                (0..<segment.directory.dictionary.count).map { t in
                    var df = 0
                    let bytes = segment.directory.dictionary.term(t)
                    for other in snapshot.segments {
                        if other === segment {
                            df += Int(segment.directory.termDocFreq[t])
                        } else if let u = other.directory.dictionary.lookup(bytes) {
                            df += Int(other.directory.termDocFreq[u])
                        }
                    }
                    return BM25.idf(documentCount: n, documentFrequency: df)
                }
            }
        }

        /// The scorer of term `t` of segment `s`: the float search's, with query weight 1.
        func scorer(_ s: Int, _ t: Int) -> BM25Scorer {
            BM25Scorer(
                queryWeight: 1, idf: idf[s][t], k1: k1, b: b, averageLength: snapshot.statistics.averageLength,
                docLength: UnsafePointer(snapshot.segments[s].docLength.base))
        }

        /// The largest contribution of any posting of segment `s`.
        func maximum(segment s: Int) -> Float {
            var maximum: Float = 0
            let segment = snapshot.segments[s]
            for t in 0..<segment.directory.dictionary.count {
                let scorer = scorer(s, t)
                segment.forEachBlock(of: t) { postings, n in
                    for i in 0..<n {
                        maximum = max(maximum, scorer.score(units: postings[PostingsWriter.blockSize + i], doc: postings[i]))
                    }
                }
            }
            return maximum
        }

        /// The impacts of segment `s` under the global `maximum`.
        func impacts(segment s: Int, maximum: Float) -> ImpactSegment {
            let scale = maximum > 0 ? Float(ImpactIndex.levels) / maximum : 0
            return ImpactSegment(segment: snapshot.segments[s], scale: scale) { scorer(s, $0) }
        }
    }

    /// The frozen segments, in global document order.
    var segments: [ImpactSegment] { segmentSearch.segments }

    /// Documents searched (deleted ones excluded).
    public var documentCount: Int {
        zip(segmentSearch.segments, segmentSearch.deletedCounts).reduce(0) { $0 + $1.0.directory.docCount - $1.1 }
    }

    /// Memory of the arrays only the impact index has: its postings and bounds (the rest it shares with the
    /// float index it was frozen from).
    public var impactBytes: Int { segments.reduce(0) { $0 + $1.ownByteCount } }

    /// Memory held in all: the segments (shared arrays included) and the deletions.
    public var memoryBytes: Int {
        segments.reduce(0) { $0 + $1.byteCount } + segmentSearch.deletions.reduce(0) { $0 + ($1?.byteCount ?? 0) }
    }

    /// Runs `request` over the quantised impacts. `request.scoring` is ignored (the impacts are BM25 with the
    /// `k1` and `b` given at freezing); filter, k, prefix completion and algorithm apply as in `SearchIndex`.
    /// - Returns: the hits, best first; a hit's score is its quantised score × `maximumScore / levels`, an
    ///   approximation of its float BM25 score.
    public func search(_ request: SearchRequest) -> [SearchHit] {
        let unit = maximumScore / Double(Self.levels)
        guard let queue = quantisedQueue(request) else { return [] }
        return segmentSearch.hits(queue) { $0 * unit }
    }

    /// The quantised top-k: global document order (segment << 32 | document) and integer score, best first
    /// (score descending, then document order).
    /// - Parameters:
    ///   - integer: block-max MaxScore runs as `ImpactMaxScore` (integer sums) rather than `BlockMaxScore`.
    ///   - floors: the search starts from the best term floor when it may (see `startingFloor`).
    ///   - windowSize: the documents per window of `ImpactMaxScore` (tests use small ones to cross many windows).
    func searchQuantised(
        _ request: SearchRequest, integer: Bool = true, floors: Bool = true, windowSize: Int = ImpactMaxScore.windowSize
    ) -> [(doc: UInt64, score: Int)] {
        // Scores are sums of small integers, exact in a Double.
        quantisedQueue(request, integer: integer, floors: floors, windowSize: windowSize)?.sorted()
            .map { (doc: $0.doc, score: Int($0.score)) } ?? []
    }

    /// The queue of the quantised top-k (`nil` when nothing can match).
    private func quantisedQueue(
        _ request: SearchRequest, integer: Bool = true, floors: Bool = true, windowSize: Int = ImpactMaxScore.windowSize
    ) -> TopKQueue? {
        var request = request
        request.k = min(request.k, SearchRequest.maximumK)
        request.maxExpansions = min(request.maxExpansions, SearchRequest.maximumExpansions)
        guard request.k > 0, !segments.isEmpty else { return nil }
        let query = QueryParser.parse(request, analyzer: analyzer, segments: segments)
        guard !query.terms.isEmpty else { return nil }
        // A query weight is a small count; the clamp keeps weight × impact exact in a Float.
        let weights = query.terms.map { UInt32(min(max($0.weight, 1), 65_535)) }
        let termIDs = segmentSearch.termIDs(query)
        var queue = TopKQueue(k: request.k, floor: floors ? startingFloor(termIDs, weights: weights, request: request) : 0)
        // Integer sums stay far below 2³¹ unless a hostile text repeats a word tens of thousands of times.
        let integer = integer && weights.reduce(0) { $0 + Int($1) } * Self.levels < 1 << 30
        let segments = self.segments
        segmentSearch.run(
            request, termIDs: termIDs, queue: &queue,
            makeCursor: { s, i, t, buffer in
                ImpactPostingCursor(
                    segment: segments[s], term: t, scorer: ImpactScorer(segment: segments[s], term: t, weight: weights[i]), buffer: buffer)
            },
            blockMaxScore: integer
                ? { ImpactMaxScore.search(&$0, acceptor: $1, base: $2, queue: &$3, windowSize: windowSize) } : nil)
        return queue
    }

    /// A score that at least `request.k` documents beat (minus one, since scores are integers and a document
    /// must beat the queue's floor to enter): the largest weight × `termFloor` of any query term in any
    /// segment, each of whose `floorRank` best documents for that term scores at least that much. 0 when
    /// `k` exceeds `floorRank` or when a filter or deletions could remove those documents.
    private func startingFloor(_ termIDs: [[Int?]], weights: [UInt32], request: SearchRequest) -> Double {
        guard request.k <= ImpactSegment.floorRank, request.filter == nil else { return 0 }
        var floor = 0
        for (s, segment) in segments.enumerated() where segmentSearch.deletedCounts[s] == 0 {
            for (i, t) in termIDs[s].enumerated() {
                guard let t else { continue }
                floor = max(floor, Int(weights[i]) * Int(segment.termFloor[t]))
            }
        }
        return Double(max(floor - 1, 0))
    }
}
