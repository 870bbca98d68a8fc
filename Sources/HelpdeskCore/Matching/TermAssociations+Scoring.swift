import Foundation

/// Scoring with the compiled model: suggestions re-rank their best hits on every request (and keystroke), so the
/// solutions' side is compiled once per solution text (`CompiledAssociations`) and only the query is looked up.
extension TermAssociations {
    /// A solution's side of the model over term numbers: its title and steps (`sourceTerms`) counted by term, and the
    /// complaints it had resolved when the model was learned. Compiled once per solution text (`compile(id:source:)`),
    /// so that re-ranking looks up no string.
    struct Source: Sendable {
        /// Its known title and steps terms, ascending, and how often each occurs.
        var terms: [Int32] = []
        /// `terms`' counts.
        var counts: [Double] = []
        /// How many title and steps terms it has, unknown ones included.
        var total: Double = 0
        /// Its resolved complaints' terms, ascending, with their counts.
        var complaintTerms: [Int32] = []
        /// `complaintTerms`' counts.
        var complaintCounts: [Double] = []
        /// The sum of `complaintCounts`.
        var complaintTotal: Double = 0
    }

    /// Compiles a solution's side of the model.
    /// - Parameters:
    ///   - id: its document id, for the complaints it had resolved when the model was learned.
    ///   - source: its title and steps as analysed terms (`sourceTerms`), as they read now.
    func compile(id: String, source: [String]) -> Source {
        let model = compiled
        var counts: [Int32: Double] = [:]
        for term in source { if let n = model.numbers[term] { counts[n, default: 0] += 1 } }
        var result = Source()
        for (term, count) in counts.sorted(by: { $0.key < $1.key }) {
            result.terms.append(term)
            result.counts.append(count)
        }
        result.total = Double(source.count)
        if let complaints = model.complaints[id] {
            for (term, count) in complaints.counts.sorted(by: { $0.key < $1.key }) {
                result.complaintTerms.append(term)
                result.complaintCounts.append(count)
            }
            result.complaintTotal = complaints.total
        }
        return result
    }

    /// The query's known terms as numbers, each once with how often it occurs, for `logLikelihoods(of:candidates:)`.
    struct CompiledQuery: Sendable {
        /// The distinct known terms, in query order.
        var terms: [Int32] = []
        /// How often each occurs in the query.
        var repeats: [Double] = []
        /// Open-addressing table of `terms`' places (place + 1; 0 is empty), `mask + 1` slots.
        var table: [Int32] = []
        /// `table.count - 1` (a power of two minus one).
        var mask = 0

        /// The place of `term` in `terms`, if it is a query term.
        /// - Complexity: O(1) expected.
        @inline(__always) func place(of term: Int32) -> Int? {
            var slot = Self.hash(term) & mask
            while true {
                let entry = table[slot]
                if entry == 0 { return nil }
                if terms[Int(entry) - 1] == term { return Int(entry) - 1 }
                slot = (slot + 1) & mask
            }
        }

        @inline(__always) static func hash(_ term: Int32) -> Int {
            Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: term)) &* 0x9E37_79B9_7F4A_7C15) >> 32)
        }
    }

    /// The known terms of `query` (analysed terms, repeats included), as numbers; nil when none is known or nothing
    /// was learned.
    func compile(query: [String]) -> CompiledQuery? {
        guard !isEmpty else { return nil }
        let model = compiled
        var places: [Int32: Int] = [:]
        var result = CompiledQuery()
        for term in query {
            guard let n = model.numbers[term], model.collection[Int(n)] > 0 else { continue }
            if let place = places[n] {
                result.repeats[place] += 1
            } else {
                places[n] = result.terms.count
                result.terms.append(n)
                result.repeats.append(1)
            }
        }
        guard !result.terms.isEmpty else { return nil }
        var size = 8
        while size < result.terms.count * 2 { size *= 2 }
        result.mask = size - 1
        result.table = [Int32](repeating: 0, count: size)
        for (place, term) in result.terms.enumerated() {
            var slot = CompiledQuery.hash(term) & result.mask
            while result.table[slot] != 0 { slot = (slot + 1) & result.mask }
            result.table[slot] = Int32(place + 1)
        }
        return result
    }

    /// The average log-likelihood of the query under each candidate's model: a mixture of its own words (title ×2,
    /// steps, resolved complaints ×0.7) and the translations of its title and steps, smoothed with the collection.
    /// Terms the store has never seen are left out.
    /// - Parameters:
    ///   - query: the query's known terms (`compile(query:)`).
    ///   - candidates: each candidate's side of the model (`compile(id:source:)`), compiled from its current text, so
    ///     an edited solution is scored by its current text; its complaints are those of the last rebuild.
    /// - Returns: one value per candidate (higher is better).
    /// - Complexity: O(candidates × (their terms' associations + query terms × log their complaint terms)); looks up
    ///   no string.
    func logLikelihoods(of query: CompiledQuery, candidates: [Source]) -> [Double] {
        let model = compiled
        let occurrences = query.repeats.reduce(0, +)
        var own = [Double](repeating: 0, count: query.terms.count)
        var translated = [Double](repeating: 0, count: query.terms.count)
        return candidates.map { candidate in
            for i in own.indices {
                own[i] = 0
                translated[i] = 0
            }
            // Its own words (title ×2 and steps), and what they translate to, counted into the query's places.
            for (t, count) in zip(candidate.terms, candidate.counts) {
                if let place = query.place(of: t) { own[place] += count }
                for (q, p) in model.translations[Int(t)] {
                    if let place = query.place(of: q) { translated[place] += p * count }
                }
            }
            let sourceTotal = candidate.total
            let mixedTotal = sourceTotal + Self.complaintWeight * candidate.complaintTotal
            var sum = 0.0
            for (i, q) in query.terms.enumerated() {
                let complaint = Self.value(of: q, in: candidate.complaintTerms, candidate.complaintCounts)
                let mixed = own[i] + Self.complaintWeight * complaint
                let maximumLikelihood = mixedTotal > 0 ? mixed / mixedTotal : 0
                let translation = sourceTotal > 0 ? translated[i] / sourceTotal : 0
                let p = (1 - Self.translationShare) * maximumLikelihood + Self.translationShare * translation
                sum += query.repeats[i] * log((1 - Self.smoothing) * p + Self.smoothing * model.collection[Int(q)])
            }
            return sum / occurrences
        }
    }

    /// The value paired with `term` in ascending `terms`, or 0.
    static func value(of term: Int32, in terms: [Int32], _ values: [Double]) -> Double {
        var low = 0
        var high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low < terms.count && terms[low] == term ? values[low] : 0
    }

    /// `logLikelihoods(of:candidates:)` for analysed terms: compiles the query and each candidate first.
    /// - Parameter candidates: per candidate, its document id and its title and steps as analysed terms.
    /// - Returns: one value per candidate (higher is better), or nil when nothing was learned or no term is known.
    func logLikelihoods(of query: [String], candidates: [(id: String, source: [String])]) -> [Double]? {
        guard let compiledQuery = compile(query: query) else { return nil }
        return logLikelihoods(of: compiledQuery, candidates: candidates.map { compile(id: $0.id, source: $0.source) })
    }
}
