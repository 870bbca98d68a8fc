/// The scoring function of a query.
public enum Scoring: Sendable, Hashable {
    /// BM25 with the given saturation `k1` and length normalisation `b`.
    case bm25(k1: Double, b: Double)
    /// TF-IDF cosine (`lnc.ltc`).
    case tfidf

    /// BM25 with `k1 = 1.2`, `b = 0.75`.
    public static let bm25 = Scoring.bm25(k1: BM25.defaultK1, b: BM25.defaultB)
}

/// Collection-wide figures that idf and length normalisation need, summed over segments (deleted
/// documents count until compaction removes them, as in Lucene).
struct CollectionStatistics {
    /// Documents in all segments.
    let documentCount: Int
    /// Sum of weighted lengths.
    let totalLength: Double

    /// Average weighted length.
    var averageLength: Double { documentCount == 0 ? 1 : totalLength / Double(documentCount) }
}
