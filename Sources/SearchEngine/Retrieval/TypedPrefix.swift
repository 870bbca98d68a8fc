/// The words typed before the word being typed, scored once against one snapshot: what the keystrokes inside one word
/// share (`SearchIndex.searchWithCeiling(_:stableTerms:reusing:)`).
///
/// While a customer types "printer shows err", each keystroke changes only the last word. The scores that the earlier
/// words give every document do not change, so they are kept here (the documents they match, ascending, with their
/// sums), and a keystroke reads only the postings of its last word and that word's completions.
///
/// Holds the snapshot it was computed on (so it is used only with that very snapshot), the terms, and 16 bytes per
/// matching document; `byteCount` says how much. Immutable and shareable.
public final class TypedPrefix: Sendable {
    /// The snapshot the scores were computed on.
    let snapshot: IndexSnapshot
    /// The analysed terms of the complete words, repeats included, in order.
    let terms: [String]
    /// The request's filter.
    let filter: String?
    /// The request's scoring (BM25 only).
    let scoring: Scoring
    /// The terms as the query parser makes them (distinct, weighted by repeats).
    let query: Query
    /// Σ weight × idf over `query`'s terms, added in their order: the start of the ceiling's sum.
    let ceilingSum: Double
    /// The accepted documents that hold at least one of the terms, in ascending global order (segment << 32 | number).
    let documents: [UInt64]
    /// Each document's score for the terms, summed in term order.
    let scores: [Double]

    /// The most documents one prefix keeps; a prefix whose words match more is not kept (the search runs whole).
    public static let maximumDocuments = 32_768

    init(
        snapshot: IndexSnapshot, terms: [String], filter: String?, scoring: Scoring, query: Query, ceilingSum: Double,
        documents: [UInt64], scores: [Double]
    ) {
        self.snapshot = snapshot
        self.terms = terms
        self.filter = filter
        self.scoring = scoring
        self.query = query
        self.ceilingSum = ceilingSum
        self.documents = documents
        self.scores = scores
    }

    /// Memory held by the prefix apart from the snapshot it refers to.
    public var byteCount: Int {
        64 + terms.reduce(0) { $0 + 16 + $1.utf8.count } * 2 + documents.count * 16
    }

    /// Documents the complete words match.
    public var documentCount: Int { documents.count }

    /// Whether this prefix is the one `terms` (the complete words), `filter` and `scoring` need on `snapshot`.
    func fits(_ snapshot: IndexSnapshot, terms: ArraySlice<String>, filter: String?, scoring: Scoring) -> Bool {
        self.snapshot === snapshot && self.filter == filter && self.scoring == scoring && self.terms.elementsEqual(terms)
    }
}

extension IndexSnapshot {
    /// `searchWithCeiling` for a request whose first `stableTerms` analysed terms are complete words, reusing their
    /// scores from `reusing` when it fits, and giving the prefix the next keystroke can reuse.
    ///
    /// The hits and the ceiling are exactly those of `searchWithCeiling(request)`: the same sums of the same
    /// contributions (a document's score is exact whatever the order of its terms, see `TopKQueue`), the same tie
    /// order. The whole search runs instead when the request is not BM25 over analysed terms, when the word being
    /// typed repeats a complete one (its weight would change), or when the complete words match more than
    /// `TypedPrefix.maximumDocuments` documents.
    func searchWithCeiling(
        _ request: SearchRequest, stableTerms: Int, reusing: TypedPrefix?
    ) -> (hits: [SearchHit], ceiling: Double, prefix: TypedPrefix?) {
        guard case .bm25(let k1, let b) = request.scoring, let analyzed = request.analyzed,
            stableTerms >= 1, stableTerms <= analyzed.terms.count, request.k > 0, !segments.isEmpty
        else {
            let (hits, ceiling) = searchWithCeiling(request)
            return (hits, ceiling, nil)
        }
        var request = request
        request.k = min(request.k, SearchRequest.maximumK)
        request.maxExpansions = min(request.maxExpansions, SearchRequest.maximumExpansions)
        let stable = analyzed.terms.prefix(stableTerms)
        let prefix: TypedPrefix
        if let reusing, reusing.fits(self, terms: stable, filter: request.filter, scoring: request.scoring) {
            prefix = reusing
        } else if let made = typedPrefix(terms: Array(stable), filter: request.filter, k1: k1, b: b) {
            prefix = made
        } else {
            let (hits, ceiling) = searchWithCeiling(request)
            return (hits, ceiling, nil)
        }
        let query = QueryParser.parse(request, analyzer: configuration.analyzer, segments: segments)
        let known = prefix.query.terms.count
        // The word being typed may repeat a complete one, which raises that term's weight: then nothing is reused.
        guard query.terms.count >= known,
            zip(query.terms, prefix.query.terms).allSatisfy({ $0.bytes == $1.bytes && $0.weight == $1.weight })
        else {
            let (hits, ceiling) = searchWithCeiling(request)
            return (hits, ceiling, prefix)
        }
        // The ceiling, summed as `searchWithCeiling` sums it: the complete words' part first, in the same order.
        let n = statistics.documentCount
        let search = SegmentSearch(segments: segments, deletions: deletions, deletedCounts: deletedCounts)
        let added = query.terms[known...]
        let termIDs = segments.map { segment in added.map { segment.directory.termID($0.bytes) } }
        var idf = [Double](repeating: 0, count: added.count)
        var ceiling = prefix.ceilingSum
        var completion = 0.0
        for (j, term) in added.enumerated() {
            var frequency = 0
            for (s, segment) in segments.enumerated() {
                if let id = termIDs[s][j] { frequency += Int(segment.directory.termDocFreq[id]) }
            }
            idf[j] = BM25.idf(documentCount: n, documentFrequency: frequency)
            if known + j < query.completionsStart { ceiling += term.weight * idf[j] } else { completion = max(completion, idf[j]) }
        }
        ceiling = (ceiling + completion) * (k1 + 1)
        var queue = TopKQueue(k: request.k)
        let avgdl = statistics.averageLength
        let stride = 2 * PostingsWriter.blockSize
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: max(added.count, 1) * stride)
        defer { buffer.deallocate() }
        var next = 0  // the first of the prefix's documents not yet merged
        for (s, segment) in segments.enumerated() {
            let base = UInt64(s) << 32
            let end = prefix.documents[next...].firstIndex { $0 >> 32 != UInt64(s) } ?? prefix.documents.count
            defer { next = end }
            var wanted: UInt32 = 0
            if let filter = request.filter {
                guard let ordinal = segment.directory.filterOrdinal(filter) else { continue }
                wanted = ordinal
            }
            if deletedCounts[s] == segment.directory.docCount { continue }
            var cursors: [BlockPostingCursor<TermBlockScorer<BM25Scorer>>] = []
            for (j, term) in added.enumerated() {
                guard let t = termIDs[s][j] else { continue }
                let scorer = BM25Scorer(
                    queryWeight: term.weight, idf: idf[j], k1: k1, b: b, averageLength: avgdl,
                    docLength: UnsafePointer(segment.docLength.base))
                cursors.append(
                    BlockPostingCursor(
                        segment: segment, term: t, scorer: TermBlockScorer(segment: segment, term: t, scorer: scorer),
                        buffer: buffer + cursors.count * stride))
            }
            let acceptor = DocAcceptor(
                deleted: deletions[s].map { UnsafePointer($0.base) },
                filter: request.filter == nil ? nil : UnsafePointer(segment.directory.docFilter.base), wanted: wanted)
            var p = next
            while true {
                // The next document of the prefix's or of the added terms' postings.
                var d = p < end ? UInt32(truncatingIfNeeded: prefix.documents[p]) : DocID.terminated
                for c in cursors.indices where cursors[c].doc < d { d = cursors[c].doc }
                if d == DocID.terminated { break }
                var score = 0.0
                var accepted = true
                if p < end, UInt32(truncatingIfNeeded: prefix.documents[p]) == d {
                    score = prefix.scores[p]  // accepted when the prefix was made
                    p += 1
                } else {
                    accepted = acceptor.accepts(d)
                }
                if accepted {
                    for c in cursors.indices where cursors[c].doc == d { score += Double(cursors[c].score()) }
                    if queue.wouldEnter(score) { queue.insert(score, doc: base + UInt64(d)) }
                }
                for c in cursors.indices where cursors[c].doc == d { cursors[c].advance() }
            }
        }
        return (search.hits(queue), ceiling, prefix)
    }

    /// The scores that `terms` (complete words, analysed) give every accepted document, or nil when they match more
    /// than `TypedPrefix.maximumDocuments` documents.
    private func typedPrefix(terms: [String], filter: String?, k1: Double, b: Double) -> TypedPrefix? {
        let request = SearchRequest(analyzed: AnalyzedQuery(terms: terms), scoring: .bm25(k1: k1, b: b), filter: filter)
        let query = QueryParser.parse(request, analyzer: configuration.analyzer, segments: segments)
        let search = SegmentSearch(segments: segments, deletions: deletions, deletedCounts: deletedCounts)
        let termIDs = search.termIDs(query)
        var documentFrequency = [Int](repeating: 0, count: query.terms.count)
        for (s, segment) in segments.enumerated() {
            for (i, id) in termIDs[s].enumerated() {
                if let id { documentFrequency[i] += Int(segment.directory.termDocFreq[id]) }
            }
        }
        // An upper bound of the documents matched, before reading any posting.
        guard documentFrequency.reduce(0, +) <= TypedPrefix.maximumDocuments else { return nil }
        let n = statistics.documentCount
        var ceilingSum = 0.0
        let idf = documentFrequency.map { BM25.idf(documentCount: n, documentFrequency: $0) }
        for (i, term) in query.terms.enumerated() { ceilingSum += term.weight * idf[i] }
        var documents: [UInt64] = []
        var scores: [Double] = []
        let avgdl = statistics.averageLength
        let stride = 2 * PostingsWriter.blockSize
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: max(query.terms.count, 1) * stride)
        defer { buffer.deallocate() }
        for (s, segment) in segments.enumerated() {
            var wanted: UInt32 = 0
            if let filter {
                guard let ordinal = segment.directory.filterOrdinal(filter) else { continue }
                wanted = ordinal
            }
            if deletedCounts[s] == segment.directory.docCount { continue }
            var cursors: [BlockPostingCursor<TermBlockScorer<BM25Scorer>>] = []
            for (i, term) in query.terms.enumerated() {
                guard let t = termIDs[s][i] else { continue }
                let scorer = BM25Scorer(
                    queryWeight: term.weight, idf: idf[i], k1: k1, b: b, averageLength: avgdl,
                    docLength: UnsafePointer(segment.docLength.base))
                cursors.append(
                    BlockPostingCursor(
                        segment: segment, term: t, scorer: TermBlockScorer(segment: segment, term: t, scorer: scorer),
                        buffer: buffer + cursors.count * stride))
            }
            let acceptor = DocAcceptor(
                deleted: deletions[s].map { UnsafePointer($0.base) },
                filter: filter == nil ? nil : UnsafePointer(segment.directory.docFilter.base), wanted: wanted)
            let base = UInt64(s) << 32
            while true {
                var d = DocID.terminated
                for c in cursors.indices where cursors[c].doc < d { d = cursors[c].doc }
                if d == DocID.terminated { break }
                if acceptor.accepts(d) {
                    documents.append(base + UInt64(d))
                    scores.append(Exhaustive.canonicalScore(&cursors, doc: d))
                }
                for c in cursors.indices where cursors[c].doc == d { cursors[c].advance() }
            }
        }
        return TypedPrefix(
            snapshot: self, terms: terms, filter: filter, scoring: .bm25(k1: k1, b: b), query: query,
            ceilingSum: ceilingSum, documents: documents, scores: scores)
    }
}
