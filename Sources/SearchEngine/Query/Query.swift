/// An analysed query: distinct terms in order of first appearance, each with its weight (how often it
/// occurs in the query text; 1 for prefix completions).
struct Query {
    /// One query term.
    struct Term {
        /// The term's bytes, as in the dictionary.
        var bytes: [UInt8]
        /// Query-side weight: the term's count in the query.
        var weight: Double
    }

    /// The terms, in query order (the order scores are summed in).
    var terms: [Term] = []
    /// Where the completions of a trailing partial word begin in `terms` (`terms.count` when there are none).
    var completionsStart = 0
    /// The words read as typing slips (`SearchRequest.typoCorrection`): each word's term and the term searched for it.
    var corrections: [(typo: [UInt8], term: [UInt8])] = []
}

/// Turns request text into a `Query`: analysis with the index's analyzer, plus the completions of a
/// trailing partial word when asked.
enum QueryParser {
    /// Analyses `request.text` (or takes `request.analyzed`) against the segments of `snapshot`.
    /// - Parameter corrections: where typo corrections are kept for these segments (`SearchRequest.typoCorrection`).
    static func parse(
        _ request: SearchRequest, analyzer: Analyzer, segments: [some SegmentPostings], corrections: CorrectionMemo? = nil
    ) -> Query {
        var query = Query()
        var position: [[UInt8]: Int] = [:]
        position.reserveCapacity(
            (request.analyzed.map { min($0.terms.count, SearchRequest.maximumTerms) } ?? 16)
                + max(0, min(request.maxExpansions, SearchRequest.maximumExpansions)))
        func add(_ term: [UInt8]) {
            if let p = position[term] {
                query.terms[p].weight += 1
            } else if query.terms.count < SearchRequest.maximumTerms {
                position[term] = query.terms.count
                query.terms.append(Query.Term(bytes: term, weight: 1))
            }
        }
        if let analyzed = request.analyzed {
            for term in analyzed.terms { add(Array(term.utf8)) }
        } else {
            analyzer.forEachTerm(in: request.text) { add(Array($0)) }
        }
        let trailing: [UInt8]?
        if !request.prefixLastTerm {
            trailing = nil
        } else if let analyzed = request.analyzed {
            trailing = analyzed.trailingPartialWord.map { Array($0.utf8) }
        } else {
            trailing = analyzer.trailingPartialWord(of: request.text)
        }
        if let known = request.typoCorrection {
            // The word being typed is not a typo yet: it is matched as a prefix below.
            var typed = trailing
            if typed != nil, !analyzer.term(for: &typed!, lettersOnly: typed!.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }) {
                typed = nil
            }
            if TypoCorrection.correct(
                &query, except: typed, known: known, analyzer: analyzer, segments: segments, memo: corrections)
            {
                position = Dictionary(uniqueKeysWithValues: query.terms.enumerated().map { ($1.bytes, $0) })
            }
        }
        query.completionsStart = query.terms.count
        guard request.prefixLastTerm, request.maxExpansions > 0 else { return query }
        if let partial = trailing, partial.count >= 2 {
            for completion in completions(of: partial, in: segments, limit: request.maxExpansions)
            where position[completion] == nil {
                position[completion] = query.terms.count
                query.terms.append(Query.Term(bytes: completion, weight: 1))
            }
        }
        return query
    }

    /// The `limit` most frequent terms starting with `prefix`, most frequent first.
    static func completions(of prefix: [UInt8], in segments: [some SegmentPostings], limit: Int) -> [[UInt8]] {
        var frequency: [[UInt8]: Int] = [:]
        prefix.withUnsafeBufferPointer { p in
            for segment in segments {
                let range = segment.directory.dictionary.prefixRange(p)
                // Very short prefixes can match much of the dictionary: look at the most frequent few
                // hundred per segment only.
                var candidates = Array(range)
                if candidates.count > 512 {
                    candidates.sort { segment.directory.termDocFreq[$0] > segment.directory.termDocFreq[$1] }
                    candidates.removeLast(candidates.count - 512)
                }
                for t in candidates {
                    frequency[Array(segment.directory.dictionary.term(t)), default: 0] += Int(segment.directory.termDocFreq[t])
                }
            }
        }
        return frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
            .prefix(limit).map(\.key)
    }
}
