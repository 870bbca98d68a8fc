/// TF-IDF cosine similarity, SMART `lnc.ltc`: documents weigh terms by log-scaled frequency and are
/// cosine-normalised; the query weighs by log-scaled frequency times smoothed idf and is normalised
/// too, so scores lie in [0, 1].
///
/// `score(q, d) = Σ_t [logtf(tf_d) / |d|] · [logtf(qtf) · idf(t) / |q|]` with
/// `logtf(x) = 1 + ln x` (x ≥ 1), `idf(t) = ln((1 + N) / (1 + df)) + 1`.
public enum TFIDF {
    /// Smoothed idf, as scikit-learn's `smooth_idf`.
    public static func idf(documentCount: Int, documentFrequency: Int) -> Double {
        Math.ln(Double(1 + documentCount) / Double(1 + documentFrequency)) + 1
    }

    /// Log-scaled term frequency.
    public static func logTF(_ tf: Double) -> Double { Math.logTF(tf) }
}

/// Scores one query term's postings in one segment with TF-IDF cosine.
struct TFIDFScorer: TermScorer {
    let weight: Float  // logtf(qtf) · idf / |q|
    let inverseNorm: UnsafePointer<Float>

    @inline(__always) func score(units: UInt32, doc: UInt32) -> Float {
        weight * LogTFTable.value(units) * inverseNorm[Int(doc)]
    }

    @inline(__always) func bound(_ bounds: UnsafePointer<Float>, points: Int) -> Float {
        weight * bounds[2 * points]
    }
}

/// How a query term's postings are scored: one implementation per similarity, so that the retrieval
/// loops are specialised for it.
protocol TermScorer {
    /// The contribution of a posting with `units` weighted frequency in document `doc`.
    func score(units: UInt32, doc: UInt32) -> Float
    /// An upper bound of `score` over postings summarised by `points` frontier points at `bounds`
    /// (followed by the TF-IDF bound).
    func bound(_ bounds: UnsafePointer<Float>, points: Int) -> Float
}
