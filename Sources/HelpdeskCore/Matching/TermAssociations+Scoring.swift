import Foundation

/// Scoring with the compiled model: suggestions re-rank their best hits on every request (and keystroke), so the
/// solutions' side is compiled once per solution text (`CompiledAssociations`) and only the query is looked up.
extension TermAssociations {
    /// A solution's language model over term numbers: for every term its title, steps, resolved complaints or their
    /// translations give a probability, that probability (the mixture `logLikelihoods` smooths with the collection).
    /// Compiled once per solution text (`compile(id:source:)`), so that re-ranking a candidate costs one binary search
    /// per query term and looks up no string.
    struct Source: Sendable {
        /// The terms with a probability, ascending.
        var terms: [Int32] = []
        /// `terms`' probabilities.
        var probabilities: [Double] = []
    }

    /// Compiles a solution's language model: a mixture of its own words (title ×2, steps, the complaints it had
    /// resolved when the model was learned ×0.7) and the translations of its title and steps.
    /// - Parameters:
    ///   - id: its document id, for the complaints it had resolved when the model was learned.
    ///   - source: its title and steps as analysed terms (`sourceTerms`), as they read now.
    /// - Complexity: O(its terms × their associations + its complaint terms), once per solution text.
    func compile(id: String, source: [String]) -> Source {
        let model = compiled
        var own: [Int32: Double] = [:]
        for term in source { if let n = model.numbers[term] { own[n, default: 0] += 1 } }
        var translated: [Int32: Double] = [:]
        for (t, count) in own.sorted(by: { $0.key < $1.key }) {
            for (q, p) in model.translations[Int(t)] { translated[q, default: 0] += p * count }
        }
        let complaints = model.complaints[id]
        let sourceTotal = Double(source.count)
        let mixedTotal = sourceTotal + Self.complaintWeight * (complaints?.total ?? 0)
        var terms = Set(own.keys).union(translated.keys)
        if let complaints { terms.formUnion(complaints.counts.keys) }
        var result = Source()
        result.terms.reserveCapacity(terms.count)
        result.probabilities.reserveCapacity(terms.count)
        for q in terms.sorted() {
            let mixed = (own[q] ?? 0) + Self.complaintWeight * (complaints?.counts[q] ?? 0)
            let maximumLikelihood = mixedTotal > 0 ? mixed / mixedTotal : 0
            let translation = sourceTotal > 0 ? (translated[q] ?? 0) / sourceTotal : 0
            result.terms.append(q)
            result.probabilities.append(
                (1 - Self.translationShare) * maximumLikelihood + Self.translationShare * translation)
        }
        return result
    }

    /// The query's known terms as numbers, each once with how often it occurs, for `logLikelihoods(of:candidates:)`.
    struct CompiledQuery: Sendable {
        /// The distinct known terms, in query order.
        var terms: [Int32] = []
        /// How often each occurs in the query.
        var repeats: [Double] = []
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
        return result.terms.isEmpty ? nil : result
    }

    /// The average log-likelihood of the query under each candidate's model (`Source`), smoothed with the collection.
    /// Terms the store has never seen are left out.
    /// - Parameters:
    ///   - query: the query's known terms (`compile(query:)`).
    ///   - candidates: each candidate's model (`compile(id:source:)`), compiled from its current text, so an edited
    ///     solution is scored by its current text; its complaints are those of the last rebuild.
    /// - Returns: one value per candidate (higher is better).
    /// - Complexity: O(candidates × query terms × log(a candidate's terms)); looks up no string.
    func logLikelihoods(of query: CompiledQuery, candidates: [Source]) -> [Double] {
        let model = compiled
        let occurrences = query.repeats.reduce(0, +)
        return candidates.map { candidate in
            var sum = 0.0
            for (i, q) in query.terms.enumerated() {
                let p = Self.value(of: q, in: candidate.terms, candidate.probabilities)
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
