import Testing
@testable import SearchEngine

/// The seeded generator of these tests (SplitMix64, its seed offset as the tests were written with).
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    init(testSeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
}

/// Random documents over a Zipf-like vocabulary: the shape of real text, where a few terms are in
/// most documents and most terms in a few.
struct RandomCorpus {
    let vocabulary: [String]
    var generator: SeededGenerator

    init(seed: UInt64, vocabularySize: Int = 400) {
        generator = SplitMix64(testSeed: seed)
        vocabulary = (0..<vocabularySize).map { "w\($0)q" }
    }

    /// A word index drawn with probability roughly ∝ 1 / (rank + 1).
    mutating func word() -> String {
        let u = Double.random(in: 0..<1, using: &generator)
        let rank = Int(pow(Double(vocabulary.count + 1), u)) - 1
        return vocabulary[min(max(rank, 0), vocabulary.count - 1)]
    }

    mutating func text(words: ClosedRange<Int>) -> String {
        let n = Int.random(in: words, using: &generator)
        return (0..<n).map { _ in word() }.joined(separator: " ")
    }

    mutating func document(id: String, filters: [String]) -> Document {
        Document(
            id: id, fields: ["title": text(words: 1...6), "body": text(words: 0...60)],
            filter: filters.randomElement(using: &generator))
    }
}

/// `x^y` for positive `x` (the standard library has no `pow` without Foundation).
func pow(_ x: Double, _ y: Double) -> Double {
    // exp(y ln x) by the series of exp on a reduced argument.
    let t = y * Math.ln(x)
    let k = (t / 0.693_147_180_559_945_3).rounded(.down)
    let r = t - k * 0.693_147_180_559_945_3
    var term = 1.0
    var sum = 1.0
    for i in 1..<30 {
        term *= r / Double(i)
        sum += term
    }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
}

/// Checks that `index` returns, for `text`, the reference's top 10 scores under BM25 and under TF-IDF.
func expectMatchesReference(
    _ index: SearchIndex, _ reference: ReferenceScorer, text: String, label: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for scoring in [Scoring.bm25, .tfidf] {
        let hits = index.search(SearchRequest(text: text, k: 10, scoring: scoring))
        let expected = reference.top(text, k: 10, scoring: scoring)
        #expect(hits.count == expected.count, sourceLocation: sourceLocation)
        for (h, e) in zip(hits, expected) {
            #expect(close(h.score, e.score), "\(label) \(scoring) \(h.id)/\(e.id)", sourceLocation: sourceLocation)
        }
    }
}

/// BM25 and TF-IDF computed the plain way, straight from the definitions, over every document.
struct ReferenceScorer {
    let analyzer: Analyzer
    let fields: [FieldDefinition]
    /// Live documents in index order.
    let documents: [Document]

    /// Weighted term frequencies and length of one document.
    func weighted(_ d: Document) -> (tf: [String: Double], length: Double) {
        var tf: [String: Double] = [:]
        var length = 0.0
        for f in fields {
            let w = (f.weight * 8).rounded() / 8
            for t in analyzer.analyze(d.fields[f.name] ?? "") {
                tf[t, default: 0] += w
                length += w
            }
        }
        return (tf, length)
    }

    /// The top `k` (id, score), score descending then index order.
    func top(_ text: String, k: Int, scoring: Scoring, filter: String? = nil) -> [(id: String, score: Double)] {
        let vectors = documents.map(weighted)
        let n = documents.count
        var df: [String: Int] = [:]
        for v in vectors { for t in v.tf.keys { df[t, default: 0] += 1 } }
        var qtf: [String: Double] = [:]
        for t in analyzer.analyze(text) { qtf[t, default: 0] += 1 }
        var scores: [(Int, Double)] = []
        switch scoring {
        case .bm25(let k1, let b):
            let avgdl = vectors.map(\.length).reduce(0, +) / Double(max(n, 1))
            for (i, v) in vectors.enumerated() {
                var s = 0.0
                var matched = false
                for (t, q) in qtf {
                    guard let tf = v.tf[t] else { continue }
                    matched = true
                    s += q * BM25.idf(documentCount: n, documentFrequency: df[t]!) * tf * (k1 + 1)
                        / (tf + k1 * (1 - b + b * v.length / avgdl))
                }
                if matched { scores.append((i, s)) }
            }
        case .tfidf:
            var qw: [String: Double] = [:]
            for (t, q) in qtf where df[t] != nil { qw[t] = TFIDF.logTF(q) * TFIDF.idf(documentCount: n, documentFrequency: df[t]!) }
            let qnorm = qw.values.map { $0 * $0 }.reduce(0, +).squareRoot()
            for (i, v) in vectors.enumerated() {
                let dnorm = v.tf.values.map { TFIDF.logTF($0) * TFIDF.logTF($0) }.reduce(0, +).squareRoot()
                var s = 0.0
                var matched = false
                for (t, w) in qw {
                    guard let tf = v.tf[t] else { continue }
                    matched = true
                    s += TFIDF.logTF(tf) / dnorm * w / qnorm
                }
                if matched { scores.append((i, s)) }
            }
        }
        if let filter { scores.removeAll { documents[$0.0].filter != filter } }
        scores.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return scores.prefix(k).map { (documents[$0.0].id, $0.1) }
    }
}

/// Whether two scores agree within a relative tolerance.
func close(_ a: Double, _ b: Double, relative: Double = 1e-5) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b), 1e-12)
}
