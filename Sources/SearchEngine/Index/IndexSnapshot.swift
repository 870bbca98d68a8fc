/// An immutable view of the whole index: its segments with their deletions. Readers take the current
/// snapshot and search it with no lock held; writers build a new one and swap it in.
final class IndexSnapshot: Sendable {
    /// The configuration every segment was built with.
    let configuration: IndexConfiguration
    /// The segments, in global document order.
    let segments: [Segment]
    /// Stable identity of each segment, for the writer's id map.
    let segmentIDs: [UInt64]
    /// Deleted documents of each segment as a bit set (`nil`: none).
    let deletions: [FrozenArray<UInt64>?]
    /// Number of deleted documents in each segment.
    let deletedCounts: [Int]
    /// The caller's checkpoint (a change sequence) the snapshot reflects.
    let checkpoint: Int64
    /// Collection statistics over all segments.
    let statistics: CollectionStatistics
    /// The typo corrections of words searched in this snapshot (`SearchRequest.typoCorrection`).
    let corrections = CorrectionMemo()

    init(
        configuration: IndexConfiguration, segments: [Segment], segmentIDs: [UInt64],
        deletions: [FrozenArray<UInt64>?], deletedCounts: [Int], checkpoint: Int64
    ) {
        precondition(segments.count == segmentIDs.count && segments.count == deletions.count && segments.count == deletedCounts.count)
        self.configuration = configuration
        self.segments = segments
        self.segmentIDs = segmentIDs
        self.deletions = deletions
        self.deletedCounts = deletedCounts
        self.checkpoint = checkpoint
        var documents = 0
        var length = 0.0
        for s in segments {
            documents += s.directory.docCount
            length += s.totalLength
        }
        self.statistics = CollectionStatistics(documentCount: documents, totalLength: length)
    }

    /// An empty snapshot.
    convenience init(configuration: IndexConfiguration) {
        self.init(configuration: configuration, segments: [], segmentIDs: [], deletions: [], deletedCounts: [], checkpoint: 0)
    }

    /// Documents that are not deleted.
    var liveCount: Int {
        var n = 0
        for (s, d) in zip(segments, deletedCounts) { n += s.directory.docCount - d }
        return n
    }

    /// Memory held by the segments and deletion sets.
    var byteCount: Int {
        segments.reduce(0) { $0 + $1.byteCount } + deletions.reduce(0) { $0 + ($1?.byteCount ?? 0) }
    }

    /// The highest score the request could give a document: BM25's sum over the terms of query weight × idf ×
    /// (k1 + 1), words no document holds included, a trailing partial word counted as its rarest completion; 1 for
    /// TF-IDF, whose cosine is at most 1. 0 when the request has no terms.
    func scoreCeiling(_ request: SearchRequest) -> Double {
        searchWithCeiling(request, scoring: false).ceiling
    }

    /// Runs `request` against this snapshot.
    func search(_ request: SearchRequest) -> [SearchHit] {
        searchWithCeiling(request).hits
    }

    /// Runs `request` against this snapshot, and gives its score ceiling (`scoreCeiling`) from the same analysis and
    /// document frequencies. With `scoring` false, only the ceiling.
    func searchWithCeiling(_ request: SearchRequest, scoring: Bool = true) -> (hits: [SearchHit], ceiling: Double) {
        let outcome = searchWithCorrections(request, scoring: scoring)
        return (outcome.hits, outcome.ceiling)
    }

    /// `searchWithCeiling`, and the words the request's typo correction read as other terms (`Query.corrections`).
    func searchWithCorrections(
        _ request: SearchRequest, scoring: Bool = true
    ) -> (hits: [SearchHit], ceiling: Double, corrections: [(typo: [UInt8], term: [UInt8])]) {
        // Bounded before use: whatever a caller passes, the queue and the query stay small.
        var request = request
        request.k = min(request.k, SearchRequest.maximumK)
        request.maxExpansions = min(request.maxExpansions, SearchRequest.maximumExpansions)
        let query = QueryParser.parse(request, analyzer: configuration.analyzer, segments: segments, corrections: corrections)
        guard !query.terms.isEmpty else { return ([], 0, query.corrections) }
        // Collection-wide document frequency of each query term, and its id in each segment.
        let search = SegmentSearch(segments: segments, deletions: deletions, deletedCounts: deletedCounts)
        let termIDs = search.termIDs(query)
        var documentFrequency = [Int](repeating: 0, count: query.terms.count)
        for (s, segment) in segments.enumerated() {
            for (i, id) in termIDs[s].enumerated() {
                if let id { documentFrequency[i] += Int(segment.directory.termDocFreq[id]) }
            }
        }
        let n = statistics.documentCount
        let ceiling = Self.ceiling(query, documentFrequency: documentFrequency, documentCount: n, scoring: request.scoring)
        guard scoring, request.k > 0, !segments.isEmpty else { return ([], ceiling, query.corrections) }
        var queue = TopKQueue(k: request.k)
        switch request.scoring {
        case .bm25(let k1, let b):
            let idf = documentFrequency.map { BM25.idf(documentCount: n, documentFrequency: $0) }
            let avgdl = statistics.averageLength
            run(search, request, termIDs: termIDs, queue: &queue) { segment, i in
                BM25Scorer(
                    queryWeight: query.terms[i].weight, idf: idf[i], k1: k1, b: b, averageLength: avgdl,
                    docLength: UnsafePointer(segment.docLength.base))
            }
        case .tfidf:
            var weights = [Double](repeating: 0, count: query.terms.count)
            var squares = 0.0
            for i in query.terms.indices where documentFrequency[i] > 0 {
                weights[i] = TFIDF.logTF(query.terms[i].weight) * TFIDF.idf(documentCount: n, documentFrequency: documentFrequency[i])
                squares += weights[i] * weights[i]
            }
            let norm = squares > 0 ? squares.squareRoot() : 1
            run(search, request, termIDs: termIDs, queue: &queue) { segment, i in
                TFIDFScorer(weight: Float(weights[i] / norm), inverseNorm: UnsafePointer(segment.inverseNorm.base))
            }
        }
        let hits = search.hits(queue)
        return (hits, ceiling, query.corrections)
    }

    /// `scoreCeiling` from the query's terms and their collection-wide document frequencies.
    private static func ceiling(_ query: Query, documentFrequency: [Int], documentCount n: Int, scoring: Scoring) -> Double {
        guard case .bm25(let k1, _) = scoring else { return 1 }
        var ceiling = 0.0
        var completion = 0.0
        for (i, term) in query.terms.enumerated() {
            let idf = BM25.idf(documentCount: n, documentFrequency: documentFrequency[i])
            if i < query.completionsStart { ceiling += term.weight * idf } else { completion = max(completion, idf) }
        }
        return (ceiling + completion) * (k1 + 1)
    }

    /// Runs the request's algorithm over every segment with cursors scored by `makeScorer` (term `i` in a segment).
    private func run<S: TermScorer>(
        _ search: SegmentSearch<Segment>, _ request: SearchRequest, termIDs: [[Int?]], queue: inout TopKQueue,
        makeScorer: (Segment, Int) -> S
    ) {
        search.run(request, termIDs: termIDs, queue: &queue) { s, i, t, buffer in
            let segment = segments[s]
            let scorer = TermBlockScorer(segment: segment, term: t, scorer: makeScorer(segment, i))
            return BlockPostingCursor(segment: segment, term: t, scorer: scorer, buffer: buffer)
        }
    }
}
