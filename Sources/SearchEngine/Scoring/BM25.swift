/// Okapi BM25 with Lucene's always-positive idf.
///
/// `score(t, d) = idf(t) · qtf · tf (k1 + 1) / (tf + k1 (1 − b + b · dl / avgdl))`, where `tf` is the
/// field-weighted term frequency (BM25F with one shared `b`) and `dl` the field-weighted length.
public enum BM25 {
    /// Default term-frequency saturation.
    public static let defaultK1 = 1.2
    /// Default length normalisation.
    public static let defaultB = 0.75

    /// `ln(1 + (N − df + 0.5) / (df + 0.5))`.
    /// - Parameters:
    ///   - documentCount: N, documents in the collection.
    ///   - documentFrequency: df, documents containing the term.
    public static func idf(documentCount: Int, documentFrequency: Int) -> Double {
        let n = Double(documentCount)
        let df = Double(documentFrequency)
        return Math.ln(1 + (n - df + 0.5) / (df + 0.5))
    }
}

/// Scores one query term's postings in one segment with BM25.
struct BM25Scorer: TermScorer {
    let weight: Float  // qtf · idf · (k1 + 1)
    let a: Float  // k1 (1 − b)
    let bOverAvg: Float  // k1 b / avgdl
    let docLength: UnsafePointer<Float>

    init(queryWeight: Double, idf: Double, k1: Double, b: Double, averageLength: Double, docLength: UnsafePointer<Float>) {
        weight = Float(queryWeight * idf * (k1 + 1))
        a = Float(k1 * (1 - b))
        bOverAvg = Float(k1 * b / max(averageLength, 1e-9))
        self.docLength = docLength
    }

    @inline(__always) func score(units: UInt32, doc: UInt32) -> Float {
        let tf = Float(units) * FieldWeights.unitScale
        return weight * tf / (tf + a + bOverAvg * docLength[Int(doc)])
    }

    @inline(__always) func bound(_ bounds: UnsafePointer<Float>, points: Int) -> Float {
        var best: Float = 0
        for i in 0..<points {
            let tf = bounds[2 * i]
            if tf > 0 { best = max(best, weight * tf / (tf + a + bOverAvg * bounds[2 * i + 1])) }
        }
        return best
    }
}
