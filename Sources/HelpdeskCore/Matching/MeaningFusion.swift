import Foundation

/// How a suggestion's two signals, the words' strength and the similarity of meaning, make the score that ranks it
/// (issue 17: linear, reciprocal rank fusion, or a small learned combination, each measured in Benchmarks/README.md
/// §12). Only the ranking changes: the grade and the relevance floor read the linear fusion whichever one ranks, since
/// the floors are calibrated on it.
public enum MeaningFusion: Sendable, Hashable {
    /// (strength + w × similarity) / (1 + w), w the meaning weight: the shipped fusion.
    case linear
    /// Reciprocal rank fusion over the candidates: 1 / (k + the rank by words) + w / (k + the rank by meaning), ranks
    /// counted from 1; a candidate the words did not find has no words term.
    case reciprocalRank(k: Double)
    /// A logistic combination learned from pairs of right and wrong candidates (`LearnedFusion`).
    case learned(LearnedFusion)

    /// The constant of reciprocal rank fusion in its original paper (Cormack, Clarke and Büttcher, 2009).
    public static let standardRankConstant = 60.0

    /// The ranking score of a candidate.
    /// - Parameters:
    ///   - strength: the words' strength, 0…1 (0 when only meaning found it).
    ///   - similarity: the similarity of meaning, 0…1.
    ///   - weight: the meaning weight (0…`HelpdeskIndex.maximumMeaningWeight`).
    ///   - wordsRank: its rank among the words' hits, from 1; nil when the words did not find it.
    ///   - meaningRank: its rank among the candidates by similarity, from 1.
    public func score(strength: Double, similarity: Double, weight: Double, wordsRank: Int?, meaningRank: Int) -> Double {
        switch self {
        case .linear:
            return (strength + weight * similarity) / (1 + weight)
        case .reciprocalRank(let k):
            let k = k.isFinite ? min(max(k, 0), 1e6) : Self.standardRankConstant
            let words = wordsRank.map { 1 / (k + Double($0)) } ?? 0
            return words + weight / (k + Double(meaningRank))
        case .learned(let model):
            return model.probability(strength: strength, similarity: similarity)
        }
    }

    /// A short name for reports.
    public var name: String {
        switch self {
        case .linear: return "linear fusion"
        case .reciprocalRank(let k): return "reciprocal rank fusion, k \(k.formatted())"
        case .learned(let m):
            return "learned fusion σ(\(m.bias.formatted(.number.precision(.fractionLength(2)))) + \(m.words.formatted(.number.precision(.fractionLength(2))))·s + \(m.meaning.formatted(.number.precision(.fractionLength(2))))·c + \(m.product.formatted(.number.precision(.fractionLength(2))))·s·c)"
        }
    }

    /// Reads `linear`, `rrf` (k 60), `rrf:K`, or `learned:WORDS,MEANING,PRODUCT[,BIAS]`; nil for anything else.
    public init?(argument: String) {
        let parts = argument.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "linear" where parts.count == 1: self = .linear
        case "rrf" where parts.count == 1: self = .reciprocalRank(k: Self.standardRankConstant)
        case "rrf":
            guard let k = Double(parts[1]), k.isFinite, k >= 0, k <= 1e6 else { return nil }
            self = .reciprocalRank(k: k)
        case "learned" where parts.count == 2:
            guard let model = LearnedFusion(parsing: parts[1]) else { return nil }
            self = .learned(model)
        default: return nil
        }
    }

    /// Whether the fusion reads the candidates' ranks (then they are computed).
    public var readsRanks: Bool {
        if case .reciprocalRank = self { return true }
        return false
    }
}

/// A logistic model of "this candidate is right" over the words' strength s, the similarity of meaning c and their
/// product: σ(bias + words·s + meaning·c + product·s·c). Learned offline from pairs (`care eval corpus
/// --dump-candidates`, `Benchmarks/Scripts/learn_fusion.py`); the probability is positive, so the verdict prior and
/// the associations multiply it as they multiply the linear fusion.
public struct LearnedFusion: Sendable, Hashable {
    public var bias: Double
    public var words: Double
    public var meaning: Double
    public var product: Double

    public init(bias: Double = 0, words: Double, meaning: Double, product: Double) {
        self.bias = bias
        self.words = words
        self.meaning = meaning
        self.product = product
    }

    /// Reads "words,meaning,product[,bias]" (the script's output); nil when a number is missing, not finite, or
    /// larger in size than 1,000.
    public init?(parsing text: String) {
        let numbers = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 3 || numbers.count == 4,
            numbers.allSatisfy({ $0.map { $0.isFinite && abs($0) <= 1000 } ?? false })
        else { return nil }
        let n = numbers.compactMap { $0 }
        self.init(bias: n.count == 4 ? n[3] : 0, words: n[0], meaning: n[1], product: n[2])
    }

    /// σ(bias + words·s + meaning·c + product·s·c).
    public func probability(strength s: Double, similarity c: Double) -> Double {
        let z = bias + words * s + meaning * c + product * s * c
        return 1 / (1 + exp(-z))
    }
}
