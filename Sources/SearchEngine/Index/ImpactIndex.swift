/// A frozen BM25 index of quantised impacts, derived from one snapshot of a `SearchIndex`.
///
/// Every posting's BM25 contribution `idf · tf (k1 + 1) / (tf + k1 (1 − b + b · dl / avgdl))` (query weight 1,
/// the collection statistics of the snapshot) is computed once, at freezing time, and stored as an 8-bit
/// impact `max(1, round(score × 255 / maximumScore))`, where `maximumScore` is the largest contribution of
/// any posting of the snapshot (one global quantiser). A document's quantised score for a query is the
/// integer `Σ qtf · impact` over the query terms it holds. Postings stay in document order (the snapshot's
/// bit-packed document gaps are shared, not copied); each block of 128 postings gets its exact largest
/// impact, so block-max MaxScore prunes with bounds that are exact per block and scores without a division
/// or a length lookup per posting.
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

    /// The snapshot whose postings, deletions and ids are used.
    let snapshot: IndexSnapshot
    /// Impacts of each segment of `snapshot`, in the same order.
    let segments: [SegmentImpacts]
    /// The BM25 saturation the impacts were computed with.
    public let k1: Double
    /// The BM25 length normalisation the impacts were computed with.
    public let b: Double
    /// The largest float BM25 contribution of any posting (query weight 1); impact `levels` stands for it.
    public let maximumScore: Double

    /// Freezes the current snapshot of `index` into impacts.
    /// - Parameters:
    ///   - index: the live index; later changes to it are not reflected.
    ///   - k1: BM25 saturation.
    ///   - b: BM25 length normalisation.
    /// - Complexity: O(postings), two passes (one for the quantiser's maximum, one to quantise).
    public convenience init(freezing index: SearchIndex, k1: Double = BM25.defaultK1, b: Double = BM25.defaultB) {
        self.init(snapshot: index.snapshot, k1: k1, b: b)
    }

    init(snapshot: IndexSnapshot, k1: Double, b: Double) {
        self.snapshot = snapshot
        self.k1 = k1
        self.b = b
        let n = snapshot.statistics.documentCount
        let averageLength = snapshot.statistics.averageLength
        // Collection-wide idf of every term of every segment.
        let idf: [[Double]] = snapshot.segments.map { segment in
            (0..<segment.dictionary.count).map { t in
                var df = 0
                let bytes = segment.dictionary.term(t)
                for other in snapshot.segments {
                    if other === segment {
                        df += Int(segment.termDocFreq[t])
                    } else if let u = other.dictionary.lookup(bytes) {
                        df += Int(other.termDocFreq[u])
                    }
                }
                return BM25.idf(documentCount: n, documentFrequency: df)
            }
        }
        func scorer(_ s: Int, _ t: Int) -> BM25Scorer {
            BM25Scorer(
                queryWeight: 1, idf: idf[s][t], k1: k1, b: b, averageLength: averageLength,
                docLength: UnsafePointer(snapshot.segments[s].docLength.base))
        }
        var maximum: Float = 0
        for (s, segment) in snapshot.segments.enumerated() {
            for t in 0..<segment.dictionary.count {
                let scorer = scorer(s, t)
                SegmentImpacts.forEachPosting(of: t, in: segment) { doc, units in
                    maximum = max(maximum, scorer.score(units: units, doc: doc))
                }
            }
        }
        maximumScore = Double(maximum)
        let scale = maximum > 0 ? Float(Self.levels) / maximum : 0
        segments = snapshot.segments.enumerated().map { s, segment in
            SegmentImpacts(segment: segment, scale: scale) { scorer(s, $0) }
        }
    }

    /// Documents searched (deleted ones excluded).
    public var documentCount: Int { snapshot.liveCount }

    /// Memory the impacts add to the snapshot's (which the index shares).
    public var impactBytes: Int { segments.reduce(0) { $0 + $1.byteCount } }

    /// Memory held in all: the snapshot's segments and deletions and the impacts.
    public var memoryBytes: Int { snapshot.byteCount + impactBytes }

    /// Runs `request` over the quantised impacts. `request.scoring` is ignored (the impacts are BM25 with the
    /// `k1` and `b` given at freezing); filter, k, prefix completion and algorithm apply as in `SearchIndex`.
    /// - Returns: the hits, best first; a hit's score is its quantised score × `maximumScore / levels`, an
    ///   approximation of its float BM25 score.
    public func search(_ request: SearchRequest) -> [SearchHit] {
        let unit = maximumScore / Double(Self.levels)
        return searchQuantised(request).map { hit in
            let s = Int(hit.doc >> 32)
            return SearchHit(id: snapshot.segments[s].externalID(Int(hit.doc & 0xFFFF_FFFF)), score: Double(hit.score) * unit)
        }
    }

    /// The quantised top-k: global document order (segment << 32 | document) and integer score, best first
    /// (score descending, then document order).
    /// - Parameters:
    ///   - integer: block-max MaxScore runs as `ImpactMaxScore` (integer sums) rather than `BlockMaxScore`.
    ///   - floors: the search starts from the best term floor when it may (see `startingFloor`).
    func searchQuantised(_ request: SearchRequest, integer: Bool = true, floors: Bool = true) -> [(doc: UInt64, score: Int)] {
        var request = request
        request.k = min(request.k, SearchRequest.maximumK)
        request.maxExpansions = min(request.maxExpansions, SearchRequest.maximumExpansions)
        guard request.k > 0, !snapshot.segments.isEmpty else { return [] }
        let query = QueryParser.parse(request, analyzer: snapshot.configuration.analyzer, segments: snapshot.segments)
        guard !query.terms.isEmpty else { return [] }
        // A query weight is a small count; the clamp keeps weight × impact exact in a Float.
        let weights = query.terms.map { UInt32(min(max($0.weight, 1), 65_535)) }
        var queue = TopKQueue(k: request.k, floor: floors ? startingFloor(query, weights: weights, request: request) : 0)
        // Integer sums stay far below 2³¹ unless a hostile text repeats a word tens of thousands of times.
        let integer = integer && weights.reduce(0) { $0 + Int($1) } * Self.levels < 1 << 30
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: query.terms.count * PostingsWriter.blockSize)
        defer { buffer.deallocate() }
        for (s, segment) in snapshot.segments.enumerated() {
            var wanted: UInt32 = 0
            if let filter = request.filter {
                guard let ordinal = segment.filterOrdinal(filter) else { continue }
                wanted = ordinal
            }
            if snapshot.deletedCounts[s] == segment.docCount { continue }
            var cursors: [ImpactPostingCursor] = []
            cursors.reserveCapacity(query.terms.count)
            for (i, term) in query.terms.enumerated() {
                guard let t = term.bytes.withUnsafeBufferPointer({ segment.dictionary.lookup($0) }) else { continue }
                cursors.append(ImpactPostingCursor(
                    segment: segment, impacts: segments[s], term: t, weight: weights[i],
                    buffer: buffer + cursors.count * PostingsWriter.blockSize))
            }
            if cursors.isEmpty { continue }
            let acceptor = DocAcceptor(
                deleted: snapshot.deletions[s].map { UnsafePointer($0.base) },
                filter: request.filter == nil ? nil : UnsafePointer(segment.docFilter.base), wanted: wanted)
            let base = UInt64(s) << 32
            switch request.algorithm {
            case .exhaustive: Exhaustive.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .wand: WAND.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .blockMaxWAND: BlockMaxWAND.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .maxScore: MaxScore.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
            case .blockMaxScore:
                if integer {
                    ImpactMaxScore.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
                } else {
                    BlockMaxScore.search(&cursors, acceptor: acceptor, base: base, queue: &queue)
                }
            }
        }
        // Scores are sums of small integers, exact in a Double.
        return queue.sorted().map { (doc: $0.doc, score: Int($0.score)) }
    }

    /// A score that at least `request.k` documents beat (minus one, since scores are integers and a document
    /// must beat the queue's floor to enter): the largest weight × `termFloor` of any query term in any
    /// segment, each of whose `floorRank` best documents for that term scores at least that much. 0 when
    /// `k` exceeds `floorRank` or when a filter or deletions could remove those documents.
    private func startingFloor(_ query: Query, weights: [UInt32], request: SearchRequest) -> Double {
        guard request.k <= SegmentImpacts.floorRank, request.filter == nil else { return 0 }
        var floor = 0
        for (s, segment) in snapshot.segments.enumerated() where snapshot.deletedCounts[s] == 0 {
            for (i, term) in query.terms.enumerated() {
                guard let t = term.bytes.withUnsafeBufferPointer({ segment.dictionary.lookup($0) }) else { continue }
                floor = max(floor, Int(weights[i]) * Int(segments[s].termFloor[t]))
            }
        }
        return Double(max(floor - 1, 0))
    }
}

/// The impacts of one segment: one byte per posting in the segment's posting order, and the exact largest
/// impact of each block and of each term.
final class SegmentImpacts: Sendable {
    /// `termPostingStart[t]` is the index in `impacts` of term `t`'s first posting.
    let termPostingStart: FrozenArray<UInt32>
    /// One impact (1 ... `ImpactIndex.levels`) per posting.
    let impacts: FrozenArray<UInt8>
    /// The largest impact of each block (the segment's block numbering).
    let blockMax: FrozenArray<UInt8>
    /// The largest impact of each term.
    let termMax: FrozenArray<UInt8>
    /// The `floorRank`-th largest impact of each term (0 when fewer postings): `floorRank` documents of the
    /// segment score at least weight × this for a query holding the term.
    let termFloor: FrozenArray<UInt8>
    /// The rank of `termFloor`.
    static let floorRank = 10

    /// Quantises every posting of `segment`: impact = clamp(round(score × scale), 1, levels).
    init(segment: Segment, scale: Float, scorer: (Int) -> BM25Scorer) {
        let terms = segment.dictionary.count
        var start: [UInt32] = []
        start.reserveCapacity(terms + 1)
        var total = 0
        for t in 0..<terms {
            start.append(UInt32(total))
            total += Int(segment.termDocFreq[t])
        }
        start.append(UInt32(total))
        var impacts = [UInt8](repeating: 0, count: total)
        var blockMax = [UInt8](repeating: 0, count: segment.blockLastDoc.count)
        var termMax = [UInt8](repeating: 0, count: terms)
        var termFloor = [UInt8](repeating: 0, count: terms)
        let levels = Float(ImpactIndex.levels)
        var best = [UInt8](repeating: 0, count: Self.floorRank)  // the term's largest impacts, unordered
        for t in 0..<terms {
            let scorer = scorer(t)
            var p = Int(start[t])
            let first = p
            let firstBlock = Int(segment.termBlockStart[t])
            for i in best.indices { best[i] = 0 }
            var smallest = 0  // index of the smallest of `best`
            Self.forEachPosting(of: t, in: segment) { doc, units in
                let q = UInt8(min(max((scorer.score(units: units, doc: doc) * scale).rounded(), 1), levels))
                impacts[p] = q
                let b = firstBlock + (p - first) / PostingsWriter.blockSize
                blockMax[b] = max(blockMax[b], q)
                termMax[t] = max(termMax[t], q)
                if q > best[smallest] {
                    best[smallest] = q
                    for i in best.indices where best[i] < best[smallest] { smallest = i }
                }
                p += 1
            }
            termFloor[t] = best[smallest]
        }
        termPostingStart = FrozenArray(start)
        self.impacts = FrozenArray(impacts, padding: 8)
        self.blockMax = FrozenArray(blockMax)
        self.termMax = FrozenArray(termMax)
        self.termFloor = FrozenArray(termFloor)
    }

    /// Calls `body` with the document and weighted frequency (field-weight units) of every posting of term
    /// `t`, in document order.
    static func forEachPosting(of t: Int, in segment: Segment, _ body: (UInt32, UInt32) -> Void) {
        let begin = Int(segment.termBlockStart[t])
        let end = Int(segment.termBlockStart[t + 1])
        var remaining = Int(segment.termDocFreq[t])
        var docs = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
        var tfs = [UInt32](repeating: 0, count: PostingsWriter.blockSize)
        docs.withUnsafeMutableBufferPointer { docs in
            tfs.withUnsafeMutableBufferPointer { tfs in
                guard let d = docs.baseAddress, let f = tfs.baseAddress else { return }
                for block in begin..<end {
                    let n = min(remaining, PostingsWriter.blockSize)
                    let header = segment.blockBits[block]
                    let words = UnsafePointer(segment.packed.base) + Int(segment.blockOffset[block])
                    let previous: UInt32 = block > begin ? segment.blockLastDoc[block - 1] : 0
                    BitPacking.unpackDeltas(words, count: n, width: BlockHeader.docBits(header), from: previous, into: d)
                    BitPacking.unpack(
                        words + BitPacking.wordCount(count: n, width: BlockHeader.docBits(header)), count: n,
                        width: BlockHeader.tfBits(header), into: f)
                    let shift = BlockHeader.tfShift(header)
                    for i in 0..<n { body(d[i], f[i] << shift) }
                    remaining -= n
                }
            }
        }
    }

    /// Bytes of memory held.
    var byteCount: Int {
        termPostingStart.byteCount + impacts.byteCount + blockMax.byteCount + termMax.byteCount + termFloor.byteCount
    }
}
