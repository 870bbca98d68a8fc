import Embeddings
import Foundation
import SearchEngine

/// A stored solution found by a search, with its score.
public struct SolutionMatch: Sendable, Hashable {
    /// The solution as suggestions show it (row, and title and steps split for highlighting).
    public var suggested: SuggestedSolution
    /// Its relevance (higher is better): what orders the suggestions.
    public var score: Double
    /// How strongly it matches the text, from 0 to 1, comparable across texts: the words' search score over the
    /// highest score the text's words could give (`SearchIndex.scoreCeiling`), or, when meaning is matched, the
    /// better of that and its fusion with the similarity of meaning; before the verdict prior and the associations.
    /// What the relevance floor and the "strong / partial" labels read.
    public var strength: Double = 0

    /// How the match is described to people, on the scale of its text's length (`MatchGrade.Scale`).
    public var grade: MatchGrade = .weak

    /// The words' strength alone (0 when only meaning found it), before any fusion.
    public var wordsStrength: Double = 0
    /// The similarity of meaning, 0…1 (0 when meaning is not matched), before any fusion.
    public var similarity: Double = 0

    /// The solution's row.
    public var solution: Solution { suggested.solution }
}

/// Suggestions for a text, with the terms of the text (for highlighting them).
public struct Suggestions: Sendable {
    /// The solutions, best first.
    public var matches: [SolutionMatch]
    /// The terms of the whole text as the index's analyzer reads them, stock phrases included, then the terms searched
    /// for words read as typing slips (`refund` for `refud`), so that highlights show what was matched.
    public var terms: [String]
    /// Distinct terms searched for (stock phrases left out; a word being typed counts as one): what chooses the scale
    /// of the grades (`MatchGrade.Scale`).
    public var queryTerms = 0
}

/// A ticket found by a search, with its score.
public struct TicketMatch: Sendable, Hashable {
    /// The ticket.
    public var ticket: Ticket
    /// Its relevance (higher is better).
    public var score: Double
    /// How strongly it matches, from 0 to 1, comparable across texts: the words' search score over the text's score
    /// ceiling, fused with the similarity of meaning when it is matched (what `score` is then too).
    public var strength: Double = 0
}

extension HelpdeskIndex {
    /// The query for a complaint: its subject counts twice, because the subject names the problem while a
    /// description also carries greetings and circumstances (`care eval corpus`: solution P@1 0.683 → 0.710).
    public static func complaintQuery(subject: String, description: String) -> String {
        let subject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !subject.isEmpty else { return description }
        return subject + "\n" + subject + "\n" + description
    }

    /// Solutions matching `text` (a complaint, or words being typed), best first, as `viewer` may see them.
    ///
    /// The rows come from the solution catalog kept beside the indexes (`SolutionCatalog`), as current as the indexes:
    /// a suggestion reads nothing from the database.
    /// - Parameters:
    ///   - categoryId: only solutions of this category (a search restricted to one category).
    ///   - topicId: the topic the customer chose in the new-complaint form: that topic's solutions come first. A
    ///     customer may pick the wrong topic, so the best match of all keeps the last place when it is of another
    ///     topic, and other topics' matches fill the list when fewer than `k` of the topic match. Ignored when
    ///     `categoryId` is given.
    ///   - prefixLastTerm: also match the last word as a prefix (search-as-you-type).
    ///   - verdictPrior: weigh scores by the customers' verdicts (`verdictPrior(_:)`); off only for ablations.
    ///   - associations: re-rank the best hits with the term associations learned from the store
    ///     (`TermAssociations`), also while typing; off only for ablations.
    ///   - floor: the least `strength` a match needs to be suggested; by default the floor of the text's scale
    ///     (`MatchGrade.Scale`: short searches and whole complaints differ); 0 keeps every hit.
    ///   - meaningWeight: how much the similarity of meaning (the cosine of the text's and each solution's vectors)
    ///     weighs beside the words' strength; nil for `defaultMeaningWeight`, 0 for words alone. Ignored without an
    ///     embedding model (`embeddings`).
    ///   - fusion: how the words' strength and the similarity make the ranking score (`MeaningFusion`); the shipped
    ///     linear fusion unless measuring another.
    ///   - correctTypos: read a word no solution holds as the most frequent word one typing slip away
    ///     (`SearchRequest.typoCorrection`); off only for ablations.
    ///   - viewer: nil for anonymous visitors of the help centre.
    public func suggestSolutions(
        for text: String,
        categoryId: String? = nil,
        topicId: String? = nil,
        k: Int = 5,
        prefixLastTerm: Bool = false,
        verdictPrior: Bool = true,
        associations: Bool = true,
        floor: Double? = nil,
        meaningWeight: Double? = nil,
        fusion: MeaningFusion = .linear,
        correctTypos: Bool = HelpdeskIndex.correctsTypos,
        viewer: User?
    ) -> [SolutionMatch] {
        suggestions(
            for: text, categoryId: categoryId, topicId: topicId, k: k, prefixLastTerm: prefixLastTerm,
            verdictPrior: verdictPrior, associations: associations, floor: floor, meaningWeight: meaningWeight,
            fusion: fusion, correctTypos: correctTypos, viewer: viewer
        ).matches
    }

    /// `suggestSolutions`, with the terms of `text` for highlighting: the text is analysed once, for the search, the
    /// re-ranking and the highlights.
    public func suggestions(
        for text: String,
        categoryId: String? = nil,
        topicId: String? = nil,
        k: Int = 5,
        prefixLastTerm: Bool = false,
        verdictPrior: Bool = true,
        associations: Bool = true,
        floor: Double? = nil,
        meaningWeight: Double? = nil,
        fusion: MeaningFusion = .linear,
        correctTypos: Bool = HelpdeskIndex.correctsTypos,
        viewer: User?
    ) -> Suggestions {
        // Stock phrases say nothing about the problem. While a customer types, the word being typed stays as it is
        // (it may be partial) and is matched as a prefix; the words before it are stripped like a whole complaint.
        // Staff match every word of the resolved complaints; anonymous visitors and customers only the public ones.
        let staff = viewer?.role.isStaff == true
        let learned = solutionsAndLearned(forStaff: staff)
        let analyzed = learned.solutions.configuration.analyzer.analyzeWithOffsets(text)
        let kept = prefixLastTerm
            ? Self.keptWhileTyping(text, learned.boilerplate) : learned.boilerplate.keptWords(text)
        let query = AnalyzedQuery(
            terms: Self.terms(of: analyzed, within: kept), trailingPartialWord: analyzed.trailingPartialWord)
        // A partial last word is unknown to the associations and leaves the re-ranking alone.
        let rerank = associations && !learned.associations.model.isEmpty
        let compiledQuery = rerank ? learned.associations.model.compile(query: query.terms) : nil
        // Oversample, so that the verdict prior and the associations can lift the right solution from below the cut.
        let wanted = rerank ? max(k * Self.priorOversampling, Self.associationDepth) : k * Self.priorOversampling
        let queryTerms = Set(query.terms).count + (prefixLastTerm && query.trailingPartialWord != nil ? 1 : 0)
        // The text's meaning, when matched by it: stock phrases stripped like the words.
        let asked = meaningWeight.flatMap { $0.isNaN ? nil : $0 } ?? Self.defaultMeaningWeight
        let weight = embeddings == nil ? 0 : min(Self.maximumMeaningWeight, max(0, asked))
        let scale = MatchGrade.Scale(terms: queryTerms, meaning: weight > 0)
        let floor = floor ?? scale.floor
        let meaning = weight > 0 ? embeddings.map { PackedQuery($0.embed(Self.meaningText(text, kept: kept))) } : nil
        // The terms searched for the words read as typing slips (the same for every filter), highlighted too.
        var corrected: [String] = []
        func matches(filter: String?) -> [SolutionMatch] {
            // The ceiling comes with the search: the query's terms are looked up once for both.
            let (hits, ceiling, corrections) = learned.solutions.searchWithCorrections(
                {
                    var request = SearchRequest(analyzed: query, k: wanted, filter: filter, prefixLastTerm: prefixLastTerm)
                    request.typoCorrection = correctTypos ? knownWords?.adding(terms: learned.vocabulary) : nil
                    return request
                }()
            )
            corrected = corrections.map(\.term)
            // Candidates: the words' hits with their strength, then the solutions nearest in meaning.
            var candidates: [(id: Int64, strength: Double)] = []
            candidates.reserveCapacity(hits.count + (meaning == nil ? 0 : wanted))
            var seen = Set<Int64>(minimumCapacity: hits.count + wanted)
            for hit in hits {
                guard let id = Int64(hit.id), seen.insert(id).inserted else { continue }
                candidates.append((id, ceiling > 0 ? min(1, max(0, hit.score / ceiling)) : 0))
            }
            let wordsFound = candidates.count
            if let meaning {
                for near in learned.meaning.nearest(meaning, k: wanted, filter: filter) where seen.insert(near.id).inserted {
                    candidates.append((near.id, 0))
                }
            }
            func similarity(_ id: Int64) -> Double {
                meaning.flatMap { learned.meaning.similarity($0, id: id) }.map { max(0, $0) } ?? 0
            }
            // Ranks by meaning among the candidates, only for a fusion of ranks (measured, not shipped).
            var meaningRanks: [Int64: Int] = [:]
            if fusion.readsRanks {
                let order = candidates.map { (id: $0.id, similarity: similarity($0.id)) }.enumerated()
                    .sorted { $0.element.similarity != $1.element.similarity ? $0.element.similarity > $1.element.similarity : $0.offset < $1.offset }
                for (rank, entry) in order.enumerated() { meaningRanks[entry.element.id] = rank + 1 }
            }
            let found = candidates.enumerated().compactMap { offset, candidate -> SolutionMatch? in
                // The catalog holds the indexes' solutions: current and published ones only, for every viewer.
                guard let suggested = learned.catalog[candidate.id],
                    staff || (suggested.solution.isPublished && !suggested.solution.isSuperseded)
                else { return nil }
                let similarity = similarity(candidate.id)
                // Graded by the better of the linear fusion and the words alone, so that a text whose words a solution
                // holds exactly (a product code, an error number) is not called weaker for meaning little to the model.
                let linear = (candidate.strength + weight * similarity) / (1 + weight)
                let strength = max(linear, candidate.strength)
                // Below the floor a match is too weak to show, however it ranks among the others.
                guard strength >= floor else { return nil }
                let fused = fusion == .linear
                    ? linear
                    : fusion.score(
                        strength: candidate.strength, similarity: similarity, weight: weight,
                        wordsRank: offset < wordsFound ? offset + 1 : nil, meaningRank: meaningRanks[candidate.id] ?? candidates.count)
                let prior = verdictPrior ? Self.verdictPrior(suggested.solution) : 1
                return SolutionMatch(
                    suggested: suggested, score: fused * prior, strength: strength, grade: scale.grade(strength),
                    wordsStrength: candidate.strength, similarity: similarity)
            }
            let ranked = Self.ranked(found)
            guard rerank, let compiledQuery else { return ranked }
            return Self.reranked(ranked, query: compiledQuery, associations: learned.associations)
        }
        guard let topicId, categoryId == nil else {
            let found = Array(matches(filter: categoryId).prefix(k))
            return Suggestions(matches: found, terms: analyzed.terms.map(\.text) + corrected, queryTerms: queryTerms)
        }
        var chosen = Array(matches(filter: topicId).prefix(k))
        let everywhere = matches(filter: nil)
        let terms = analyzed.terms.map(\.text) + corrected
        // A customer may pick the wrong topic: the best answer of another topic keeps the last place.
        if let best = everywhere.first, best.solution.categoryId != topicId, k > 1, chosen.count == k {
            chosen[k - 1] = best
        }
        let shown = Set(chosen.map(\.solution.requiredID))
        chosen += everywhere.lazy.filter { !shown.contains($0.solution.requiredID) }.prefix(k - chosen.count)
        return Suggestions(matches: chosen, terms: terms, queryTerms: queryTerms)
    }

    /// The terms of `analyzed` whose tokens lie in the word ranges `kept` (ascending); all of them when `kept` is nil.
    static func terms(of analyzed: AnalyzedText, within kept: [Range<Int>]?) -> [String] {
        guard let kept else { return analyzed.terms.map(\.text) }
        var terms: [String] = []
        var word = 0
        for term in analyzed.terms {
            let start = term.utf8Range.lowerBound
            while word < kept.count && kept[word].upperBound <= start { word += 1 }
            if word < kept.count && kept[word].contains(start) { terms.append(term.text) }
        }
        return terms
    }

    /// The UTF-8 ranges of the words of `text` being typed that `strippedWhileTyping` keeps, in order; nil when it
    /// keeps every word.
    static func keptWhileTyping(_ text: String, _ boilerplate: Boilerplate) -> [Range<Int>]? {
        guard let last = text.unicodeScalars.last else { return nil }
        guard last.properties.isAlphabetic || last.properties.numericType != nil else {
            return boilerplate.keptWords(text)
        }
        let head = text[..<(text.lastIndex(where: \.isWhitespace).map { text.index(after: $0) } ?? text.startIndex)]
        guard !head.isEmpty, let kept = boilerplate.keptWords(String(head)) else { return nil }
        return kept + [head.utf8.count..<text.utf8.count]
    }

    /// `text` being typed with its stock phrases stripped from all but the word it ends inside (when it does), which
    /// stays as typed and last, so that the search still matches it as a prefix; a text that ends between words
    /// still does after stripping.
    static func strippedWhileTyping(_ text: String, _ boilerplate: Boilerplate) -> String {
        guard let last = text.unicodeScalars.last else { return text }
        guard last.properties.isAlphabetic || last.properties.numericType != nil else {
            return boilerplate.strip(text) + " "
        }
        let head = text[..<(text.lastIndex(where: \.isWhitespace).map { text.index(after: $0) } ?? text.startIndex)]
        guard !head.isEmpty else { return text }
        return boilerplate.strip(String(head)) + " " + text[head.endIndex...]
    }

    /// The text whose vector is matched: the words `kept` (stock phrases stripped), or all of `text` when nil.
    static func meaningText(_ text: String, kept: [Range<Int>]?) -> String {
        guard let kept else { return text }
        let bytes = Array(text.utf8)
        return kept.lazy.filter { $0.upperBound <= bytes.count }
            .map { String(decoding: bytes[$0], as: UTF8.self) }.joined(separator: " ")
    }

    /// How much the similarity of meaning weighs beside the words' strength by default (`care eval corpus
    /// --meaning-weight`, figures in Benchmarks/README.md).
    public static let defaultMeaningWeight = 1.0

    /// Whether suggestions read a word no solution holds as the most frequent word one typing slip away
    /// (`SearchRequest.typoCorrection`).
    public static let correctsTypos = true

    /// How much the similarity of meaning weighs beside the words for similar tickets (`care eval corpus
    /// --ticket-meaning-weight`: the similar ticket's solution is right).
    public static let defaultTicketMeaningWeight = 0.5

    /// The largest meaning weight accepted (a larger one is taken as this).
    public static let maximumMeaningWeight = 100.0

    /// `matches` by score, best first; ties keep their order.
    private static func ranked(_ matches: [SolutionMatch]) -> [SolutionMatch] {
        matches.enumerated()
            .sorted { $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset }
            .map(\.element)
    }

    /// The best `associationDepth` of `ranked` re-scored by how likely the complaint is under each one's language
    /// model with the learned translations (`TermAssociations`): each score is multiplied by
    /// exp(`associationWeight` × (its average log-likelihood − the best one's)), so the likeliest keeps its score
    /// and the others lose a little (`care eval corpus`, `--no-associations` for the ablation). Works on term numbers
    /// compiled beforehand (`CompiledAssociations`), so it looks up no candidate's string.
    private static func reranked(
        _ ranked: [SolutionMatch], query: TermAssociations.CompiledQuery, associations: CompiledAssociations
    ) -> [SolutionMatch] {
        let head = Array(ranked.prefix(associationDepth))
        let sources = head.map { associations.sources[$0.solution.requiredID] ?? TermAssociations.Source() }
        let likelihoods = associations.model.logLikelihoods(of: query, candidates: sources)
        guard let best = likelihoods.max(), best.isFinite else { return ranked }
        let rescored = zip(head, likelihoods).map { match, likelihood in
            var match = match
            match.score *= likelihood.isFinite ? exp(associationWeight * (likelihood - best)) : 0
            return match
        }
        return Self.ranked(rescored) + ranked.dropFirst(associationDepth)
    }

    /// How many of the best hits the term associations re-rank.
    static let associationDepth = 30

    /// How much the term associations weigh against the search engine's score (per nat of average log-likelihood).
    static let associationWeight = 0.3

    /// How many more hits than asked for are re-scored with the verdict prior.
    static let priorOversampling = 3

    /// The customers' verdicts as a prior on a solution's score: the smoothed share of "solved" among its verdicts
    /// (two of each imagined, so a new solution gets 1.0), mapped to 0.75…1.25. Text relevance still decides;
    /// the prior breaks near-ties in favour of what has worked, and a solution that keeps failing sinks.
    public static func verdictPrior(_ solution: Solution) -> Double {
        let solved = Double(max(solution.solvedCount, 0))
        let failed = Double(max(solution.notSolvedCount, 0))
        let share = (solved + 2) / (solved + failed + 4)
        return 0.75 + 0.5 * share
    }

    /// Tickets matching `text` that `viewer` may see (through the one visibility rule), best first.
    /// - Parameters:
    ///   - bucket: `"open"` or `"resolved"` (resolved or closed); nil for all.
    ///   - meaningWeight: how much the similarity of meaning weighs beside the words (as in `suggestions`); nil for
    ///     words alone, which is what a search box means (the queue's search). Similar tickets ask for the default.
    ///   - depth: how many matches to read before the visibility rule drops those `viewer` may not see; by default
    ///     `k` for admins and ten times `k` for others (bounded by `maximumTicketResults`).
    public func searchTickets(
        _ text: String,
        bucket: String? = nil,
        k: Int = 20,
        meaningWeight: Double? = nil,
        depth: Int? = nil,
        for viewer: User,
        in database: AppDatabase
    ) async throws -> [TicketMatch] {
        // Oversample: hits the viewer may not see are dropped after the search.
        let k = min(max(k, 0), Self.maximumTicketResults)
        let oversample = min(max(depth ?? (viewer.role == .admin ? k : k * 10), k), Self.maximumTicketResults)
        let (tickets, vectors) = ticketsAndVectors
        let (hits, ceiling) = tickets.searchWithCeiling(SearchRequest(text: text, k: oversample, filter: bucket))
        var strengths: [Int64: Double] = [:]
        var order: [Int64] = []
        for hit in hits {
            guard let id = Int64(hit.id), strengths[id] == nil else { continue }
            strengths[id] = ceiling > 0 ? min(1, max(0, hit.score / ceiling)) : 0
            order.append(id)
        }
        let weight = meaningWeight.map { $0.isNaN ? 0 : min(Self.maximumMeaningWeight, max(0, $0)) } ?? 0
        if weight > 0, let embeddings, vectors.count > 0 {
            // Candidates by meaning too, then every candidate scored by both.
            let meaning = PackedQuery(embeddings.embed(text))
            for near in vectors.nearest(meaning, k: oversample, bucket: bucket) where strengths[near.id] == nil {
                strengths[near.id] = 0
                order.append(near.id)
            }
            for id in order {
                let similarity = max(0, vectors.similarity(meaning, id: id) ?? 0)
                strengths[id] = ((strengths[id] ?? 0) + weight * similarity) / (1 + weight)
            }
            // A ticket near in nothing (no shared word, no positive cosine) is not similar.
            order = order.enumerated()
                .filter { (strengths[$0.element] ?? 0) > 0 }
                .sorted { (strengths[$0.element] ?? 0, -$0.offset) > (strengths[$1.element] ?? 0, -$1.offset) }
                .map(\.element)
        }
        let visible = try await database.tickets(ids: Array(order.prefix(oversample)), for: viewer)
        return visible.prefix(k).map { ticket in
            let strength = strengths[ticket.requiredID] ?? 0
            return TicketMatch(ticket: ticket, score: strength, strength: strength)
        }
    }

    /// The most tickets one search returns.
    public static let maximumTicketResults = 1_000
}
