import Foundation

/// The ranking measures the evaluations report, on one ranked list of ids and the set of relevant ids.
public enum RankingMetrics {
    /// 1 / (rank of the first relevant id, from 1) within the first `cutoff`; 0 when none is there.
    public static func reciprocalRank(_ ranking: [String], relevant: Set<String>, cutoff: Int = .max) -> Double {
        guard let index = ranking.prefix(cutoff).firstIndex(where: relevant.contains) else { return 0 }
        return 1 / Double(index + 1)
    }

    /// The share of the first `k` positions that hold a relevant id (a shorter list counts its missing places as
    /// misses).
    public static func precision(at k: Int, _ ranking: [String], relevant: Set<String>) -> Double {
        guard k > 0 else { return 0 }
        return Double(ranking.prefix(k).filter(relevant.contains).count) / Double(k)
    }

    /// Whether a relevant id is within the first `k`.
    public static func hit(at k: Int, _ ranking: [String], relevant: Set<String>) -> Double {
        ranking.prefix(k).contains(where: relevant.contains) ? 1 : 0
    }

    /// Average precision: the mean, over all relevant ids, of the precision at each relevant id's position (an id
    /// never ranked contributes 0); 0 when nothing is relevant.
    public static func averagePrecision(_ ranking: [String], relevant: Set<String>) -> Double {
        guard !relevant.isEmpty else { return 0 }
        var hits = 0
        var sum = 0.0
        for (i, id) in ranking.enumerated() where relevant.contains(id) {
            hits += 1
            sum += Double(hits) / Double(i + 1)
        }
        return sum / Double(relevant.count)
    }

    /// nDCG at `k` with binary gains: the relevant positions' discounted gain over the best possible for
    /// `relevantCount` relevant ids.
    public static func ndcg(at k: Int, relevantPositions: [Int], relevantCount: Int) -> Double {
        let dcg = relevantPositions.filter { $0 < k }.reduce(0) { $0 + 1 / log2(Double($1) + 2) }
        let ideal = (0..<max(0, min(relevantCount, k))).reduce(0) { $0 + 1 / log2(Double($1) + 2) }
        return ideal > 0 ? dcg / ideal : 0
    }
}

/// Sums of per-query figures: hit@1, hit@5, reciprocal rank and nDCG@10, averaged on demand.
public struct RankingSums: Sendable {
    /// Queries counted.
    public var queries = 0
    /// Sum of hit@1.
    public var hit1 = 0.0
    /// Sum of hit@5.
    public var hit5 = 0.0
    /// Sum of reciprocal ranks.
    public var rr = 0.0
    /// Sum of nDCG@10.
    public var ndcg = 0.0

    /// Empty sums.
    public init() {}

    /// Adds a query whose first relevant answer is at `rank` (from 0; nil when missing), with all its relevant
    /// answers at `relevantRanks` (default: just `rank`) out of `relevantCount`.
    public mutating func add(rank: Int?, relevantRanks: [Int] = [], relevantCount: Int = 1) {
        queries += 1
        if let rank {
            rr += 1 / Double(rank + 1)
            if rank == 0 { hit1 += 1 }
            if rank < 5 { hit5 += 1 }
        }
        let ranks = relevantRanks.isEmpty ? (rank.map { [$0] } ?? []) : relevantRanks
        ndcg += RankingMetrics.ndcg(at: 10, relevantPositions: ranks, relevantCount: relevantCount)
    }

    /// `value` over the queries.
    public func mean(_ value: Double) -> Double { queries == 0 ? 0 : value / Double(queries) }
}

/// An evaluation file that cannot be read, naming the file (and line).
public struct EvaluationDataError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
